// The carrier simulator inside a store, with the store's clock fixed and moved on by the test:
// packing a parcel starts its tracking (the shipment.packed subscriber), and the events the
// simulator sends as days pass take a real paid order to delivered on the carrier's estimate
// day; a delay changes the estimate the order shows; duplicate, out-of-order, late and lost
// deliveries still leave every event recorded once; a store that refuses is retried with
// backoff and given up on after twelve tries.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { formatDay, localDateOf } from '../../../../platform/calendar.ts';
import { fixedClock } from '../../../../platform/clock.ts';
import { rows } from '../../../../platform/db/database.ts';
import { placeTestOrder, sellable } from '../../../../testing/orders.ts';
import type { TestStore } from '../../../../testing/store.ts';
import { allocatedLines } from '../../../inventory/index.ts';
import { orderById, orderHistory } from '../../../orders/index.ts';
import { trackingEvents } from '../../schema.ts';
import { packShipment } from '../../shipments/pack.ts';
import { moveShipment } from '../../shipments/progress.ts';
import { shipmentById, type Shipment } from '../../shipments/read.ts';
import { generateTrackingNumber, type CarrierCode } from '../numbers/index.ts';
import { simulatedParcel } from './advance.ts';
import { connectCarrierSimulator, deliverDueCarrierEvents, MAX_ATTEMPTS, type CarrierPost } from './deliver.ts';
import { NO_CARRIER_FAULTS, saveCarrierFaults, type CarrierFaultsPatch } from './faults.ts';
import { carrierSimulatorDeliveries } from './schema.ts';
import { simulatorStore } from './test-support.ts';

