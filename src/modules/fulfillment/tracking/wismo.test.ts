// The where-is-my-order report: customers' order page views and tracking clicks per store day
// against the tickets tagged where-is-my-order, with views per ticket; staff views kept apart;
// days outside the last 30 left out; staff with orders.view only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../../platform/clock.ts';
import { Browser, createStaff } from '../../../testing/admin.ts';
import { orderingStore, placeTestOrder, sellable } from '../../../testing/orders.ts';
import type { TestStore } from '../../../testing/store.ts';
import { recordOrderView } from '../../orders/index.ts';
import { openTicket, WHERE_IS_MY_ORDER_TAG } from '../../support/index.ts';
import { viewsPerTicket } from './WismoPage.tsx';

describe('fulfillment: tracking: wismo', () => {
  const clock = fixedClock('2026-11-22T15:00:00Z');
  let store: TestStore;
  let agent: Browser;

  before(async () => {
    store = await orderingStore(clock);
    agent = new Browser(store);
    await agent.signIn(await createStaff(store, 'agent'));
  });
  after(() => store.close());

  const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/\s+/g, ' ');

  async function ticket(tags: string[]) {
    await store.platform.database.transaction((tx) =>
      openTicket(store.platform, tx, { channel: 'order_page', email: 'ada@example.com', subject: 'Where is it?', body: 'It has not come.', tags, actor: { kind: 'customer' } }),
    );
  }

  describe('the where-is-my-order report', () => {
    it('counts customer views, tracking clicks and WISMO tickets per store day, with views per ticket', async () => {
      const teapot = await sellable(store, 4000, 10, 'Teapot');
      const { order, orderPath, shopper } = await placeTestOrder(store, [[teapot, 1]]);

      // Long ago: outside the 30 days.
      clock.set('2026-10-01T15:00:00Z');
      recordOrderView(store.platform, order.id, 'page_view', { kind: 'link' });
      await ticket([WHERE_IS_MY_ORDER_TAG]);

      // Sunday 22 November, 22:00 in New York (already the 23rd in UTC): 3 views, 1 click, 1 WISMO ticket.
      clock.set('2026-11-23T03:00:00Z');
      for (let i = 0; i < 3; i++) assert.equal((await shopper.page(orderPath)).statusCode, 200);
      recordOrderView(store.platform, order.id, 'tracking_click', { kind: 'link' });
      await ticket(['Where is my order']);
      await ticket(['damaged']);

      // Monday 23 November: 4 views (one by the signed-in owner's kind), 2 tickets; staff looked twice.
      clock.set('2026-11-23T16:00:00Z');
      for (let i = 0; i < 3; i++) await shopper.page(orderPath);
      recordOrderView(store.platform, order.id, 'page_view', { kind: 'customer', customerId: crypto.randomUUID() });
      await ticket([WHERE_IS_MY_ORDER_TAG]);
      await ticket([WHERE_IS_MY_ORDER_TAG, 'urgent']);
      assert.equal((await agent.get(`/orders/${order.number}`)).statusCode, 200);
      recordOrderView(store.platform, order.id, 'tracking_click', { kind: 'staff', staffId: crypto.randomUUID(), role: 'agent' });
      assert.equal((await agent.get(`/orders/${order.number}`)).statusCode, 200);

      clock.set('2026-11-24T15:00:00Z');
      const page = await agent.get('/admin/orders/wismo');
      assert.equal(page.statusCode, 200);
      const body = text(page.body);
      assert.match(body, /Customer order-page views, last 30 days 7 Tracking links followed 1 Where-is-my-order tickets 3 Views per ticket 2\.3/);
      assert.match(body, /Day Customer views Tracking clicks WISMO tickets Views per ticket Staff views Tue, Nov 24 0 0 0 — 0 Mon, Nov 23 4 0 2 2 2 Sun, Nov 22 3 1 1 3 0 Sat, Nov 21 0 0 0 — 0/);
      assert.equal((page.body.match(/<tr><th scope="row">/g) ?? []).length, 30, 'thirty days, today included');
      assert.match(body, /Tue, Oct 27 0 0 0 — 0 Mon, Oct 26 0 0 0 — 0 $/, 'the oldest day is 29 days ago');
      assert.doesNotMatch(body, /Oct 1\b/);
    });

    it('divides views by tickets only when there are tickets', () => {
      assert.equal(viewsPerTicket(7, 3), 2.3);
      assert.equal(viewsPerTicket(5, 0), null);
      assert.equal(viewsPerTicket(0, 4), 0);
    });

    it('is for staff who may view orders, and is in their navigation', async () => {
      const anonymous = await new Browser(store).get('/admin/orders/wismo');
      assert.equal(anonymous.statusCode, 303);
      assert.match(anonymous.headers.location as string, /^\/staff\/sign-in/);
      const shopper = new Browser(store);
      await shopper.get('/account/sign-up');
      await shopper.post('/account/sign-up', { email: `shopper-${crypto.randomUUID().slice(0, 8)}@example.com`, name: 'Shopper', password: 'correct horse battery staple' });
      assert.equal((await shopper.get('/admin/orders/wismo')).statusCode, 403);
      assert.match((await agent.get('/admin')).body, /href="\/admin\/orders\/wismo"/);
    });
  });
});
