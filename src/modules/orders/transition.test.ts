// The order state machine: every allowed move works, is recorded with who, when and why, and
// announces exactly one event; illegal moves are errors that change nothing; two moves at once
// queue on the order instead of both passing. Several orders, each through several steps, move
// in one statement with the same checks.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../platform/clock.ts';
import { rows } from '../../platform/db/database.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { orderById, orderHistory, type Order } from './read.ts';
import { ORDER_STATUSES, ORDER_TRANSITIONS, canTransition, type OrderStatus } from './states.ts';
import { recordTestOrder } from './test-support.ts';
import { IllegalTransition, lockOrder, setPaymentStatus, transitionOrder, transitionOrders, type TransitionBy } from './transition.ts';

describe('orders: transition', () => {
  const clock = fixedClock('2026-11-23T15:00:00Z');
  let store: TestStore;

  before(async () => {
    store = await createTestStore({ clock });
  });
  after(() => store.close());

  const system: TransitionBy = { kind: 'system', reason: 'test' };

  function move(orderId: string, to: OrderStatus, by: TransitionBy = system): Promise<Order> {
    const { platform } = store;
    return platform.database.transaction((tx) => transitionOrder(platform, tx, orderId, to, by));
  }

  /** The way forward from placed to each status. */
  const ROUTE: Record<OrderStatus, OrderStatus[]> = {
    placed: [],
    validated: ['validated'],
    in_preparation: ['validated', 'in_preparation'],
    prepared: ['validated', 'in_preparation', 'prepared'],
    partially_shipped: ['validated', 'in_preparation', 'prepared', 'partially_shipped'],
    shipped: ['validated', 'in_preparation', 'prepared', 'shipped'],
    out_for_delivery: ['validated', 'in_preparation', 'prepared', 'shipped', 'out_for_delivery'],
    delivered: ['validated', 'in_preparation', 'prepared', 'shipped', 'delivered'],
    on_hold: ['on_hold'],
    cancelled: ['cancelled'],
    return_requested: ['validated', 'in_preparation', 'prepared', 'shipped', 'delivered', 'return_requested'],
    return_received: ['validated', 'in_preparation', 'prepared', 'shipped', 'delivered', 'return_requested', 'return_received'],
    partially_refunded: ['validated', 'in_preparation', 'prepared', 'shipped', 'delivered', 'partially_refunded'],
    refunded: ['validated', 'in_preparation', 'prepared', 'shipped', 'delivered', 'refunded'],
  };

  async function orderAt(status: OrderStatus, heldFrom: OrderStatus = 'placed'): Promise<Order> {
    const order = await recordTestOrder(store);
    const route = status === 'on_hold' ? [...ROUTE[heldFrom], 'on_hold' as const] : ROUTE[status];
    let current = order;
    for (const step of route) current = await move(order.id, step);
    assert.equal(current.status, status);
    return current;
  }

  async function eventsOf(orderId: string): Promise<{ type: string; from: string | null }[]> {
    return rows<{ type: string; from: string | null }>(
      store.platform.database.db,
      sql`select type, payload->>'from' as "from" from domain_events where payload->>'orderId' = ${orderId} order by type`,
    );
  }

  describe('the order state machine', () => {
    it('allows every listed move, records it with who, when and why, and announces it once', async () => {
      for (const from of ORDER_STATUSES) {
        for (const to of ORDER_TRANSITIONS[from]) {
          const label = `${from} → ${to}`;
          const order = await orderAt(from, from === 'on_hold' && to !== 'cancelled' ? to : 'placed');
          const before = await eventsOf(order.id);
          clock.advance(60_000);
          const staffId = randomUUID();
          const moved = await move(order.id, to, { kind: 'merchant', id: staffId, reason: `because ${label}` });
          assert.equal(moved.status, to, label);
          assert.equal(moved.updatedAt.getTime(), clock.now().getTime(), label);
          assert.equal(moved.lines.length, 2, label);
          const last = (await orderHistory(store.platform.database.db, order.id)).at(-1)!;
          assert.deepEqual({ ...last, seq: undefined }, { seq: undefined, from, to, at: clock.now(), actorKind: 'merchant', actorId: staffId, reason: `because ${label}` }, label);
          const added = (await eventsOf(order.id)).length - before.length;
          assert.equal(added, 1, `${label}: exactly one event`);
          const announced = (await eventsOf(order.id)).filter((e) => e.type === `order.${to}` && e.from === from);
          assert.equal(announced.length, 1, `${label}: order.${to} from ${from}`);
        }
      }
    });

    it('refuses moves the table does not list, changes nothing and announces nothing', async () => {
      const cases: [OrderStatus, OrderStatus][] = [
        ['placed', 'placed'],
        ['placed', 'shipped'],
        ['placed', 'delivered'],
        ['validated', 'placed'],
        ['in_preparation', 'validated'],
        ['shipped', 'cancelled'],
        ['shipped', 'on_hold'],
        ['partially_shipped', 'cancelled'],
        ['partially_shipped', 'on_hold'],
        ['out_for_delivery', 'shipped'],
        ['out_for_delivery', 'cancelled'],
        ['refunded', 'delivered'],
        ['return_received', 'delivered'],
        ['delivered', 'shipped'],
        ['delivered', 'cancelled'],
        ['cancelled', 'placed'],
        ['cancelled', 'validated'],
        ['on_hold', 'on_hold'],
      ];
      for (const [from, to] of cases) {
        assert.equal(canTransition(from, to), false);
        const order = await orderAt(from);
        const history = await orderHistory(store.platform.database.db, order.id);
        const events = await eventsOf(order.id);
        await assert.rejects(
          move(order.id, to, { kind: 'agent', id: randomUUID(), reason: 'trying' }),
          (error: unknown) => error instanceof IllegalTransition && error.from === from && error.to === to && error.status === 409,
          `${from} → ${to}`,
        );
        assert.equal((await orderById(store.platform.database.db, order.id))!.status, from);
        assert.deepEqual(await orderHistory(store.platform.database.db, order.id), history);
        assert.deepEqual(await eventsOf(order.id), events);
      }
    });

    it('releases an order from hold only to the status it was held from (or cancels it)', async () => {
      const held = await orderAt('on_hold', 'in_preparation');
      assert.equal(held.heldFrom, 'in_preparation');
      await assert.rejects(move(held.id, 'validated'), /goes back there/);
      await assert.rejects(move(held.id, 'placed'), IllegalTransition);
      const released = await move(held.id, 'in_preparation');
      assert.equal(released.heldFrom, null);
      assert.deepEqual(
        (await orderHistory(store.platform.database.db, held.id)).map((h) => `${h.from ?? '∅'}→${h.to}`),
        ['∅→placed', 'placed→validated', 'validated→in_preparation', 'in_preparation→on_hold', 'on_hold→in_preparation'],
      );
    });

    it('wants a reason to hold or cancel, and shows the cancellation reason on the order', async () => {
      const order = await orderAt('validated');
      for (const to of ['on_hold', 'cancelled'] as const) {
        await assert.rejects(move(order.id, to, { kind: 'agent', id: randomUUID() }), (error: unknown) => error instanceof Error && 'type' in error && error.type === 'reason-required');
        await assert.rejects(move(order.id, to, { kind: 'agent', id: randomUUID(), reason: '   ' }), /Say why/);
      }
      assert.equal((await orderById(store.platform.database.db, order.id))!.status, 'validated');
      const cancelled = await move(order.id, 'cancelled', { kind: 'system', reason: 'Not paid by the deadline' });
      assert.equal(cancelled.cancelledReason, 'Not paid by the deadline');
    });

    it('lets only one of two simultaneous moves through; the other sees the first', async () => {
      const order = await recordTestOrder(store);
      const results = await Promise.allSettled([move(order.id, 'validated'), move(order.id, 'validated')]);
      assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      assert.ok(refused.reason instanceof IllegalTransition);
      assert.equal((refused.reason as IllegalTransition).from, 'validated');
      assert.equal((await eventsOf(order.id)).filter((e) => e.type === 'order.validated').length, 1);
      assert.equal((await orderHistory(store.platform.database.db, order.id)).length, 2);
    });

    it('answers a typed 404 for an order that does not exist', async () => {
      await assert.rejects(move(randomUUID(), 'validated'), (error: unknown) => error instanceof Error && 'type' in error && error.type === 'order-not-found');
      await assert.rejects(move('nope', 'validated'), /could not find that order/);
    });

    it('moves several orders, each through several steps, in one go: every step recorded in turn and announced once', async () => {
      const { platform } = store;
      const [a, b, c] = [await orderAt('validated'), await orderAt('prepared'), await orderAt('in_preparation')];
      const before = { a: await eventsOf(a.id), b: await eventsOf(b.id) };
      clock.advance(60_000);
      const moved = await platform.database.transaction(async (tx) =>
        transitionOrders(platform, tx, [
          { order: (await lockOrder(tx, a.id))!, steps: ['in_preparation', 'prepared', 'shipped'], by: { kind: 'merchant', id: 'staff-1', reason: 'packed and handed over' } },
          { order: (await lockOrder(tx, b.id))!, steps: ['on_hold'], by: { kind: 'agent', id: 'agent-1', reason: 'address check' } },
        ]),
      );
      assert.deepEqual(moved.map((o) => [o.id, o.status, o.heldFrom, o.lines.length]), [[a.id, 'shipped', null, 2], [b.id, 'on_hold', 'prepared', 2]]);
      assert.deepEqual(
        (await orderHistory(platform.database.db, a.id)).map((h) => [h.seq, `${h.from ?? '∅'}→${h.to}`, h.actorId, h.reason]),
        [[1, '∅→placed', null, ''], [2, 'placed→validated', null, 'test'], [3, 'validated→in_preparation', 'staff-1', 'packed and handed over'], [4, 'in_preparation→prepared', 'staff-1', 'packed and handed over'], [5, 'prepared→shipped', 'staff-1', 'packed and handed over']],
      );
      assert.deepEqual((await orderHistory(platform.database.db, b.id)).at(-1), { seq: 5, from: 'prepared', to: 'on_hold', at: clock.now(), actorKind: 'agent', actorId: 'agent-1', reason: 'address check' });
      assert.equal((await eventsOf(a.id)).length - before.a.length, 3);
      assert.equal((await eventsOf(b.id)).length - before.b.length, 1);
      assert.equal((await orderById(platform.database.db, b.id))!.heldFrom, 'prepared');

      // One refused step refuses the whole call: the other orders do not move either.
      const cHistory = await orderHistory(platform.database.db, c.id);
      await assert.rejects(
        platform.database.transaction(async (tx) =>
          transitionOrders(platform, tx, [
            { order: (await lockOrder(tx, c.id))!, steps: ['prepared'], by: system },
            { order: (await lockOrder(tx, a.id))!, steps: ['delivered', 'cancelled'], by: { kind: 'agent', id: 'agent-1', reason: 'no' } },
          ]),
        ),
        (error: unknown) => error instanceof IllegalTransition && error.from === 'delivered' && error.to === 'cancelled',
      );
      assert.deepEqual(await orderHistory(platform.database.db, c.id), cHistory);
      assert.equal((await orderById(platform.database.db, a.id))!.status, 'shipped');
    });

    it('keeps the payment status copy current without moving the order or announcing anything', async () => {
      const { platform } = store;
      const order = await recordTestOrder(store);
      const events = await eventsOf(order.id);
      await platform.database.transaction((tx) => setPaymentStatus(tx, order.id, 'authorized'));
      const after = (await orderById(platform.database.db, order.id))!;
      assert.equal(after.paymentStatus, 'authorized');
      assert.equal(after.status, 'placed');
      assert.deepEqual(await eventsOf(order.id), events);
      await assert.rejects(platform.database.transaction((tx) => setPaymentStatus(tx, order.id, 'Paid!')), RangeError);
      await assert.rejects(platform.database.transaction((tx) => setPaymentStatus(tx, randomUUID(), 'captured')), /could not find that order/);
    });

    it('records the payment status that moves an order in the same write, and leaves the others’ as they are', async () => {
      const { platform } = store;
      const [paid, other] = [await recordTestOrder(store), await recordTestOrder(store)];
      const moved = await platform.database.transaction(async (tx) =>
        transitionOrders(platform, tx, [
          { order: (await lockOrder(tx, paid.id))!, steps: ['validated'], by: { kind: 'system', reason: 'Payment authorised' }, paymentStatus: 'authorized' },
          { order: (await lockOrder(tx, other.id))!, steps: ['validated'], by: system },
        ]),
      );
      assert.deepEqual(moved.map((o) => [o.status, o.paymentStatus]), [['validated', 'authorized'], ['validated', other.paymentStatus]]);
      assert.equal((await orderById(platform.database.db, paid.id))!.paymentStatus, 'authorized');
      await assert.rejects(
        platform.database.transaction(async (tx) => transitionOrders(platform, tx, [{ order: (await lockOrder(tx, other.id))!, steps: ['in_preparation'], by: system, paymentStatus: 'Paid!' }])),
        RangeError,
      );
      assert.equal((await orderById(platform.database.db, other.id))!.status, 'validated');
    });
  });
});