describe('fulfillment: carriers: simulator', () => {
  const TZ = 'America/New_York';
  const clock = fixedClock('2026-11-23T15:00:00Z'); // Monday 10:00 in New York
  const HOUR = 3_600_000;
  let store: TestStore;
  let lamp: string;

  before(async () => {
    store = await simulatorStore(clock, { worker: true });
    lamp = await sellable(store, 5000, 500, 'Lamp');
  });
  after(() => store.close());
  beforeEach(() => faults({}));

  const db = () => store.platform.database.db;
  const merchant = { kind: 'merchant' as const, id: 'staff-1' };

  function faults(patch: CarrierFaultsPatch) {
    return store.platform.database.transaction((tx) => saveCarrierFaults(store.platform, tx, { ...NO_CARRIER_FAULTS, ...patch }, 'test'));
  }

  async function until<T>(what: string, probe: () => Promise<T | undefined | false>): Promise<T> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** A paid order's parcel, packed (its tracking planned by the subscriber) and handed to the carrier. */
  async function shippedParcel(carrier: CarrierCode = 'ups', service = 'Ground') {
    const placed = await placeTestOrder(store, [[lamp, 1]]);
    const { order } = placed;
    const [line] = await allocatedLines(db(), order.number);
    const packed = await store.platform.database.transaction((tx) =>
      packShipment(store.platform, tx, { orderId: order.id, locationId: line!.locationId, lines: [{ orderLineId: order.lines[0]!.id, quantity: 1 }], carrier, service, trackingNumber: generateTrackingNumber(carrier) }, merchant),
    );
    const planned = await until('the simulator to plan the parcel', async () => {
      const events = await simulatedParcel(store.platform, packed.trackingNumber);
      return events.length > 0 && events;
    });
    await store.platform.database.transaction((tx) => moveShipment(store.platform, tx, packed.id, 'shipped', merchant));
    return { ...placed, parcel: packed, planned };
  }

  const reread = async (parcel: Shipment) => (await shipmentById(db(), parcel.id))!;
  const recorded = (parcel: Shipment) => db().select().from(trackingEvents).where(eq(trackingEvents.shipmentId, parcel.id));

  /** Moves the clock on in steps, sending what is due after each (as the minute job does). */
  async function pass(ms: number, step = HOUR) {
    const end = clock.now().getTime() + ms;
    while (clock.now().getTime() < end) {
      clock.set(new Date(Math.min(end, clock.now().getTime() + step)));
      await deliverDueCarrierEvents(store.platform);
    }
  }

  describe('the carrier simulator', () => {
    it('takes a paid order to delivered, day by day, on the carrier’s estimate day', async () => {
      clock.set('2026-11-23T15:00:00Z');
      const { order, parcel, planned } = await shippedParcel();
      assert.equal(planned[0]!.code, 'label_created');
      const estimate = planned.find((e) => e.code === 'picked_up')!.estimateEarliest!;
      const seen: string[] = [];
      for (let day = 0; day < 8; day++) {
        clock.advance(24 * HOUR);
        await deliverDueCarrierEvents(store.platform);
        const now = await reread(parcel);
        seen.push(`${localDateOf(clock.now(), TZ)}:${now.status}`);
        if (now.status === 'delivered') break;
      }
      const now = await reread(parcel);
      assert.equal(now.status, 'delivered', seen.join(' '));
      assert.equal(localDateOf(now.deliveredAt!, TZ), estimate, 'delivered on the estimate’s day');
      assert.deepEqual([now.estimateEarliest, now.estimateLatest], [estimate, estimate]);
      assert.equal(now.lastScanAt?.getTime(), now.deliveredAt?.getTime());
      assert.equal((await recorded(parcel)).length, planned.length, 'every planned event recorded once');
      assert.equal((await orderById(db(), order.id))!.status, 'delivered');
      const steps = (await orderHistory(db(), order.id)).map((t) => t.to);
      assert.deepEqual(steps.slice(-3), ['shipped', 'out_for_delivery', 'delivered']);
      // A day later nothing more is sent.
      clock.advance(24 * HOUR);
      assert.equal((await deliverDueCarrierEvents(store.platform)).deliveries, 0);
    });

    it('moves the estimate the order shows when a delay is reported', async () => {
      clock.set('2026-11-30T14:00:00Z'); // Monday 09:00
      await faults({ delayRate: 1 });
      const { parcel, planned, orderPath, shopper } = await shippedParcel('fedex', 'Ground');
      const first = planned.find((e) => e.code === 'picked_up')!.estimateEarliest!;
      const delayed = planned.find((e) => e.code === 'delayed')!;
      assert.ok(delayed.estimateEarliest! > first);
      clock.set(new Date(planned.find((e) => e.code === 'picked_up')!.occurredAt.getTime() + 60_000));
      await deliverDueCarrierEvents(store.platform);
      assert.equal((await reread(parcel)).estimateEarliest, first);
      const arrives = (date: string) => `Arrives ${formatDay(date, 'en-US', { long: true })}`;
      const before = await shopper.page(orderPath);
      assert.ok(before.body.includes(arrives(first)), `the order page says ${arrives(first)}`);
      clock.set(new Date(delayed.occurredAt.getTime() + 60_000));
      await deliverDueCarrierEvents(store.platform);
      const now = await reread(parcel);
      assert.deepEqual([now.estimateEarliest, now.estimateLatest], [delayed.estimateEarliest, delayed.estimateLatest]);
      assert.match(now.exception!, /Delayed/);
      const page = await shopper.page(orderPath);
      assert.ok(page.body.includes(arrives(delayed.estimateEarliest!)), `the order page now says ${arrives(delayed.estimateEarliest!)}`);
      assert.ok(!page.body.includes(arrives(first)));
      const exceptions = await rows<{ n: number }>(db(), sql`select count(*)::int as n from domain_events where type = 'shipment.exception' and payload->>'shipmentId' = ${parcel.id}`);
      assert.equal(exceptions[0]!.n, 1);
      await pass(10 * 24 * HOUR, 6 * HOUR);
      const end = await reread(parcel);
      assert.equal(end.status, 'delivered');
      assert.equal(localDateOf(end.deliveredAt!, TZ), delayed.estimateEarliest);
      assert.equal(end.exception, null, 'the scans after the delay cleared it');
    });

    it('records every event once under duplicate, out-of-order and late deliveries', async () => {
      clock.set('2026-12-07T14:00:00Z');
      await faults({ duplicateRate: 1, outOfOrderRate: 1, lateRate: 1, lateMinutes: 90 });
      const { parcel, planned } = await shippedParcel('usps', 'Priority Mail');
      // Late: nothing is sent when the label is created, only 90 minutes later.
      clock.set(new Date(planned[0]!.occurredAt.getTime() + 60_000));
      assert.equal((await deliverDueCarrierEvents(store.platform)).sent, 0);
      clock.set(new Date(planned[0]!.occurredAt.getTime() + 91 * 60_000));
      const run = await deliverDueCarrierEvents(store.platform);
      assert.equal(run.sent, 1);
      assert.equal(run.deliveries, 2, 'and once more as a duplicate');
      await pass(10 * 24 * HOUR, 2 * HOUR);
      assert.equal((await reread(parcel)).status, 'delivered');
      assert.equal((await recorded(parcel)).length, planned.length);
      const log = await db().select().from(carrierSimulatorDeliveries);
      const ours = log.filter((d) => d.eventIds.some((id) => planned.some((p) => p.id === id)));
      assert.equal(ours.filter((d) => d.duplicate).length, ours.filter((d) => !d.duplicate).length);
      // The swapped pair reached the store newest first.
      const sentOrder = ours.filter((d) => !d.duplicate).flatMap((d) => d.eventIds);
      assert.notDeepEqual(sentOrder, planned.map((p) => p.id));
    });

    it('sends a lost webhook again a minute later', async () => {
      clock.set('2026-12-14T14:00:00Z');
      await faults({ lostRate: 1 });
      const { parcel, planned } = await shippedParcel();
      clock.set(new Date(planned[0]!.occurredAt.getTime() + 30_000));
      const lost = await deliverDueCarrierEvents(store.platform);
      assert.deepEqual([lost.lost, lost.sent], [1, 0]);
      assert.equal((await recorded(parcel)).length, 0);
      clock.advance(30_000);
      assert.equal((await deliverDueCarrierEvents(store.platform)).sent, 0, 'not before the minute is up');
      clock.advance(31_000);
      const retried = await deliverDueCarrierEvents(store.platform);
      assert.deepEqual([retried.lost, retried.sent], [0, 1], 'the retry is not lost: only first tries are');
      assert.equal((await recorded(parcel)).length, 1);
    });

    it('retries a store that refuses, backing off, and gives up after twelve tries', async (t) => {
      clock.set('2026-12-21T14:00:00Z');
      await deliverDueCarrierEvents(store.platform); // what earlier tests left due goes first
      const { parcel, planned } = await shippedParcel('dhl', 'Express');
      const answers: number[] = [];
      const refusing: CarrierPost = async () => {
        answers.push(503);
        return { status: 503, body: '{"title":"busy"}' };
      };
      connectCarrierSimulator(store.platform, refusing);
      t.after(() => connectCarrierSimulator(store.platform, realPost));
      clock.set(new Date(planned[0]!.occurredAt.getTime() + 1000));
      const waits: number[] = [];
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const run = await deliverDueCarrierEvents(store.platform);
        assert.equal(run.refused, 1, `try ${attempt}`);
        const [row] = (await simulatedParcel(store.platform, parcel.trackingNumber)).filter((e) => e.seq === 1);
        if (attempt < MAX_ATTEMPTS) {
          const wait = row!.nextAttemptAt.getTime() - clock.now().getTime();
          waits.push(wait / 60_000);
          clock.advance(wait);
        } else {
          assert.equal(run.gaveUp, 1);
          assert.ok(row!.gaveUpAt);
        }
      }
      assert.deepEqual(waits, [1, 2, 4, 8, 16, 32, 60, 60, 60, 60, 60]);
      clock.advance(24 * HOUR);
      const later = await deliverDueCarrierEvents(store.platform);
      assert.ok(later.refused >= 1, 'the parcel’s later events are still tried');
      assert.equal(answers.length, MAX_ATTEMPTS + later.refused);
    });
  });

  // The post the store connected at start, kept to put back after a test swaps it.
  let realPost: CarrierPost;
  before(() => {
    realPost = async (carrier, payload, signature) => {
      const response = await store.app.inject({ method: 'POST', url: `/webhooks/carriers/${carrier}`, headers: { 'content-type': 'application/json', 'doorstep-carrier-signature': signature }, payload });
      return { status: response.statusCode, body: response.body };
    };
  });
});
