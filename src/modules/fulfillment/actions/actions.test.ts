// Staff order actions through the staff order page, as a lead, an agent and a stranger would use
// them: hold and release; cancel (stock back, parcels still packed taken apart, the payment voided
// once, refused with the return path once a parcel has left); a return requested and received,
// then refunds in part and in full with the amounts at the gateway simulator; refused amounts,
// illegal moves and forms sent twice changing nothing; who may do what.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser, createStaff } from '../../../testing/admin.ts';
import { stockFigures } from '../../../testing/inventory.ts';
import { orderingStore, placeTestOrder, sellable } from '../../../testing/orders.ts';
import type { TestStore } from '../../../testing/store.ts';
import { fixedClock } from '../../../platform/clock.ts';
import { allocatedLines } from '../../inventory/index.ts';
import { orderById, orderHistory, type Order, type OrderStatus } from '../../orders/index.ts';
import { capturePayment, paymentOf, paymentsGateway, payWithTestMethod, readCharges } from '../../payments/index.ts';
import { generateTrackingNumber } from '../carriers/numbers/index.ts';
import { packShipment } from '../shipments/pack.ts';
import { moveShipment } from '../shipments/progress.ts';
import { shipmentsOfOrder } from '../shipments/read.ts';
import { RETURN_PATH } from './cancel.ts';
import { refundsOf } from './refund.ts';

