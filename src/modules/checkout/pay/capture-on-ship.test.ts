// Capture on shipment with the gateway simulator: an order paid by an authorisation is
// captured when its first parcel leaves, once, however often the handler and its job run; a
// second parcel takes nothing more; an order captured at payment queues nothing; a gateway
// outage leaves the payment authorised and a later run captures it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../../platform/clock.ts';
import type { DomainEvent } from '../../../platform/events/events.ts';
import { setTestPolicy } from '../../../testing/inventory.ts';
import { orderingStore, placeTestOrder, sellable } from '../../../testing/orders.ts';
import type { TestStore } from '../../../testing/store.ts';
import { moveShipment, packShipment, shipmentsOfOrder, type ShipmentEventPayload } from '../../fulfillment/index.ts';
import { allocatedLines } from '../../inventory/index.ts';
import type { Order } from '../../orders/index.ts';
import { GatewayUnavailable, paymentOf, paymentsGateway, readCharges, writeFaults } from '../../payments/index.ts';
import { captureOnShip, queueCaptureOnShip } from './capture-on-ship.ts';

describe('checkout: pay: capture-on-ship', () => {
  const clock = fixedClock('2026-11-23T15:00:00Z');
  let store: TestStore;
  let teapot: string;

  before(async () => {
    // The worker runs: the real subscription and its job act as well as the direct calls below.
    store = await orderingStore(clock, { worker: true });
    teapot = await sellable(store, 4000, 100, 'Teapot');
  });
  after(() => store.close());

  const db = () => store.platform.database.db;
  const merchant = { kind: 'merchant' as const, id: 'staff-1' };
  const simulator = () => paymentsGateway(store.platform).simulator!;
  const chargesOf = async (orderId: string) => (await readCharges(simulator())).filter((c) => c.orderId === orderId);
  const captureKeys = async (orderId: string) => (await chargesOf(orderId)).flatMap((c) => c.idempotencyKeys).filter((k) => k.includes(':capture:'));

  let tracking = 0;
  /** A parcel of `quantity` teapots, packed with a valid USPS number and handed to the carrier. */
  async function shipParcel(order: Order, quantity: number): Promise<void> {
    const [allocated] = await allocatedLines(db(), order.number);
    const parcel = await store.platform.database.transaction((tx) =>
      packShipment(
        store.platform,
        tx,
        {
          orderId: order.id,
          locationId: allocated!.locationId,
          lines: [{ orderLineId: order.lines[0]!.id, quantity }],
          carrier: 'usps',
          service: 'Priority Mail',
          // Valid USPS numbers from the carrier's test vectors, one per parcel.
          trackingNumber: ['9400111206206406260787', '9101123456789000000013', '92748931507708513018050063', '03071790000523483741'][tracking++]!,
        },
        merchant,
      ),
    );
    await store.platform.database.transaction((tx) => moveShipment(store.platform, tx, parcel.id, 'shipped', merchant));
  }

  async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    for (let i = 0; i < 200; i++) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${what} did not happen within 10 s`);
  }

  const shippedEvent = async (order: Order): Promise<DomainEvent<ShipmentEventPayload>> => {
    const events = await store.platform.events.history(db(), 'shipment.shipped', 1000);
    const event = events.find((e) => e.payload.orderId === order.id);
    assert.ok(event, 'the parcel announced it left');
    return event as DomainEvent<ShipmentEventPayload>;
  };

  describe('capture on shipment', () => {
    it('captures an authorised payment once when the first parcel leaves, however often the handler and its job run', async () => {
      const { order } = await placeTestOrder(store, [[teapot, 2]]);
      const before = (await paymentOf(db(), order.id))!;
      assert.equal(before.captureMethod, 'manual', 'everything ships within days: the store captures late');
      assert.equal(before.status, 'authorized');

      await shipParcel(order, 1);
      const captured = await until('the capture', () => paymentOf(db(), order.id), (p) => p?.status === 'captured');
      assert.equal(captured!.capturedAmount, order.total);

      // The handler and the job run again (a redelivered event, a retried job): nothing more is taken.
      const event = await shippedEvent(order);
      for (let i = 0; i < 2; i++) {
        const queued = await store.platform.database.transaction((tx) => queueCaptureOnShip(store.platform, event, tx));
        assert.equal(queued, false, 'a captured payment queues nothing');
        assert.equal((await captureOnShip(store.platform, order.id))!.status, 'captured');
      }
      // The second parcel leaving takes nothing more either.
      await shipParcel(order, 1);
      assert.equal((await shipmentsOfOrder(db(), order.id)).filter((s) => s.status === 'shipped').length, 2);
      await new Promise((r) => setTimeout(r, 300));

      const charges = await chargesOf(order.id);
      assert.equal(charges.length, 1);
      assert.equal(charges[0]!.captured, true);
      assert.equal(charges[0]!.amountCaptured, order.total);
      assert.equal((await captureKeys(order.id)).length, 1, 'one capture call at the gateway');
    });

    it('captures once when the handler runs twice before any capture, each run queueing its job', async () => {
      const { order } = await placeTestOrder(store, [[teapot, 1]]);
      // The gateway is out while the parcel leaves, so the subscription's own job cannot capture yet.
      await writeFaults(simulator(), { errorRate: 1 });
      try {
        await shipParcel(order, 1);
        const event = await shippedEvent(order);
        for (let i = 0; i < 2; i++) {
          assert.equal(await store.platform.database.transaction((tx) => queueCaptureOnShip(store.platform, event, tx)), true, 'still only authorised: the capture is queued');
        }
        await assert.rejects(captureOnShip(store.platform, order.id), GatewayUnavailable);
        assert.equal((await paymentOf(db(), order.id))!.status, 'authorized', 'nothing was taken during the outage');
      } finally {
        await writeFaults(simulator(), { errorRate: 0 });
      }
      // Both queued jobs, and the retried one of the subscription, run: the first captures, the rest find it done.
      const [first, second] = await Promise.all([captureOnShip(store.platform, order.id), captureOnShip(store.platform, order.id)]);
      assert.equal(first!.status, 'captured');
      assert.equal(second!.status, 'captured');
      const charges = await chargesOf(order.id);
      assert.equal(charges.length, 1);
      assert.equal(charges[0]!.amountCaptured, order.total);
      assert.equal((await captureKeys(order.id)).length, 1, 'one capture call at the gateway');
    });

    it('queues nothing for a payment captured when it was authorised (items that ship late)', async () => {
      const kettle = await sellable(store, 6000, 0, 'Kettle');
      await setTestPolicy(store, kettle, { policy: 'backorder', leadTimeDays: 15 });
      const { order } = await placeTestOrder(store, [[kettle, 1]]);
      const payment = (await paymentOf(db(), order.id))!;
      assert.equal(payment.captureMethod, 'automatic');
      assert.equal(payment.status, 'captured');
      const event: DomainEvent<ShipmentEventPayload> = {
        id: crypto.randomUUID(),
        type: 'shipment.shipped',
        payload: { shipmentId: crypto.randomUUID(), orderId: order.id, orderNumber: order.number, status: 'shipped' },
        actor: 'system',
        occurredAt: clock.now().toISOString(),
      };
      assert.equal(await store.platform.database.transaction((tx) => queueCaptureOnShip(store.platform, event, tx)), false);
      assert.equal((await captureOnShip(store.platform, order.id))!.status, 'captured');
      assert.equal((await captureKeys(order.id)).length, 0, 'no capture call: the gateway captured at payment');
    });
  });
});
