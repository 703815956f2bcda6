// The staff order pages: who may use them, finding orders by number or email and by status a
// page at a time, and one order with everything and its history (who, when, why).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { h } from 'preact';
import { fixedClock } from '../../platform/clock.ts';
import { Browser, createStaff, signedInStaff } from '../../testing/admin.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { ORDERS_PER_PAGE } from './list.ts';
import { registerStaffOrderSection } from './sections.ts';
import { recordTestOrder } from './test-support.ts';
import { transitionOrder } from './transition.ts';

describe('orders: admin', () => {
  const clock = fixedClock('2026-11-23T15:00:00Z');
  let store: TestStore;
  let agent: Browser;
  let agentId: string;

  before(async () => {
    store = await createTestStore({ clock });
    ({ browser: agent, id: agentId } = await signedInStaff(store, 'agent'));
  });
  after(() => store.close());

  const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/\s+/g, ' ');
  const numbersIn = (html: string) => [...html.matchAll(/href="\/admin\/orders\/(DS-[A-Z0-9-]+)"/g)].map((m) => m[1]!);

  describe('who may use the staff order pages', () => {
    it('sends visitors to the staff sign-in, refuses customers and API callers without a session', async () => {
      const order = await recordTestOrder(store);
      for (const path of ['/admin/orders', `/admin/orders/${order.number}`]) {
        const visitor = await new Browser(store).get(path);
        assert.equal(visitor.statusCode, 303, path);
        assert.match(visitor.headers.location as string, /^\/staff\/sign-in\?next=/);
        const api = await new Browser(store).request({ method: 'GET', url: path, headers: { accept: 'application/json' } });
        assert.equal(api.statusCode, 401, path);

        const shopper = new Browser(store);
        await shopper.get('/account/sign-up');
        await shopper.post('/account/sign-up', { email: `shopper-${randomUUID().slice(0, 8)}@example.com`, name: 'Shopper', password: 'correct horse battery staple' });
        assert.equal((await shopper.get(path)).statusCode, 403, path);
      }
    });

    it('opens for every staff role', async () => {
      const order = await recordTestOrder(store);
      for (const role of ['agent', 'lead', 'admin'] as const) {
        const staff = new Browser(store);
        await staff.signIn(await createStaff(store, role));
        assert.equal((await staff.get('/admin/orders')).statusCode, 200, role);
        assert.equal((await staff.get(`/admin/orders/${order.number}`)).statusCode, 200, role);
      }
      assert.match((await agent.get('/admin')).body, /href="\/admin\/orders"/, 'the admin navigation lists Orders');
    });
  });

  describe('the order list', () => {
    it('finds an order by its number however typed, or by the start of an email address', async () => {
      const mine = await recordTestOrder(store, { email: `grace.${randomUUID().slice(0, 6)}@example.org` });
      const other = await recordTestOrder(store);
      const byNumber = await agent.get(`/admin/orders?q=${encodeURIComponent(mine.number.toLowerCase().replace(/-/g, ''))}`);
      assert.equal(byNumber.statusCode, 200);
      assert.deepEqual(numbersIn(byNumber.body), [mine.number]);
      assert.match(text(byNumber.body), /1 order\./);

      const byEmail = await agent.get(`/admin/orders?q=${encodeURIComponent(mine.email.slice(0, 12).toUpperCase())}`);
      assert.deepEqual(numbersIn(byEmail.body), [mine.number]);
      assert.ok(!numbersIn(byEmail.body).includes(other.number));

      const wildcard = await agent.get('/admin/orders?q=%25');
      assert.deepEqual(numbersIn(wildcard.body), [], 'a % is a letter, not a wildcard');
      assert.match(text(wildcard.body), /No order matches/);
    });

    it('filters by status and shows newest first, a page at a time', async () => {
      const held: string[] = [];
      for (let i = 0; i < ORDERS_PER_PAGE + 2; i++) {
        clock.advance(60_000);
        const order = await recordTestOrder(store);
        await store.platform.database.transaction((tx) => transitionOrder(store.platform, tx, order.id, 'on_hold', { kind: 'agent', id: agentId, reason: 'Checking' }));
        held.unshift(order.number);
      }
      const first = await agent.get('/admin/orders?status=on_hold');
      assert.deepEqual(numbersIn(first.body), held.slice(0, ORDERS_PER_PAGE));
      assert.match(text(first.body), new RegExp(`${ORDERS_PER_PAGE + 2} orders, page 1 of 2`));
      assert.match(first.body, /href="\/admin\/orders\?status=on_hold&amp;page=2" rel="next"/);
      const second = await agent.get('/admin/orders?status=on_hold&page=2');
      assert.deepEqual(numbersIn(second.body), held.slice(ORDERS_PER_PAGE));
      assert.equal((await agent.get('/admin/orders?status=lost')).statusCode, 400, 'an unknown status is refused');
    });
  });

  describe('one order', () => {
    it('shows everything, the customer’s link and the history with who, when and why', async () => {
      clock.set('2026-11-23T15:00:00Z');
      const order = await recordTestOrder(store, { actor: { kind: 'customer' } });
      clock.advance(30 * 60 * 1000);
      await store.platform.database.transaction((tx) => transitionOrder(store.platform, tx, order.id, 'validated', { kind: 'system', reason: 'Payment authorised' }));
      await store.platform.database.transaction((tx) => transitionOrder(store.platform, tx, order.id, 'on_hold', { kind: 'agent', id: agentId, reason: 'Customer asked to change the address' }));
      const page = await agent.get(`/admin/orders/${order.number}`);
      assert.equal(page.statusCode, 200);
      const body = text(page.body);
      assert.match(body, new RegExp(`Order ${order.number} On hold`));
      assert.match(body, /returns to Payment confirmed when released/);
      assert.match(body, /Payment Waiting for payment/);
      assert.match(body, /Ada Buyer · ada\.buyer@example\.com/);
      assert.match(body, /SKU TEA-POT-BLUE · tax \$4\.00 at 8\.00%/);
      assert.match(body, /Total \$72\.95/);
      assert.match(page.body, new RegExp(`value="http://store.test/orders/${order.number}\\?t=`));
      assert.match(body, /Nov 23, 2026, 10:00 AM Recorded Customer —/);
      assert.match(body, /Nov 23, 2026, 10:30 AM Recorded → Payment confirmed The store Payment authorised/);
      assert.match(body, /Nov 23, 2026, 10:30 AM Payment confirmed → On hold Agent Test agent Customer asked to change the address/);
    });

    it('shows the sections other modules add for staff', async () => {
      const order = await recordTestOrder(store);
      registerStaffOrderSection(store.platform, async ({ order: shown, viewer }) => h('section', { id: 'payments' }, `Payments of ${shown.number} for ${viewer.kind}`));
      const page = await agent.get(`/admin/orders/${order.number}`);
      assert.match(text(page.body), new RegExp(`Payments of ${order.number} for staff`));
    });

    it('answers 404 for a number that names no order', async () => {
      assert.equal((await agent.get('/admin/orders/DS-3333-3333')).statusCode, 404);
      assert.equal((await agent.get('/admin/orders/nonsense')).statusCode, 404);
    });
  });
});