describe('fulfillment: actions', () => {
  const clock = fixedClock('2026-11-23T15:00:00Z');
  let store: TestStore;
  let teapot: string;
  let mug: string;
  let lead: Browser;
  let agent: Browser;

  before(async () => {
    // The worker runs: the money of a cancelled order goes back from the outbox.
    store = await orderingStore(clock, { worker: true });
    teapot = await sellable(store, 4000, 50, 'Teapot');
    mug = await sellable(store, 1200, 50, 'Mug');
    lead = new Browser(store);
    await lead.signIn(await createStaff(store, 'lead'));
    agent = new Browser(store);
    await agent.signIn(await createStaff(store, 'agent'));
  });
  after(() => store.close());

  const db = () => store.platform.database.db;
  const page = (order: Order) => `/admin/orders/${order.number}`;
  const action = (order: Order, name: string) => `/admin/orders/${order.number}/actions/${name}`;
  const statusOf = async (order: Order) => (await orderById(db(), order.id))!.status;
  const chargeOf = async (order: Order) => (await readCharges(paymentsGateway(store.platform).simulator!)).find((c) => c.orderId === order.id)!;
  const keysOf = async (order: Order, operation: string) => (await chargeOf(order)).idempotencyKeys.filter((key) => key.includes(`:${operation}:`));
  const system = { kind: 'system' as const };
  /** The page's words without markup. */
  const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');

  /** Opens the order page (for its CSRF token) and posts an action's form as the page draws it. */
  async function act(browser: Browser, order: Order, name: string, fields: Record<string, string>, from?: OrderStatus) {
    await browser.get(page(order));
    return browser.post(action(order, name), { from: from ?? (await statusOf(order)), ...fields });
  }

  async function pack(order: Order, variantId: string, quantity: number) {
    const [line] = await allocatedLines(db(), order.number);
    return store.platform.database.transaction((tx) =>
      packShipment(
        store.platform,
        tx,
        { orderId: order.id, locationId: line!.locationId, lines: [{ orderLineId: order.lines.find((l) => l.variantId === variantId)!.id, quantity }], carrier: 'ups', service: 'Ground', trackingNumber: generateTrackingNumber('ups') },
        system,
      ),
    );
  }

  const move = (shipmentId: string, to: 'shipped' | 'delivered') => store.platform.database.transaction((tx) => moveShipment(store.platform, tx, shipmentId, to, system));

  async function waitForPayment(order: Order, status: string) {
    for (let i = 0; i < 100; i++) {
      if ((await paymentOf(db(), order.id))?.status === status) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail(`the payment of ${order.number} did not become ${status} within 10 s (it is ${(await paymentOf(db(), order.id))?.status})`);
  }

  /** A paid order, captured, whose one parcel has been delivered. */
  async function deliveredOrder(quantity = 1): Promise<Order> {
    const { order } = await placeTestOrder(store, [[mug, quantity]]);
    await capturePayment(store.platform, order.id);
    const parcel = await pack(order, mug, quantity);
    await move(parcel.id, 'delivered');
    assert.equal(await statusOf(order), 'delivered');
    return (await orderById(db(), order.id))!;
  }

  describe('hold and release', () => {
    it('holds an order with a reason and releases it back to where it was', async () => {
      const { order } = await placeTestOrder(store, [[teapot, 1]]);
      const shown = text((await lead.get(page(order))).body);
      assert.match(shown, /Order actions/);
      assert.match(shown, /Put on hold/);
      assert.match(shown, /Cancel the order/);
      assert.doesNotMatch(shown, /Release: back to/);
      assert.doesNotMatch(shown, /Record a return request/, 'only what the status allows');

      const noReason = await act(lead, order, 'hold', { reason: '  ' });
      assert.equal(noReason.statusCode, 400);
      assert.match(text(noReason.body), /Say why the order is held/);
      assert.equal(await statusOf(order), 'validated', 'nothing changed');

      const held = await act(lead, order, 'hold', { reason: 'Customer asked to change the address' });
      assert.equal(held.statusCode, 303);
      assert.equal(held.headers.location, `${page(order)}#order-actions-title`);
      assert.equal(await statusOf(order), 'on_hold');
      const onHold = text((await lead.get(page(order))).body);
      assert.match(onHold, /The order is on hold: nothing is picked or packed until it is released/, 'the notice after the redirect');
      assert.match(onHold, /Release: back to Payment confirmed/);
      assert.doesNotMatch(onHold, /Put on hold/);

      const again = await lead.post(action(order, 'hold'), { from: 'validated', reason: 'Customer asked to change the address' });
      assert.equal(again.statusCode, 409, 'the same form sent twice');
      assert.match(text(again.body), /is now On hold/);

      const released = await act(lead, order, 'release', { reason: 'Address corrected' });
      assert.equal(released.statusCode, 303);
      assert.equal(await statusOf(order), 'validated');
      assert.match(text((await lead.get(page(order))).body), /Released: the order is payment confirmed again/);
      const history = await orderHistory(db(), order.id);
      assert.deepEqual(
        history.slice(-2).map((t) => [t.from, t.to, t.actorKind, t.reason]),
        [
          ['validated', 'on_hold', 'merchant', 'Customer asked to change the address'],
          ['on_hold', 'validated', 'merchant', 'Address corrected'],
        ],
      );
    });

    it('confirms an order paid while it was on hold when it is released', async () => {
      const { order } = await placeTestOrder(store, [[teapot, 1]], { pay: false });
      assert.equal((await act(lead, order, 'hold', { reason: 'Checking the address' })).statusCode, 303);
      await payWithTestMethod(store.platform, order.id, 'pm_card_visa');
      assert.equal(await statusOf(order), 'on_hold', 'the payment does not release it');
      assert.equal((await act(lead, order, 'release', { reason: 'Address fine' })).statusCode, 303);
      assert.equal(await statusOf(order), 'validated');
      assert.deepEqual((await allocatedLines(db(), order.number)).map((l) => l.quantity), [1], 'its stock is sold to it');
      assert.deepEqual(
        (await orderHistory(db(), order.id)).slice(-2).map((t) => [t.to, t.actorKind]),
        [
          ['placed', 'merchant'],
          ['validated', 'system'],
        ],
      );
    });

    it('refuses to release an order that is not on hold', async () => {
      const { order } = await placeTestOrder(store, [[teapot, 1]]);
      const refused = await act(lead, order, 'release', {});
      assert.equal(refused.statusCode, 409);
      assert.equal(await statusOf(order), 'validated');
    });
  });

  describe('cancelling', () => {
    it('cancels in one go: packed parcels taken apart, the stock back on sale, the payment voided once', async () => {
      const kettle = await sellable(store, 3000, 10, 'Kettle');
      const before = await stockFigures(store, kettle);
      const { order } = await placeTestOrder(store, [[kettle, 2]]);
      assert.equal((await stockFigures(store, kettle)).level.reserved, before.level.reserved + 2);
      await pack(order, kettle, 1);
      assert.equal(await statusOf(order), 'in_preparation');

      const noReason = await act(lead, order, 'cancel', { reason: '' });
      assert.equal(noReason.statusCode, 400);
      assert.equal(await statusOf(order), 'in_preparation');

      const cancelled = await act(lead, order, 'cancel', { reason: 'Customer changed their mind' });
      assert.equal(cancelled.statusCode, 303);
      const now = (await orderById(db(), order.id))!;
      assert.equal(now.status, 'cancelled');
      assert.equal(now.cancelledReason, 'Customer changed their mind');
      assert.deepEqual(await shipmentsOfOrder(db(), order.id), [], 'the packed parcel is taken apart');
      const after = await stockFigures(store, kettle);
      assert.deepEqual(after.level, before.level, 'the two kettles are back on sale');
      assert.deepEqual(after.level, after.ledger, 'and the ledger says why');

      await waitForPayment(order, 'voided');
      const charge = await chargeOf(order);
      assert.equal(charge.released, true);
      assert.equal(charge.amountCaptured, 0, 'nothing was taken');
      assert.equal((await keysOf(order, 'cancel')).length, 1);

      const shown = text((await lead.get(page(order))).body);
      assert.match(shown, /The order is cancelled and its stock is back on sale/);
      assert.doesNotMatch(shown, /Cancel the order|Put on hold/);
      const twice = await lead.post(action(order, 'cancel'), { from: 'in_preparation', reason: 'Customer changed their mind' });
      assert.equal(twice.statusCode, 409, 'a second click');
    });

    it('refuses once a parcel has left, offering the return path, and changes nothing', async () => {
      const { order } = await placeTestOrder(store, [
        [teapot, 1],
        [mug, 1],
      ]);
      const first = await pack(order, teapot, 1);
      await pack(order, mug, 1);
      await move(first.id, 'shipped');
      assert.equal(await statusOf(order), 'partially_shipped');
      const stockBefore = await stockFigures(store, mug);

      const shown = text((await lead.get(page(order))).body);
      assert.match(shown, new RegExp(RETURN_PATH.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      assert.doesNotMatch(shown, /Cancel the order/);

      const refused = await lead.post(action(order, 'cancel'), { from: 'partially_shipped', reason: 'Too late?' });
      assert.equal(refused.statusCode, 409);
      assert.match(text(refused.body), /cannot be cancelled/);
      assert.match(text(refused.body), /once it arrives, record a return request from this page/);

      // A client that asks for JSON gets the problem itself.
      const api = await lead.request({
        method: 'POST',
        url: action(order, 'cancel'),
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        payload: JSON.stringify({ reason: 'Too late?' }),
      });
      assert.equal(api.statusCode, 409);
      assert.equal(api.json().type.endsWith('/order-already-shipped'), true, api.body);
      assert.equal(api.json().detail, RETURN_PATH);

      assert.equal(await statusOf(order), 'partially_shipped');
      assert.equal((await shipmentsOfOrder(db(), order.id)).length, 2, 'no parcel removed');
      assert.deepEqual(await stockFigures(store, mug), stockBefore);
      // The parcel that left may have its payment captured meanwhile (capture on shipment); nothing is given back.
      const payment = (await paymentOf(db(), order.id))!;
      assert.ok(payment.status === 'authorized' || payment.status === 'captured', payment.status);
      assert.equal(payment.refundedAmount, 0);
      assert.deepEqual(await keysOf(order, 'cancel'), []);
    });
  });

  describe('returns and refunds', () => {
    it('takes a return from request to receipt, then refunds in part and in full with the amounts at the gateway', async () => {
      const order = await deliveredOrder(2);
      const captured = (await paymentOf(db(), order.id))!.capturedAmount;
      assert.equal(captured, order.total);
      const delivered = text((await lead.get(page(order))).body);
      assert.match(delivered, /Record a return request/);
      assert.doesNotMatch(delivered, /Cancel the order/);

      assert.equal((await act(lead, order, 'return-requested', { reason: '' })).statusCode, 400, 'a return needs its reason');
      const requested = await act(lead, order, 'return-requested', { reason: 'One mug arrived chipped' });
      assert.equal(requested.statusCode, 303);
      assert.equal(await statusOf(order), 'return_requested');
      assert.match(text((await lead.get(page(order))).body), /The return request is recorded/);

      const early = await act(lead, order, 'refund', { amount: '12.00', reason: 'Chipped mug', seq: '1' });
      assert.equal(early.statusCode, 409, 'no refund before the return is received');

      assert.equal((await act(lead, order, 'return-received', { reason: 'Chipped as described' })).statusCode, 303);
      assert.equal(await statusOf(order), 'return_received');

      // Amounts refused, each with its reason, and nothing refunded.
      for (const [amount, why] of [
        ['0', /Refund between \$0\.01 and/],
        ['abc', /Type the amount to refund as a number/],
        ['12.345', /Type the amount to refund as a number/],
        [(captured / 100 + 1).toFixed(2), /Refund between \$0\.01 and/],
      ] as const) {
        const bad = await act(lead, order, 'refund', { amount, reason: 'Chipped mug', seq: '1' });
        assert.equal(bad.statusCode, 400, amount);
        assert.match(text(bad.body), why);
      }
      assert.equal((await act(lead, order, 'refund', { amount: '12.00', reason: ' ', seq: '1' })).statusCode, 400, 'a refund needs its reason');
      assert.equal((await chargeOf(order)).amountRefunded, 0);
      assert.deepEqual(await refundsOf(db(), order.id), []);
      assert.equal(await statusOf(order), 'return_received');

      const partial = await act(lead, order, 'refund', { amount: '12.00', reason: 'Chipped mug', seq: '1' });
      assert.equal(partial.statusCode, 303, partial.body);
      assert.equal(await statusOf(order), 'partially_refunded');
      assert.equal((await chargeOf(order)).amountRefunded, 1200);
      assert.equal((await paymentOf(db(), order.id))!.refundedAmount, 1200);
      const shown = text((await lead.get(page(order))).body);
      assert.match(shown, /Refunded \$12\.00\./);
      assert.match(shown, new RegExp(`Taken \\$${(captured / 100).toFixed(2)}, refunded \\$12\\.00`));

      const twice = await lead.post(action(order, 'refund'), { from: 'return_received', amount: '12.00', reason: 'Chipped mug', seq: '1' });
      assert.equal(twice.statusCode, 409, 'the same form sent twice');
      const resent = await lead.post(action(order, 'refund'), { from: 'partially_refunded', amount: '12.00', reason: 'Chipped mug', seq: '1' });
      assert.equal(resent.statusCode, 409, 'even with the new status: refund 1 is taken');
      assert.match(text(resent.body), /was refunded since the page was shown/);
      assert.equal((await chargeOf(order)).amountRefunded, 1200, 'refunded once');

      const rest = captured - 1200;
      const full = await act(lead, order, 'refund', { amount: (rest / 100).toFixed(2), reason: 'Customer returns the other one too', seq: '2' });
      assert.equal(full.statusCode, 303, full.body);
      assert.equal(await statusOf(order), 'refunded');
      const charge = await chargeOf(order);
      assert.equal(charge.amountRefunded, captured);
      assert.equal((await keysOf(order, 'refund')).length, 2);
      const refunds = await refundsOf(db(), order.id);
      assert.deepEqual(
        refunds.map((r) => [r.seq, r.amount, r.state, r.reason]),
        [
          [2, rest, 'done', 'Customer returns the other one too'],
          [1, 1200, 'done', 'Chipped mug'],
        ],
      );
      const history = (await orderHistory(db(), order.id)).slice(-4).map((t) => [t.to, t.reason]);
      assert.deepEqual(history, [
        ['return_requested', 'One mug arrived chipped'],
        ['return_received', 'Chipped as described'],
        ['partially_refunded', 'Refunded $12.00: Chipped mug'],
        ['refunded', `Refunded $${(rest / 100).toFixed(2)}: Customer returns the other one too`],
      ]);
      const done = text((await lead.get(page(order))).body);
      assert.doesNotMatch(done, /Amount to refund/, 'nothing left to refund');
      assert.equal((await act(lead, order, 'refund', { amount: '1.00', reason: 'More', seq: '3' })).statusCode, 409);
    });

    it('refunds a delivered order in full without a return', async () => {
      const order = await deliveredOrder();
      const captured = (await paymentOf(db(), order.id))!.capturedAmount;
      const refunded = await act(lead, order, 'refund', { amount: (captured / 100).toFixed(2), reason: 'Arrived two weeks late', seq: '1' });
      assert.equal(refunded.statusCode, 303, refunded.body);
      assert.equal(await statusOf(order), 'refunded');
      assert.equal((await chargeOf(order)).amountRefunded, captured);
    });

    it('refuses moves the order’s status does not allow', async () => {
      const { order } = await placeTestOrder(store, [[teapot, 1]]);
      const notDelivered = await act(lead, order, 'return-requested', { reason: 'Wants to send it back' });
      assert.equal(notDelivered.statusCode, 409);
      assert.match(text(notDelivered.body), /A return is recorded once the order has been delivered/);
      assert.equal((await act(lead, order, 'return-received', {})).statusCode, 409);
      assert.equal((await act(lead, order, 'refund', { amount: '1.00', reason: 'Goodwill', seq: '1' })).statusCode, 409);
      assert.equal(await statusOf(order), 'validated');
      assert.deepEqual(await refundsOf(db(), order.id), []);
    });
  });

  describe('who may act', () => {
    it('shows agents no actions and refuses them (403); strangers are sent to sign in; a form without its token is refused', async () => {
      const order = await deliveredOrder();
      const shown = text((await agent.get(page(order))).body);
      assert.doesNotMatch(shown, /Order actions/);
      for (const [name, fields] of [
        ['cancel', { reason: 'x' }],
        ['hold', { reason: 'x' }],
        ['return-requested', { reason: 'x' }],
        ['refund', { amount: '1.00', reason: 'x', seq: '1' }],
      ] as const) {
        const refused = await act(agent, order, name, fields);
        assert.equal(refused.statusCode, 403, name);
      }
      const stranger = new Browser(store);
      await stranger.get('/staff/sign-in');
      const signIn = await stranger.get(page(order));
      assert.equal(signIn.statusCode, 303, 'the order page sends a stranger to sign in');
      assert.match(String(signIn.headers.location), /\/staff\/sign-in/);
      // The platform redirects only GETs; a form posted without a session is told to sign in.
      const anonymous = await stranger.post(action(order, 'refund'), { amount: '1.00', reason: 'x', seq: '1' });
      assert.equal(anonymous.statusCode, 401);
      assert.match(text(anonymous.body), /Please sign in first/);
      const forged = await lead.post(action(order, 'refund'), { _csrf: 'forged', amount: '1.00', reason: 'x', seq: '1' });
      assert.equal(forged.statusCode, 403);
      assert.equal(await statusOf(order), 'delivered');
      assert.equal((await chargeOf(order)).amountRefunded, 0);
      assert.deepEqual(await refundsOf(db(), order.id), []);
    });
  });
});
