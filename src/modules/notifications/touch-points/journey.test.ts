// The order, payment, delivery, returns and stock touch points, driven the way the store drives
// them: real orders, the gateway simulator, parcels packed and moved, carrier scans ingested,
// and the job worker delivering the events. Each moment gives exactly one email to the right
// person; a second parcel gets its own; a redelivered event adds nothing; failures and
// apologies never sell.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, asc, eq, sql } from 'drizzle-orm';
import { fixedClock } from '../../../platform/clock.ts';
import { rows } from '../../../platform/db/database.ts';
import { newId } from '../../../platform/ids.ts';
import { productInput, saveTestProduct, setTestStock } from '../../../testing/catalog.ts';
import { setTestPolicy } from '../../../testing/inventory.ts';
import { orderingStore, placeTestOrder, sellable } from '../../../testing/orders.ts';
import type { TestStore } from '../../../testing/store.ts';
import { UNPAID_REASON } from '../../checkout/index.ts';
import { deliveryDelayed, ingestCarrierEvents, moveShipment, packShipment, type Shipment } from '../../fulfillment/index.ts';
import { allocatedLines } from '../../inventory/index.ts';
import { orderByNumber, transitionOrder, type Order } from '../../orders/index.ts';
import { CardDeclined, payWithTestMethod, refundPayment } from '../../payments/index.ts';
import { queueTouchPoint } from '../queue/enqueue.ts';
import { outgoingEmails } from '../schema.ts';
import { assertEmailLinksWork } from '../testing/links.ts';
import { TOUCH_POINTS, touchPointByKey } from './catalogue.ts';
import type { TouchPoint } from './define.ts';

