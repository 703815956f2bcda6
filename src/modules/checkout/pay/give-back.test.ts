// The money of an order staff cancel goes back once: a captured payment refunded of all that is
// left, an authorised one voided, an intent still waiting for payment voided so it cannot be paid;
// run twice (or at once with the job) it makes one call at the gateway simulator. An order the
// payment deadline cancelled was voided by that job already and gets nothing more.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../../platform/clock.ts';
import { rows } from '../../../platform/db/database.ts';
import { orderingStore, placeTestOrder, sellable } from '../../../testing/orders.ts';
import type { TestStore } from '../../../testing/store.ts';
import { orderById, transitionOrder, type Order } from '../../orders/index.ts';
import { capturePayment, paymentOf, paymentsGateway, payWithTestMethod, readCharges } from '../../payments/index.ts';
import { PAYMENT_WINDOW_HOURS } from '../place/place-order.ts';
import { cancelUnpaidOrders } from './deadline.ts';
import { GIVE_BACK_HANDLER, giveBackCancelled } from './give-back.ts';

describe('checkout: pay: give-back', () => {
  const clock = fixedClock('2026-11-23T15:00:00Z');
  let store: TestStore;
  let teapot: string;

  before(async () => {
    // The worker runs: the order.cancelled handler queues the job, which the worker runs.
    store = await orderingStore(clock, { worker: true });
    teapot = await sellable(store, 4000, 100, 'Teapot');
  });
  after(() => store.close());

  const db = () => store.platform.database.db;
  const chargesOf = async (order: Order) => (await readCharges(paymentsGateway(store.platform).simulator!)).filter((c) => c.orderId === order.id);
  const keysOf = async (order: Order, operation: 'cancel' | 'refund') => (await chargesOf(order)).flatMap((c) => c.idempotencyKeys).filter((key) => key.includes(`:${operation}:`));

  const cancel = (order: Order, reason = 'Customer changed their mind') =>
    store.platform.database.transaction((tx) => transitionOrder(store.platform, tx, order.id, 'cancelled', { kind: 'merchant', id: crypto.randomUUID(), reason }));

  async function waitForPayment(order: Order, status: string) {
    for (let i = 0; i < 100; i++) {
      if ((await paymentOf(db(), order.id))?.status === status) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail(`the payment of ${order.number} did not become ${status} within 10 s (it is ${(await paymentOf(db(), order.id))?.status})`);
  }

  /** Whether the order.cancelled handler has run for the order's cancellation. */
  async function handled(order: Order): Promise<boolean> {
    const found = await rows<{ n: number }>(
      db(),
      sql`select count(*)::int as n from handled_events h join domain_events e on e.id = h.event_id where h.handler = ${GIVE_BACK_HANDLER} and e.type = 'order.cancelled' and e.payload->>'orderId' = ${order.id}`,
    );
    return found[0]!.n === 1;
  }

  describe('giving the money back after a cancellation', () => {
    it('refunds a captured payment in full, once, however often it runs', async () => {
      const { order } = await placeTestOrder(store, [[teapot, 2]]);
      const captured = await capturePayment(store.platform, order.id);
      assert.equal(captured.status, 'captured');
      await cancel(order);
      // The job from the event, and two more runs at once (a retry racing it): one refund.
      const runs = await Promise.all([giveBackCancelled(store.platform, order.id), giveBackCancelled(store.platform, order.id)]);
      assert.ok(runs.every((run) => run === 'refunded' || run === 'nothing'), String(runs));
      await waitForPayment(order, 'refunded');
      assert.equal(await giveBackCancelled(store.platform, order.id), 'nothing', 'run again: nothing left to give back');
      const [charge] = await chargesOf(order);
      assert.equal(charge!.amountRefunded, captured.capturedAmount);
      assert.equal((await keysOf(order, 'refund')).length, 1, 'one refund at the gateway');
      assert.equal((await paymentOf(db(), order.id))!.refundedAmount, captured.capturedAmount);
    });

    it('voids an authorised payment once: the hold on the card is released, nothing taken', async () => {
      const { order } = await placeTestOrder(store, [[teapot, 1]]);
      assert.equal((await paymentOf(db(), order.id))!.status, 'authorized');
      // Held first, then cancelled: the event says it came from on hold; the payment decides.
      await store.platform.database.transaction((tx) => transitionOrder(store.platform, tx, order.id, 'on_hold', { kind: 'merchant', id: crypto.randomUUID(), reason: 'Fraud check' }));
      await cancel(order, 'Failed the fraud check');
      await waitForPayment(order, 'voided');
      assert.equal(await giveBackCancelled(store.platform, order.id), 'nothing');
      assert.equal(await giveBackCancelled(store.platform, order.id), 'nothing');
      const [charge] = await chargesOf(order);
      assert.equal(charge!.released, true);
      assert.equal(charge!.amountCaptured, 0);
      assert.equal((await keysOf(order, 'cancel')).length, 1, 'one void at the gateway');
    });

    it('voids the intent of an unpaid order staff cancel, so it can no longer be paid', async () => {
      const { order } = await placeTestOrder(store, [[teapot, 1]], { pay: false });
      await cancel(order, 'Duplicate order');
      await waitForPayment(order, 'voided');
      await assert.rejects(payWithTestMethod(store.platform, order.id, 'pm_card_visa'));
      assert.equal((await chargesOf(order)).length, 0, 'never charged');
    });

    it('gives nothing more for an order its payment deadline cancelled (voided by that job already)', async () => {
      const { order } = await placeTestOrder(store, [[teapot, 1]], { pay: false });
      clock.advance((PAYMENT_WINDOW_HOURS + 1) * 3_600_000);
      await cancelUnpaidOrders(store.platform);
      assert.equal((await orderById(db(), order.id))!.status, 'cancelled');
      assert.equal((await paymentOf(db(), order.id))!.status, 'voided');
      for (let i = 0; i < 100 && !(await handled(order)); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(await handled(order), true, 'the handler saw the cancellation');
      assert.equal(await giveBackCancelled(store.platform, order.id), 'nothing');
      const voids = await rows<{ n: number }>(db(), sql`select count(*)::int as n from payment_transitions where order_id = ${order.id} and to_status = 'voided'`);
      assert.equal(voids[0]!.n, 1, 'only the deadline job’s void');
    });

    it('leaves an order that is not cancelled alone', async () => {
      const { order } = await placeTestOrder(store, [[teapot, 1]]);
      assert.equal(await giveBackCancelled(store.platform, order.id), 'nothing');
      assert.equal((await paymentOf(db(), order.id))!.status, 'authorized');
    });
  });
});
