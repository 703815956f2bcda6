// Recording an order inside the checkout's transaction: everything is stored as handed over,
// order.placed reaches the outbox, one cart makes one order (even twice in one transaction or
// from two at once), and an order whose figures do not add up is refused.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../platform/clock.ts';
import { rows } from '../../platform/db/database.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { InvalidOrder, type NewOrderLine } from './new-order.ts';
import { orderByCart, orderById, orderByNumber, orderHistory, unpaidOrdersPastDeadline } from './read.ts';
import { recordOrder } from './record.ts';
import { newOrderInput, newOrderLine, recordTestOrder } from './test-support.ts';

describe('orders: record', () => {
  const clock = fixedClock('2026-11-23T15:00:00Z');
  let store: TestStore;

  before(async () => {
    store = await createTestStore({ clock });
  });
  after(() => store.close());

  const ordersOfCart = async (cartId: string) => (await rows<{ n: number }>(store.platform.database.db, sql`select count(*)::int as n from orders where cart_id = ${cartId}`))[0]!.n;

  describe('recording an order', () => {
    it('stores the lines, totals, address and method as handed over, as placed and awaiting payment', async () => {
      const input = newOrderInput({ customerId: randomUUID() });
      const order = await recordTestOrder(store, input);
      assert.match(order.number, /^DS-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      assert.equal(order.status, 'placed');
      assert.equal(order.paymentStatus, 'pending');
      assert.equal(order.email, 'ada.buyer@example.com', 'the email is normalised');
      assert.equal(order.customerId, input.customerId);
      assert.equal(order.placedAt.toISOString(), '2026-11-23T15:00:00.000Z');

      const stored = await orderById(store.platform.database.db, order.id);
      assert.deepEqual(stored, order, 'what was returned is what was stored');
      assert.deepEqual(
        { subtotal: stored!.subtotal, shipping: stored!.shippingTotal, tax: stored!.taxTotal, total: stored!.total, currency: stored!.currency, inclusive: stored!.pricesIncludeTax },
        { subtotal: 6200, shipping: 599, tax: 496, total: 7295, currency: 'USD', inclusive: false },
      );
      assert.deepEqual(stored!.shippingAddress, input.shippingAddress);
      assert.deepEqual(stored!.shippingMethod, input.shippingMethod);
      assert.equal(stored!.paymentDeadline.toISOString(), '2026-11-24T15:00:00.000Z');
      assert.deepEqual(
        stored!.lines.map((l) => [l.position, l.sku, l.productTitle, l.variantTitle, l.quantity, l.unitPrice, l.lineTotal, l.tax, l.taxRateBp]),
        [
          [1, 'TEA-POT-BLUE', 'Teapot', 'Blue', 2, 2500, 5000, 400, 800],
          [2, 'MUG-1', 'Mug', null, 1, 1200, 1200, 96, 800],
        ],
      );
      assert.deepEqual(stored!.lines[0]!.promise, input.lines[0]!.promise);
      const richer = newOrderInput({ lines: [{ ...newOrderLine(), cartLineId: randomUUID(), promise: { ...newOrderLine().promise, orderable: true } } as NewOrderLine], subtotal: 5000, taxTotal: 400, total: 5999 });
      const kept = await recordTestOrder(store, richer);
      assert.deepEqual(Object.keys(kept.lines[0]!.promise).sort(), ['earliest', 'label', 'latest', 'shipsOn', 'state'], 'only the known fields are stored');
      assert.deepEqual(await orderByNumber(store.platform.database.db, order.number.toLowerCase().replace(/-/g, ' ')), order);
      assert.deepEqual(await orderByCart(store.platform.database.db, input.cartId!), order);
    });

    it('announces order.placed through the outbox with ids only, and starts the history', async () => {
      const order = await recordTestOrder(store, { actor: { kind: 'agent', id: randomUUID() } });
      const events = await store.platform.events.history(store.platform.database.db, 'order.placed', 1000);
      const mine = events.filter((e) => e.payload.orderId === order.id);
      assert.equal(mine.length, 1);
      assert.deepEqual(mine[0]!.payload, { orderId: order.id, number: order.number, from: null });
      assert.doesNotMatch(JSON.stringify(mine[0]), /example\.com|Main Street|Ada/, 'no personal data in the event');
      const history = await orderHistory(store.platform.database.db, order.id);
      assert.deepEqual(
        history.map((h) => [h.seq, h.from, h.to, h.actorKind]),
        [[1, null, 'placed', 'agent']],
      );
    });

    it('returns the cart’s first order to a second submit in the same transaction, which still commits', async () => {
      const { platform } = store;
      const input = newOrderInput();
      const [first, second, after] = await platform.database.transaction(async (tx) => {
        const a = await recordOrder(platform, tx, input);
        const b = await recordOrder(platform, tx, { ...input, email: 'someone.else@example.com' });
        // On PostgreSQL a failed statement would have aborted the transaction: this would throw.
        const c = await rows<{ one: number }>(tx, sql`select 1 as one`);
        return [a, b, c];
      });
      assert.equal(first.created, true);
      assert.equal(second.created, false);
      assert.equal(second.order.id, first.order.id);
      assert.equal(second.order.email, 'ada.buyer@example.com', 'the first order, untouched');
      assert.deepEqual(after, [{ one: 1 }]);
      assert.equal(await ordersOfCart(input.cartId!), 1);
      const events = await platform.events.history(platform.database.db, 'order.placed', 1000);
      assert.equal(events.filter((e) => e.payload.orderId === first.order.id).length, 1, 'one event for one order');
    });

    it('makes one order when the same cart is submitted twice at once', async () => {
      const { platform } = store;
      const input = newOrderInput();
      const results = await Promise.all([1, 2].map(() => platform.database.transaction((tx) => recordOrder(platform, tx, input))));
      assert.deepEqual(results.map((r) => r.created).sort(), [false, true]);
      assert.equal(results[0]!.order.id, results[1]!.order.id);
      assert.equal(await ordersOfCart(input.cartId!), 1);
    });

    it('draws another number when the first is taken, without disturbing the transaction', async () => {
      const { platform } = store;
      const taken = await recordTestOrder(store);
      const draws = [taken.number, 'DS-3333-4444'];
      const { order, created } = await platform.database.transaction((tx) => recordOrder(platform, tx, newOrderInput(), () => draws.shift()!));
      assert.equal(created, true);
      assert.equal(order.number, 'DS-3333-4444');
    });

    it('gives up loudly rather than loop when no number is free', async () => {
      const { platform } = store;
      const taken = await recordTestOrder(store);
      const input = newOrderInput();
      await assert.rejects(
        platform.database.transaction((tx) => recordOrder(platform, tx, input, () => taken.number)),
        /No free order number/,
      );
      assert.equal(await ordersOfCart(input.cartId!), 0);
    });

    it('records an order without a cart (taken by phone) and another from the same person', async () => {
      const a = await recordTestOrder(store, { cartId: null });
      const b = await recordTestOrder(store, { cartId: null });
      assert.notEqual(a.id, b.id);
      assert.equal(a.cartId, null);
    });

    it('refuses an order whose figures do not add up or whose fields are missing, and stores nothing', async () => {
      const cases: [string, Parameters<typeof newOrderInput>[0], RegExp][] = [
        ['subtotal', { subtotal: 1 }, /subtotal is 1 but the lines add up to 6200/],
        ['total', { total: 100 }, /total is 100/],
        ['tax', { taxTotal: 0, total: 6799 }, /taxTotal is 0, less than the lines' tax of 496/],
        ['no lines', { lines: [], subtotal: 0, taxTotal: 0, total: 599 }, /lines must hold at least one line/],
        ['quantity', { lines: [newOrderLine({ quantity: 0, lineTotal: 0 })], subtotal: 0, taxTotal: 0, total: 599 }, /lines\.0\.quantity/],
        ['fraction of a cent', { lines: [newOrderLine({ unitPrice: 10.5, lineTotal: 21 })], subtotal: 21, taxTotal: 2, total: 622 }, /lines\.0\.unitPrice must be a whole/],
        ['email', { email: 'not an email' }, /email/],
        ['address', { shippingAddress: { name: ' ', line1: '', city: 'X', postalCode: '1', country: 'USA' } }, /shippingAddress\.name is required.*shippingAddress\.line1 is required.*shippingAddress\.country/],
        ['currency', { currency: 'usd' }, /currency/],
        ['promise date', { lines: [newOrderLine({ promise: { state: 'in_stock', label: 'In stock', earliest: 'Monday', latest: null } })], subtotal: 5000, taxTotal: 400, total: 5999 }, /lines\.0\.promise\.earliest must be a date/],
      ];
      for (const [name, overrides, message] of cases) {
        const input = newOrderInput(overrides);
        await assert.rejects(
          store.platform.database.transaction((tx) => recordOrder(store.platform, tx, input)),
          (error: unknown) => error instanceof InvalidOrder && error.status === 422 && message.test(error.detail ?? ''),
          name,
        );
        assert.equal(await ordersOfCart(input.cartId!), 0, name);
      }
    });

    it('accepts prices that include tax, where the total is subtotal plus shipping', async () => {
      const input = newOrderInput({ pricesIncludeTax: true });
      const order = await recordTestOrder(store, { ...input, total: input.subtotal + input.shippingTotal });
      assert.equal(order.total, 6799);
      assert.equal(order.pricesIncludeTax, true);
    });

    it('finds unpaid orders past their deadline, most overdue first, and no others', async () => {
      const db = store.platform.database.db;
      const early = await recordTestOrder(store, { paymentDeadline: new Date('2020-01-01T00:00:00Z') });
      const later = await recordTestOrder(store, { paymentDeadline: new Date('2020-01-02T00:00:00Z') });
      await recordTestOrder(store, { paymentDeadline: new Date('2999-01-01T00:00:00Z') });
      const found = await unpaidOrdersPastDeadline(db, new Date('2021-01-01T00:00:00Z'), 10);
      assert.deepEqual(
        found.map((o) => o.id),
        [early.id, later.id],
      );
      assert.equal(found[0]!.lines.length, 2);
      assert.deepEqual(
        (await unpaidOrdersPastDeadline(db, new Date('2021-01-01T00:00:00Z'), 1)).map((o) => o.id),
        [early.id],
      );
    });

    it('answers null for numbers, ids and carts that name nothing', async () => {
      const db = store.platform.database.db;
      assert.equal(await orderByNumber(db, 'DS-3333-3333'), null);
      assert.equal(await orderByNumber(db, 'nonsense'), null);
      assert.equal(await orderById(db, 'not-a-uuid'), null);
      assert.equal(await orderById(db, randomUUID()), null);
      assert.equal(await orderByCart(db, randomUUID()), null);
    });
  });
});