describe('notifications: touch-points: journey', () => {
  // Monday 23 November 2026, 10:00 in New York.
  const clock = fixedClock('2026-11-23T15:00:00Z');
  const merchant = { kind: 'merchant' as const, id: 'staff-1' };
  /** Valid USPS numbers from the carrier's test vectors, one per parcel. */
  const USPS_NUMBERS = ['9400111206206406260787', '9101123456789000000013', '92748931507708513018050063'];
  let store: TestStore;
  let teapot: string;
  let kettle: string;

  before(async () => {
    store = await orderingStore(clock, { worker: true });
    teapot = await sellable(store, 4000, 50, 'Teapot');
    kettle = await sellable(store, 3000, 50, 'Kettle');
  });
  after(() => store.close());

  const db = () => store.platform.database.db;
  const platform = () => store.platform;
  const touchPoint = (key: string): TouchPoint => {
    const found = touchPointByKey(key);
    assert.ok(found, `touch point ${key} is in the catalogue`);
    return found;
  };

  type EmailRow = typeof outgoingEmails.$inferSelect;

  /** The emails of a touch point to an address, oldest first. */
  const emailsOf = (key: string, recipient: string): Promise<EmailRow[]> =>
    db().select().from(outgoingEmails).where(and(eq(outgoingEmails.touchPoint, key), eq(outgoingEmails.recipient, recipient))).orderBy(asc(outgoingEmails.createdAt), asc(outgoingEmails.id));

  /** Waits for the worker to have queued `count` emails of the touch point to the address; returns them. */
  async function emailsFrom(key: string, recipient: string, count = 1): Promise<EmailRow[]> {
    for (let i = 0; i < 300; i++) {
      const found = await emailsOf(key, recipient);
      if (found.length >= count) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${key}: ${count} email(s) to ${recipient} were not queued within 15 s (found ${(await emailsOf(key, recipient)).length})`);
  }

  /** Delivers every event of the touch point's type again, as a redelivery or a second instance would. */
  async function redeliver(key: string): Promise<void> {
    const tp = touchPoint(key);
    for (const event of await platform().events.history(db(), tp.event.name, 1000)) {
      await platform().database.transaction((tx) => queueTouchPoint(platform(), tx, tp, event));
    }
  }

  const order = async (number: string): Promise<Order> => (await orderByNumber(db(), number))!;

  function assertFacts(email: EmailRow, facts: (string | RegExp)[]) {
    for (const fact of facts) {
      if (typeof fact === 'string') assert.ok(email.text.includes(fact), `${email.touchPoint}: the text says “${fact}”:\n${email.text}`);
      else assert.match(email.text, fact, `${email.touchPoint}: the text matches ${fact}`);
    }
  }

  let tracking = 0;
  async function pack(placed: Order, variantId: string): Promise<Shipment> {
    const [allocated] = await allocatedLines(db(), placed.number);
    const line = placed.lines.find((l) => l.variantId === variantId)!;
    return platform().database.transaction((tx) =>
      packShipment(
        platform(),
        tx,
        { orderId: placed.id, locationId: allocated!.locationId, lines: [{ orderLineId: line.id, quantity: line.quantity }], carrier: 'usps', service: 'Priority Mail', trackingNumber: USPS_NUMBERS[tracking++]! },
        merchant,
      ),
    );
  }

  /** What the carrier's webhook tells us about a parcel. */
  const scan = (parcel: Shipment, code: 'out_for_delivery' | 'delivered' | 'exception', detail: string) =>
    ingestCarrierEvents(platform(), 'usps', [{ carrierEventId: `${parcel.id}:${code}`, trackingNumber: parcel.trackingNumber, code, detail, location: 'Brooklyn, NY', occurredAt: clock.now() }]);

  describe('order, payment, delivery and returns emails', () => {
    it('lists every touch point once, each with its own key', () => {
      const keys = TOUCH_POINTS.map((tp) => tp.key);
      assert.equal(new Set(keys).size, keys.length);
      for (const key of ['order.prepared', 'order.cancelled', 'order.pay-link', 'payment.failed', 'shipment.shipped', 'shipment.out-for-delivery', 'shipment.delivered', 'delivery.delayed', 'backorder.date-changed', 'refund.issued', 'return.received', 'stock.back-in-stock']) {
        touchPoint(key);
      }
      for (const key of ['payment.failed', 'delivery.delayed', 'backorder.date-changed', 'refund.issued', 'order.cancelled']) assert.equal(touchPoint(key).sells, false, `${key} never sells`);
    });

    it('follows an order from a declined card to two delivered parcels, a return and two refunds: one email per moment, one per parcel', async () => {
      const ann = 'ann.walker@example.com';
      const { order: placed, orderPath, shopper } = await placeTestOrder(store, [[teapot, 1], [kettle, 2]], { pay: false, email: ann });

      // Declined twice: one email for the order, in plain words, never selling.
      for (const card of ['pm_card_chargeDeclinedInsufficientFunds', 'pm_card_chargeDeclined']) {
        await assert.rejects(payWithTestMethod(platform(), placed.id, card), CardDeclined);
      }
      const [failed] = await emailsFrom('payment.failed', ann);
      assert.equal(failed!.subject, `Your payment for order ${placed.number} did not go through`);
      assertFacts(failed!, ['not enough funds on it', 'nothing was charged', new RegExp(`Pay for order ${placed.number}: http://store\\.test/orders/${placed.number}\\?t=`)]);
      assert.equal(failed!.promotional, false);

      // Two requests for the link to pay later, a minute apart: an email each.
      for (let i = 0; i < 2; i++) {
        const token = /name="t" value="([^"]+)"/.exec((await shopper.page(orderPath)).body)![1]!;
        assert.equal((await shopper.form(`/orders/${placed.number}/pay/later`, { t: token })).statusCode, 303);
        clock.advance(61_000);
      }
      const links = await emailsFrom('order.pay-link', ann, 2);
      assert.equal(links.length, 2);
      assert.equal(links[0]!.subject, `Pay for your order ${placed.number}`);
      assertFacts(links[0]!, [/held for you until/, `http://store.test/orders/${placed.number}?t=`]);

      await payWithTestMethod(platform(), placed.id, 'pm_card_visa');
      assert.equal((await emailsOf('payment.failed', ann)).length, 1, 'a later success adds no failure email');

      // Two parcels: packed (the order is prepared), then each leaves, goes out and arrives.
      const first = await pack(placed, teapot);
      const second = await pack(placed, kettle);
      const [prepared] = await emailsFrom('order.prepared', ann);
      assert.equal(prepared!.subject, `Your order ${placed.number} is packed`);
      assertFacts(prepared!, ['Teapot', 'Kettle']);

      for (const parcel of [first, second]) await platform().database.transaction((tx) => moveShipment(platform(), tx, parcel.id, 'shipped', merchant));
      const shipped = await emailsFrom('shipment.shipped', ann, 2);
      assert.equal(shipped.length, 2, 'one email per parcel');
      for (const [i, parcel] of [first, second].entries()) {
        const email = shipped.find((e) => e.text.includes(parcel.trackingNumber));
        assert.ok(email, `the email of parcel ${i + 1} names its tracking number`);
        assert.equal(email.subject, `Your order ${placed.number} is on its way`);
        assertFacts(email, [`Parcel ${parcel.seq} of 2`, 'USPS', new RegExp(`http://store\\.test/orders/${placed.number}/parcels/${parcel.seq}/track\\?t=`)]);
        assert.ok(!email.text.includes(i === 0 ? 'Kettle' : 'Teapot'), 'names only what is in its parcel');
      }

      for (const parcel of [first, second]) await scan(parcel, 'out_for_delivery', 'Out for delivery');
      const out = await emailsFrom('shipment.out-for-delivery', ann, 2);
      assert.match(out[0]!.subject, /^Arriving today/);
      for (const parcel of [first, second]) await scan(parcel, 'delivered', 'Delivered, front door');
      const delivered = await emailsFrom('shipment.delivered', ann, 2);
      assertFacts(delivered[0]!, ['just reply to this email']);

      // The return arrives before the money goes back; then two partial refunds, an email each.
      for (const to of ['return_requested', 'return_received'] as const) {
        await platform().database.transaction((tx) => transitionOrder(platform(), tx, placed.id, to, { ...merchant, reason: 'Chipped lid' }));
      }
      const [received] = await emailsFrom('return.received', ann);
      assertFacts(received!, ['We are checking the items now']);

      const paid = await order(placed.number);
      await refundPayment(platform(), placed.id, 1500, 'Chipped lid');
      await refundPayment(platform(), placed.id, paid.total - 1500, 'The rest of the return');
      const refunds = await emailsFrom('refund.issued', ann, 2);
      const part = refunds.find((e) => e.subject === `We have refunded $15.00 for order ${placed.number}`);
      assert.ok(part, 'the first refund has its email');
      assertFacts(part, ['Refunded in all so far: $15.00', '5 to 10 business days']);
      const rest = refunds.find((e) => e !== part)!;
      assertFacts(rest, [`Refunded in all (everything you paid): $${(paid.total / 100).toFixed(2)}`]);
      assert.ok(refunds.every((e) => !e.promotional));

      // Every event delivered again: nothing more.
      const before = (await db().select().from(outgoingEmails).where(eq(outgoingEmails.recipient, ann))).length;
      for (const key of ['payment.failed', 'order.pay-link', 'order.prepared', 'shipment.shipped', 'shipment.out-for-delivery', 'shipment.delivered', 'return.received', 'refund.issued']) await redeliver(key);
      assert.equal((await db().select().from(outgoingEmails).where(eq(outgoingEmails.recipient, ann))).length, before, 'a redelivered event adds no email');
    });

    it('says why an order was cancelled and what happens to the money: an unpaid deadline, and a cancellation by staff', async () => {
      const bo = 'bo.unpaid@example.com';
      const { order: unpaid } = await placeTestOrder(store, [[teapot, 1]], { pay: false, email: bo });
      await platform().database.transaction((tx) => transitionOrder(platform(), tx, unpaid.id, 'cancelled', { kind: 'system', reason: UNPAID_REASON }));
      const [deadline] = await emailsFrom('order.cancelled', bo);
      assert.equal(deadline!.subject, `Your order ${unpaid.number} was cancelled`);
      assertFacts(deadline!, ['it was not paid in time', 'Nothing was charged.', 'The items we had set aside for you are released', 'you are welcome to order again']);

      const cy = 'cy.cancelled@example.com';
      const { order: paid } = await placeTestOrder(store, [[kettle, 1]], { email: cy });
      await platform().database.transaction((tx) => transitionOrder(platform(), tx, paid.id, 'cancelled', { ...merchant, reason: 'The kettle failed our quality check.' }));
      const [staff] = await emailsFrom('order.cancelled', cy);
      assertFacts(staff!, ['The reason: The kettle failed our quality check.', 'Nothing was charged', 'If you did not expect this']);
      assert.ok(!staff!.text.includes('not paid in time'));
    });

    it('apologises for a delay with the new dates, and tells of a backorder’s new date, once per revision', async () => {
      const di = 'di.late@example.com';
      const { order: placed } = await placeTestOrder(store, [[teapot, 1]], { email: di });
      const parcel = await pack(placed, teapot);
      await platform().database.transaction((tx) => moveShipment(platform(), tx, parcel.id, 'shipped', merchant));
      await scan(parcel, 'exception', 'Address incomplete');
      const [delayed] = await emailsFrom('delivery.delayed', di);
      assert.equal(delayed!.subject, `Sorry: your order ${placed.number} is running late`);
      assertFacts(delayed!, ['USPS reported a problem with your parcel: “Address incomplete”.', 'New delivery dates', 'A member of our team']);
      assert.equal(delayed!.promotional, false);
      assert.equal((await emailsOf('backorder.date-changed', di)).length, 0, 'a parcel’s delay is not a backorder');

      // A backordered kettle whose restock slipped: the delay checks record it like this.
      const ed = 'ed.backorder@example.com';
      const scarce = await sellable(store, 5000, 0, 'Copper kettle');
      await setTestPolicy(store, scarce, { policy: 'backorder' });
      const { order: waiting } = await placeTestOrder(store, [[scarce, 1]], { email: ed });
      await platform().database.transaction(async (tx) => {
        const id = newId();
        await rows(
          tx,
          sql`insert into order_delays (id, order_id, kind, revision, detected_at, new_ships_on, new_earliest, new_latest, detail, variant_id)
            values (${id}, ${waiting.id}, 'backorder', ${`${scarce}:2026-12-07`}, ${clock.now()}, '2026-12-07', '2026-12-09', '2026-12-11', 'Supply slipped', ${scarce})`,
        );
        await platform().events.publish(tx, deliveryDelayed, { delayId: id, orderId: waiting.id, orderNumber: waiting.number, kind: 'backorder', shipmentId: null });
      });
      const [redated] = await emailsFrom('backorder.date-changed', ed);
      assert.equal(redated!.subject, `A new date for your order ${waiting.number}`);
      assertFacts(redated!, ['Copper kettle', 'Monday, December 7', /December 9/, 'stay reserved for you']);
      assert.equal(redated!.promotional, false);
      await redeliver('backorder.date-changed');
      await redeliver('delivery.delayed');
      assert.equal((await emailsOf('backorder.date-changed', ed)).length, 1);
      assert.equal((await emailsOf('delivery.delayed', ed)).length, 0, 'a backorder is not also a delay email');
      assert.equal((await emailsOf('delivery.delayed', di)).length, 1);
    });

    it('emails each person who asked once an item is back in stock, with its page, and only once', async () => {
      const [scarf] = await saveTestProduct(store, productInput('wool-scarf', [{ options: ['M'], priceMinor: 2500 }]));
      await setTestStock(store, [scarf!], 0);
      for (const email of ['fay@example.com', 'gus@example.com']) {
        const asked = await store.app.inject({ method: 'POST', url: '/api/v1/stock-alerts', headers: { accept: 'application/json' }, payload: { variantId: scarf, email } });
        assert.equal(asked.statusCode, 202, asked.body);
      }
      await setTestStock(store, [scarf!], 5);
      for (const email of ['fay@example.com', 'gus@example.com']) {
        const [back] = await emailsFrom('stock.back-in-stock', email);
        assert.equal(back!.subject, 'Back in stock: Wool scarf — M');
        assertFacts(back!, ['Good news: Wool scarf — M is back in stock.', `http://store.test/products/wool-scarf?variant=${scarf}`, 'We have not set one aside for you']);
        assert.equal(back!.promotional, false);
      }
      await redeliver('stock.back-in-stock');
      assert.equal((await emailsOf('stock.back-in-stock', 'fay@example.com')).length, 1);
    });

    it('links every email it sent to working pages of the store', async () => {
      const sent = await db().select().from(outgoingEmails);
      assert.ok(sent.length >= 15, `the journeys above sent their emails (${sent.length})`);
      const opened = await assertEmailLinksWork(store, sent);
      assert.ok(opened >= 10, `${opened} distinct links opened`);
    });
  });
});
