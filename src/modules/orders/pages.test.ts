// The customer's order pages as a shopper meets them: looking an order up by number and
// email (the same answer for a wrong email and an unknown number, and a limit on attempts),
// the order status page by signed link, as its owner or as staff (404 for anyone else or a
// tampered link), what the page says in each status, sections other modules add, and a
// signed-in customer's list of orders.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { h } from 'preact';
import { fixedClock } from '../../platform/clock.ts';
import { Browser, createStaff } from '../../testing/admin.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { findOrCreateCustomerByEmail } from '../customers/index.ts';
import { orderPageUrl } from './links.ts';
import type { Order } from './read.ts';
import { registerOrderPageSection } from './sections.ts';
import type { OrderStatus } from './states.ts';
import { newOrderLine, recordTestOrder } from './test-support.ts';
import { setPaymentStatus, transitionOrder, type TransitionBy } from './transition.ts';

describe('orders: pages', () => {
  // Monday 23 November 2026, 10:00 in New York (the store's default time zone).
  const clock = fixedClock('2026-11-23T15:00:00Z');
  let store: TestStore;

  before(async () => {
    store = await createTestStore({ clock });
  });
  after(() => store.close());

  const text = (html: string) =>
    html
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#x27;|&#39;/g, "'")
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' ');

  /** The path and query of an absolute link to this store. */
  const pathOf = (url: string) => {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  };

  async function move(order: Order, ...steps: OrderStatus[]): Promise<void> {
    const by: TransitionBy = { kind: 'merchant', id: randomUUID(), reason: 'Address to be confirmed' };
    for (const to of steps) await store.platform.database.transaction((tx) => transitionOrder(store.platform, tx, order.id, to, by));
  }

  async function customer(email: string): Promise<{ browser: Browser; id: string }> {
    const browser = new Browser(store);
    await browser.get('/account/sign-up');
    const response = await browser.post('/account/sign-up', { email, name: 'Ada Buyer', password: 'correct horse battery staple' });
    assert.equal(response.statusCode, 303);
    const { id } = await findOrCreateCustomerByEmail(store.platform.database.db, email);
    return { browser, id };
  }

  describe('finding an order by number and email', () => {
    it('opens the order page for the right email, however the number is typed', async () => {
      const order = await recordTestOrder(store);
      const browser = new Browser(store);
      const form = await browser.get('/orders/lookup');
      assert.equal(form.statusCode, 200);
      assert.match(text(form.body), /Find your order/);
      const typed = order.number.toLowerCase().replace(/-/g, ' ');
      const found = await browser.post('/orders/lookup', { number: typed, email: '  ADA.buyer@example.com ' });
      assert.equal(found.statusCode, 303);
      const location = found.headers.location as string;
      assert.match(location, new RegExp(`^/orders/${order.number}\\?t=`));
      const page = await browser.get(location);
      assert.equal(page.statusCode, 200);
      assert.match(text(page.body), new RegExp(`Order number ${order.number}`));
    });

    it('answers a wrong email and an unknown number identically', async () => {
      const order = await recordTestOrder(store);
      const browser = new Browser(store);
      await browser.get('/orders/lookup');
      const unknownNumber = order.number.endsWith('3') ? `${order.number.slice(0, -1)}4` : `${order.number.slice(0, -1)}3`;
      const wrongEmail = await browser.post('/orders/lookup', { number: order.number, email: 'someone.else@example.com' });
      const unknown = await browser.post('/orders/lookup', { number: unknownNumber, email: 'someone.else@example.com' });
      assert.equal(wrongEmail.statusCode, 404);
      assert.equal(unknown.statusCode, 404);
      assert.match(text(wrongEmail.body), /We could not find an order with that number and email address/);
      // The only difference is the number typed, written back into the form.
      assert.equal(wrongEmail.body.replaceAll(order.number, 'N'), unknown.body.replaceAll(unknownNumber, 'N'));
      assert.equal(wrongEmail.headers.location, undefined);
    });

    it('explains what is wrong with the form before looking anything up', async () => {
      const browser = new Browser(store);
      await browser.get('/orders/lookup');
      const empty = await browser.post('/orders/lookup', { number: '', email: '' });
      assert.equal(empty.statusCode, 400);
      assert.match(text(empty.body), /Enter your order number\..*Enter your email address\./);
      const malformed = await browser.post('/orders/lookup', { number: 'DS-0000-0000', email: 'ada@example.com' });
      assert.equal(malformed.statusCode, 400);
      assert.match(text(malformed.body), /Order numbers look like DS-7K4Q-9P3M/);
      assert.match(malformed.body, /value="ada@example.com"/, 'what was typed is kept');
    });

    it('limits attempts per address', async () => {
      const browser = new Browser(store);
      await browser.get('/orders/lookup');
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await browser.post('/orders/lookup', { number: 'DS-3333-4444', email: `guess${i}@example.com` })).statusCode);
      assert.deepEqual(statuses.slice(0, 10), Array(10).fill(404));
      assert.equal(statuses[10], 429);
      const other = new Browser(store);
      await other.get('/orders/lookup');
      assert.equal((await other.post('/orders/lookup', { number: 'DS-3333-4444', email: 'ada@example.com' })).statusCode, 404, 'another address is not limited');
    });
  });

  describe('who may see an order page', () => {
    it('opens with the order’s signed link, and not with a tampered, foreign or expired one', async () => {
      const order = await recordTestOrder(store);
      const other = await recordTestOrder(store);
      const link = pathOf(orderPageUrl(store.platform, order));
      assert.ok(orderPageUrl(store.platform, order).startsWith('http://store.test/orders/'));
      const browser = new Browser(store);
      const opened = await browser.get(link);
      assert.equal(opened.statusCode, 200);
      assert.equal(opened.headers['referrer-policy'], 'no-referrer');
      assert.match(opened.headers['cache-control'] as string, /private/);

      const token = new URL(link, 'http://x').searchParams.get('t')!;
      const tampered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
      const foreign = new URL(pathOf(orderPageUrl(store.platform, other)), 'http://x').searchParams.get('t')!;
      for (const [name, url] of [
        ['no link', `/orders/${order.number}`],
        ['tampered', `/orders/${order.number}?t=${encodeURIComponent(tampered)}`],
        ['another order’s link', `/orders/${order.number}?t=${encodeURIComponent(foreign)}`],
        ['garbage', `/orders/${order.number}?t=nonsense`],
      ]) {
        const refused = await browser.get(url!);
        assert.equal(refused.statusCode, 404, name);
        assert.doesNotMatch(refused.body, /Teapot|Main Street/, `${name}: nothing of the order shows`);
        assert.match(text(refused.body), /We could not open that order/, name);
      }
      clock.advance(401 * 24 * 60 * 60 * 1000);
      try {
        assert.equal((await browser.get(link)).statusCode, 404, 'expired');
      } finally {
        clock.set('2026-11-23T15:00:00Z');
      }
    });

    it('answers an unknown number exactly as a known one without access', async () => {
      const order = await recordTestOrder(store);
      const unknown = order.number.endsWith('3') ? `${order.number.slice(0, -1)}4` : `${order.number.slice(0, -1)}3`;
      const browser = new Browser(store);
      const known = await browser.get(`/orders/${order.number}`);
      const missing = await browser.get(`/orders/${unknown}`);
      assert.equal(known.statusCode, 404);
      assert.equal(missing.statusCode, 404);
      assert.equal(known.body.replaceAll(order.number, 'N'), missing.body.replaceAll(unknown, 'N'));
      const json = await browser.request({ method: 'GET', url: `/orders/${order.number}`, headers: { accept: 'application/json' } });
      assert.equal(json.statusCode, 404);
      assert.equal(json.json().type, '/problems/not-found');
    });

    it('opens for its signed-in owner without a link, and for staff; not for another customer', async () => {
      const owner = await customer(`owner-${randomUUID().slice(0, 8)}@example.com`);
      const order = await recordTestOrder(store, { customerId: owner.id });
      assert.equal((await owner.browser.get(`/orders/${order.number}`)).statusCode, 200);

      const stranger = await customer(`stranger-${randomUUID().slice(0, 8)}@example.com`);
      assert.equal((await stranger.browser.get(`/orders/${order.number}`)).statusCode, 404);

      const agent = new Browser(store);
      await agent.signIn(await createStaff(store, 'agent'));
      assert.equal((await agent.get(`/orders/${order.number.toLowerCase()}`)).statusCode, 200);
    });
  });

  describe('the order status page', () => {
    it('shows the number, the steps with the current one, payment, lines with their promises, address, method and totals', async () => {
      const order = await recordTestOrder(store, {
        lines: [newOrderLine({ productTitle: 'Kettle', variantTitle: 'Copper', quantity: 1, unitPrice: 4000, promise: { state: 'backorder', label: 'Backordered — ships around Wed, Jan 13, arrives Mon, Jan 18 – Wed, Jan 20', earliest: '2027-01-18', latest: '2027-01-20' } })],
        subtotal: 4000,
        taxTotal: 320,
        total: 4919,
      });
      const page = await new Browser(store).get(pathOf(orderPageUrl(store.platform, order)));
      const body = text(page.body);
      assert.match(page.body, new RegExp(`<h1 class="order-number">${order.number}</h1>`));
      assert.match(body, /Now: Recorded/);
      assert.match(page.body, /<li class="order-step order-step--current" aria-current="step">.*?Recorded/);
      assert.equal((page.body.match(/aria-current="step"/g) ?? []).length, 1);
      assert.match(body, /Payment confirmed .*In preparation .*Prepared .*Shipped .*Delivered/);
      assert.match(body, /Payment: not received yet/, 'the payment said once, not “Payment: Payment …”');
      assert.doesNotMatch(body, /Arrives/, 'no date before the order is paid');
      assert.match(body, /Your items are kept for you until Nov 24, 2026, 10:00 AM/);
      assert.match(body, /Kettle — Copper .*1 × \$40\.00 .*Backordered — ships around Wed, Jan 13, arrives Mon, Jan 18 – Wed, Jan 20 .*\$40\.00/);
      assert.match(body, /Ada Buyer 1 Main Street Springfield, IL 62701 United States/, 'no comma between the state and the ZIP code');
      assert.match(body, /Standard/);
      assert.match(body, /Subtotal \$40\.00 Shipping \(Standard\) \$5\.99 Tax \$3\.20 Total \$49\.19/);
      assert.match(page.body, /noindex/);
    });

    it('follows the order: the reached steps are done, with their times; on hold and cancelled say so', async () => {
      const order = await recordTestOrder(store);
      const link = pathOf(orderPageUrl(store.platform, order));
      const browser = new Browser(store);
      clock.advance(60 * 60 * 1000);
      await move(order, 'validated', 'in_preparation');
      let page = await browser.get(link);
      assert.match(page.body, /order-step--done.*?Recorded.*?\(done\).*?Nov 23, 2026, 10:00 AM/);
      assert.match(page.body, /order-step--current" aria-current="step">.*?In preparation.*?Nov 23, 2026, 11:00 AM/);
      assert.match(text(page.body), /We are picking and packing your items/);

      await move(order, 'on_hold');
      page = await browser.get(link);
      assert.match(text(page.body), /Your order is on hold/);
      assert.doesNotMatch(text(page.body), /Address to be confirmed/, 'the hold reason is for staff');
      assert.match(page.body, /order-step--done"><span class="order-step__name">In preparation.*?aria-current="step"><span class="order-step__name">On hold/, 'the hold is the current entry, after the step it was held at');
      assert.match(text(page.body), /On hold \(current step\) Nov 23, 2026, 11:00 AM Prepared \(to come\) Shipped \(to come\)/, 'the steps still to come follow');

      await move(order, 'cancelled');
      page = await browser.get(link);
      assert.match(text(page.body), /This order is cancelled Cancelled on Nov 23, 2026, 11:00 AM: Address to be confirmed/);
      assert.match(text(page.body), /You were not charged/);
      assert.doesNotMatch(page.body, /aria-current="step"/);
    });

    it('says where the payment stands, and that a paid order that is cancelled is refunded', async () => {
      const order = await recordTestOrder(store);
      const link = pathOf(orderPageUrl(store.platform, order));
      await store.platform.database.transaction((tx) => setPaymentStatus(tx, order.id, 'captured'));
      await move(order, 'validated');
      let page = text((await new Browser(store).get(link)).body);
      assert.match(page, /Payment: received/);
      assert.match(page, /Now: Payment confirmed Arrives Monday, November 30 – Wednesday, December 2/, 'the lines’ promise, in words, under where the order stands');
      assert.match(page, /Your payment is confirmed/);
      await move(order, 'cancelled');
      page = text((await new Browser(store).get(link)).body);
      assert.match(page, /Any money taken for this order goes back to the way you paid/);
    });

    it('shows the sections other modules add, and still shows the order when one fails', async () => {
      const order = await recordTestOrder(store);
      const seen: string[] = [];
      registerOrderPageSection(store.platform, async ({ order: shown, viewer, csrfToken }) => {
        seen.push(viewer.kind);
        return shown.id === order.id ? h('section', { id: 'pay-now' }, `Pay ${shown.number} now`, h('input', { type: 'hidden', name: '_csrf', value: csrfToken })) : null;
      });
      registerOrderPageSection(store.platform, async () => {
        throw new Error('the gateway is down');
      });
      const page = await new Browser(store).get(pathOf(orderPageUrl(store.platform, order)));
      assert.equal(page.statusCode, 200);
      assert.match(text(page.body), new RegExp(`Pay ${order.number} now`));
      assert.match(page.body, /id="pay-now"><!-- -->Pay|id="pay-now">Pay/);
      assert.deepEqual(seen, ['link']);
    });
  });

  describe('a customer’s orders', () => {
    it('lists the signed-in customer’s orders, newest first, each linking to its page', async () => {
      const me = await customer(`list-${randomUUID().slice(0, 8)}@example.com`);
      const older = await recordTestOrder(store, { customerId: me.id });
      clock.advance(60_000);
      const newer = await recordTestOrder(store, { customerId: me.id });
      const someoneElse = await recordTestOrder(store, { customerId: randomUUID() });
      const page = await me.browser.get('/account/orders');
      assert.equal(page.statusCode, 200);
      const body = text(page.body);
      assert.ok(body.indexOf(newer.number) < body.indexOf(older.number), 'newest first');
      assert.ok(body.includes(older.number));
      assert.ok(!body.includes(someoneElse.number));
      assert.match(page.body, new RegExp(`href="/orders/${newer.number}"`));
      assert.match(body, /3 items .*Recorded .*\$72\.95/);
    });

    it('sends visitors to sign in, and refuses staff', async () => {
      const anonymous = await new Browser(store).get('/account/orders');
      assert.equal(anonymous.statusCode, 303);
      assert.match(anonymous.headers.location as string, /^\/account\/sign-in\?next=%2Faccount%2Forders/);
      const agent = new Browser(store);
      await agent.signIn(await createStaff(store, 'agent'));
      assert.equal((await agent.get('/account/orders')).statusCode, 403);
    });
  });
});
