// Carrier webhooks from the outside: only a batch signed with the carriers' secret within five
// minutes of now is read (forged, missing and stale signatures are refused, and so are bodies
// that are not a batch of this carrier's events, with nothing written); events are recorded
// once however often they arrive (even twice at the same moment); a late scan never moves a
// parcel back; unknown tracking numbers are counted and dropped; an exception is noted,
// announced once and cleared by the next scan that shows progress.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { fixedClock } from '../../../platform/clock.ts';
import { rows } from '../../../platform/db/database.ts';
import { stockFigures } from '../../../testing/inventory.ts';
import { orderingStore, placeTestOrder, sellable } from '../../../testing/orders.ts';
import type { TestStore } from '../../../testing/store.ts';
import { allocatedLines } from '../../inventory/index.ts';
import { orderById, orderHistory } from '../../orders/index.ts';
import { trackingEvents } from '../schema.ts';
import { packShipment } from '../shipments/pack.ts';
import { moveShipment } from '../shipments/progress.ts';
import { shipmentById, type Shipment } from '../shipments/read.ts';
import type { TrackingCode } from '../states.ts';
import { generateTrackingNumber, type CarrierCode } from './numbers/index.ts';
import { carrierWebhookSecret, SIGNATURE_HEADER, signCarrierPayload, type WireEvent } from './wire.ts';

describe('fulfillment: carriers: webhooks', () => {
  const clock = fixedClock('2026-11-23T15:00:00Z');
  let store: TestStore;
  let kettle: string;

  before(async () => {
    store = await orderingStore(clock);
    kettle = await sellable(store, 3000, 500, 'Kettle');
  });
  after(() => store.close());

  const db = () => store.platform.database.db;
  const merchant = { kind: 'merchant' as const, id: 'staff-1' };

  /** A paid order's parcel, packed and handed to the carrier. */
  async function shippedParcel(carrier: CarrierCode = 'ups'): Promise<Shipment> {
    const { order } = await placeTestOrder(store, [[kettle, 1]]);
    const [line] = await allocatedLines(db(), order.number);
    return store.platform.database.transaction(async (tx) => {
      const parcel = await packShipment(
        store.platform,
        tx,
        { orderId: order.id, locationId: line!.locationId, lines: [{ orderLineId: order.lines[0]!.id, quantity: 1 }], carrier, service: 'Ground', trackingNumber: generateTrackingNumber(carrier) },
        merchant,
      );
      return (await moveShipment(store.platform, tx, parcel.id, 'shipped', merchant)).shipment;
    });
  }

  let serial = 0;
  function event(parcel: Shipment, code: TrackingCode, occurredAt: string, extra: Partial<WireEvent> = {}): WireEvent {
    return { id: `evt-${++serial}`, trackingNumber: parcel.trackingNumber, code, detail: code.replace('_', ' '), location: { city: 'Secaucus', region: 'NJ', country: 'US' }, occurredAt, ...extra };
  }

  interface PostOptions {
    timestamp?: number;
    secret?: string;
    signature?: string | null;
  }

  function post(carrier: string, body: unknown, options: PostOptions = {}) {
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    const timestamp = options.timestamp ?? Math.floor(clock.now().getTime() / 1000);
    const signature = options.signature === undefined ? signCarrierPayload(options.secret ?? carrierWebhookSecret(store.platform.config), payload, timestamp) : options.signature;
    return store.app.inject({
      method: 'POST',
      url: `/webhooks/carriers/${carrier}`,
      headers: { 'content-type': 'application/json', ...(signature === null ? {} : { [SIGNATURE_HEADER]: signature }) },
      payload,
    });
  }

  const eventsOf = (parcel: Shipment) => db().select().from(trackingEvents).where(eq(trackingEvents.shipmentId, parcel.id));
  const reread = async (parcel: Shipment) => (await shipmentById(db(), parcel.id))!;
  const exceptionsAnnounced = async (parcel: Shipment) =>
    (await rows<{ n: number }>(db(), sql`select count(*)::int as n from domain_events where type = 'shipment.exception' and payload->>'shipmentId' = ${parcel.id}`))[0]!.n;

  describe('carrier webhook signatures', () => {
    it('records a batch signed with the secret, and answers what it did', async () => {
      const parcel = await shippedParcel();
      const answer = await post('ups', { carrier: 'ups', events: [event(parcel, 'in_transit', '2026-11-23T22:00:00Z', { estimatedDelivery: { earliest: '2026-11-26', latest: '2026-11-26' } })] });
      assert.equal(answer.statusCode, 200, answer.body);
      assert.deepEqual(answer.json(), { received: 1, applied: 1, duplicates: 0, unknown: 0 });
      const now = await reread(parcel);
      assert.equal(now.status, 'in_transit');
      assert.deepEqual([now.estimateEarliest, now.estimateLatest, now.lastScanAt?.toISOString()], ['2026-11-26', '2026-11-26', '2026-11-23T22:00:00.000Z']);
      const [recorded] = await eventsOf(parcel);
      assert.deepEqual([recorded!.code, recorded!.location, recorded!.detail], ['in_transit', 'Secaucus, NJ', 'in transit']);
    });

    it('refuses a forged, missing, stale or future signature with 401 and writes nothing', async () => {
      const parcel = await shippedParcel();
      const body = { carrier: 'ups', events: [event(parcel, 'delivered', '2026-11-23T23:00:00Z')] };
      const now = Math.floor(clock.now().getTime() / 1000);
      const refusals = [
        await post('ups', body, { secret: 'not-the-secret-not-the-secret-not-the-secret' }),
        await post('ups', body, { signature: null }),
        await post('ups', body, { signature: `t=${now}` }),
        await post('ups', body, { signature: 'v1=nonsense' }),
        await post('ups', body, { timestamp: now - 301 }),
        await post('ups', body, { timestamp: now + 301 }),
      ];
      for (const refused of refusals) {
        assert.equal(refused.statusCode, 401, refused.body);
        assert.equal(refused.json().type.endsWith('webhook-signature'), true);
      }
      // A body changed after signing: the signature is over the exact bytes.
      const payload = JSON.stringify(body);
      const tampered = await store.app.inject({
        method: 'POST',
        url: '/webhooks/carriers/ups',
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signCarrierPayload(carrierWebhookSecret(store.platform.config), payload, now) },
        payload: payload.replace('delivered', 'in_transit'),
      });
      assert.equal(tampered.statusCode, 401);
      assert.equal((await eventsOf(parcel)).length, 0);
      assert.equal((await reread(parcel)).status, 'shipped');
      // Within the tolerance a signature is still good.
      assert.equal((await post('ups', body, { timestamp: now - 299 })).statusCode, 200);
    });

    it('refuses with 400 a body that is not a batch of this carrier’s events, and 404 a carrier we do not use', async () => {
      const parcel = await shippedParcel('fedex');
      const good = event(parcel, 'in_transit', '2026-11-23T22:00:00Z');
      const malformed: unknown[] = [
        '{"carrier":',
        { events: [good] },
        { carrier: 'fedex', events: [] },
        { carrier: 'fedex', events: [{ ...good, code: 'teleported' }] },
        { carrier: 'fedex', events: [{ ...good, occurredAt: 'yesterday afternoon, roughly' }] },
        { carrier: 'fedex', events: [{ ...good, occurredAt: '2026-11-23T22:00:00' }] },
        { carrier: 'fedex', events: [{ ...good, trackingNumber: '<script>' }] },
        { carrier: 'fedex', events: [{ ...good, estimatedDelivery: { earliest: '2026-11-27', latest: '2026-11-26' } }] },
        { carrier: 'fedex', events: [{ ...good, surprise: true }] },
        { carrier: 'ups', events: [good] },
        { carrier: 'fedex', events: Array.from({ length: 101 }, (_, i) => ({ ...good, id: `many-${i}` })) },
      ];
      for (const body of malformed) {
        const refused = await post('fedex', body);
        assert.equal(refused.statusCode, 400, `${JSON.stringify(body).slice(0, 80)}: ${refused.body}`);
        assert.equal(refused.json().type.endsWith('webhook-malformed'), true);
      }
      assert.equal((await eventsOf(parcel)).length, 0);
      assert.equal((await post('royal-mail', { carrier: 'royal-mail', events: [good] })).statusCode, 404);
      const text = await store.app.inject({ method: 'POST', url: '/webhooks/carriers/fedex', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
      assert.equal(text.statusCode, 400, 'not JSON');
    });
  });

  describe('recording carrier events', () => {
    it('ignores an event it already has: nothing changes, nothing is announced again', async () => {
      const parcel = await shippedParcel();
      const scan = event(parcel, 'out_for_delivery', '2026-11-24T12:30:00Z');
      assert.deepEqual((await post('ups', { carrier: 'ups', events: [scan] })).json(), { received: 1, applied: 1, duplicates: 0, unknown: 0 });
      const once = await reread(parcel);
      clock.advance(60_000);
      assert.deepEqual((await post('ups', { carrier: 'ups', events: [scan, scan] })).json(), { received: 2, applied: 0, duplicates: 2, unknown: 0 });
      assert.equal((await eventsOf(parcel)).length, 1);
      assert.deepEqual(await reread(parcel), once, 'the parcel is exactly as before');
      const announced = await rows<{ n: number }>(db(), sql`select count(*)::int as n from domain_events where type = 'shipment.out_for_delivery' and payload->>'shipmentId' = ${parcel.id}`);
      assert.equal(announced[0]!.n, 1);
    });

    it('moves the orders of a batch once each, to where all their parcels stand', async () => {
      // One order in two parcels, and another parcel of its own, all in one webhook.
      const { order } = await placeTestOrder(store, [[kettle, 2]]);
      const [line] = await allocatedLines(db(), order.number);
      const pair = await store.platform.database.transaction(async (tx) => {
        const packed: Shipment[] = [];
        for (let i = 0; i < 2; i++) {
          const parcel = await packShipment(
            store.platform,
            tx,
            { orderId: order.id, locationId: line!.locationId, lines: [{ orderLineId: order.lines[0]!.id, quantity: 1 }], carrier: 'ups', service: 'Ground', trackingNumber: generateTrackingNumber('ups') },
            merchant,
          );
          packed.push((await moveShipment(store.platform, tx, parcel.id, 'shipped', merchant)).shipment);
        }
        return packed;
      });
      const single = await shippedParcel();
      const before = (await orderHistory(db(), order.id)).length;
      const answer = await post('ups', {
        carrier: 'ups',
        events: [event(pair[0]!, 'delivered', '2026-11-24T10:00:00Z'), event(single, 'out_for_delivery', '2026-11-24T08:00:00Z'), event(pair[1]!, 'delivered', '2026-11-24T11:00:00Z')],
      });
      assert.equal(answer.statusCode, 200, answer.body);
      assert.equal((await orderById(db(), order.id))!.status, 'delivered');
      assert.equal((await orderById(db(), single.orderId))!.status, 'out_for_delivery');
      const moves = (await orderHistory(db(), order.id)).slice(before);
      assert.deepEqual(moves.map((m) => m.to), ['delivered'], 'one move, to where both parcels stand');
    });

    it('takes a whole journey in one webhook, in any order: each step at its scan time, the stock sold once', async () => {
      const { order } = await placeTestOrder(store, [[kettle, 1]]);
      const [line] = await allocatedLines(db(), order.number);
      const parcel = await store.platform.database.transaction((tx) =>
        packShipment(
          store.platform,
          tx,
          { orderId: order.id, locationId: line!.locationId, lines: [{ orderLineId: order.lines[0]!.id, quantity: 1 }], carrier: 'ups', service: 'Ground', trackingNumber: generateTrackingNumber('ups') },
          merchant,
        ),
      );
      const stock = (await stockFigures(store, kettle)).level.onHand;
      const answer = await post('ups', {
        carrier: 'ups',
        events: [event(parcel, 'delivered', '2026-11-25T15:00:00Z'), event(parcel, 'picked_up', '2026-11-23T18:00:00Z'), event(parcel, 'in_transit', '2026-11-24T03:00:00Z')],
      });
      assert.equal(answer.statusCode, 200, answer.body);
      const now = await reread(parcel);
      assert.deepEqual([now.status, now.shippedAt?.toISOString(), now.deliveredAt?.toISOString(), now.lastScanAt?.toISOString()], ['delivered', '2026-11-23T18:00:00.000Z', '2026-11-25T15:00:00.000Z', '2026-11-25T15:00:00.000Z']);
      assert.equal((await stockFigures(store, kettle)).level.onHand, stock - 1, 'sold once, when it left');
      const announced = await rows<{ type: string }>(db(), sql`select type from domain_events where type like 'shipment.%' and payload->>'shipmentId' = ${parcel.id} order by occurred_at, type`);
      assert.deepEqual(announced.map((e) => e.type).sort(), ['shipment.delivered', 'shipment.in_transit', 'shipment.packed', 'shipment.shipped']);
      assert.deepEqual((await orderHistory(db(), order.id)).map((h) => h.to).slice(-3), ['prepared', 'shipped', 'delivered']);
    });

    it('never moves a parcel back: delivered, then a late in-transit scan', async () => {
      const parcel = await shippedParcel();
      await post('ups', { carrier: 'ups', events: [event(parcel, 'delivered', '2026-11-25T17:00:00Z')] });
      const late = await post('ups', { carrier: 'ups', events: [event(parcel, 'in_transit', '2026-11-24T03:00:00Z', { estimatedDelivery: { earliest: '2026-11-25', latest: '2026-11-27' } })] });
      assert.deepEqual(late.json(), { received: 1, applied: 1, duplicates: 0, unknown: 0 }, 'recorded, for the history');
      const now = await reread(parcel);
      assert.equal(now.status, 'delivered');
      assert.equal(now.deliveredAt?.toISOString(), '2026-11-25T17:00:00.000Z');
      assert.equal(now.lastScanAt?.toISOString(), '2026-11-25T17:00:00.000Z', 'the newest scan stays the last one');
      assert.equal((await orderById(db(), parcel.orderId))!.status, 'delivered');
      assert.equal((await eventsOf(parcel)).length, 2);
    });

    it('keeps the newest estimate when an older event carrying one arrives late', async () => {
      const parcel = await shippedParcel('usps');
      const later = event(parcel, 'delayed', '2026-11-24T09:00:00Z', { estimatedDelivery: { earliest: '2026-11-30', latest: '2026-11-30' } });
      const earlier = event(parcel, 'picked_up', '2026-11-23T21:00:00Z', { estimatedDelivery: { earliest: '2026-11-26', latest: '2026-11-26' } });
      await post('usps', { carrier: 'usps', events: [later] });
      await post('usps', { carrier: 'usps', events: [earlier] });
      const now = await reread(parcel);
      assert.deepEqual([now.estimateEarliest, now.estimateLatest], ['2026-11-30', '2026-11-30']);
    });

    it('counts events about tracking numbers it does not know, records the rest, and answers 200', async () => {
      const parcel = await shippedParcel('dhl');
      const stranger = { ...event(parcel, 'in_transit', '2026-11-23T22:00:00Z'), trackingNumber: generateTrackingNumber('dhl') };
      const answer = await post('dhl', { carrier: 'dhl', events: [stranger, event(parcel, 'in_transit', '2026-11-23T23:00:00Z')] });
      assert.equal(answer.statusCode, 200);
      assert.deepEqual(answer.json(), { received: 2, applied: 1, duplicates: 0, unknown: 1 });
      const strangers = await rows<{ n: number }>(db(), sql`select count(*)::int as n from tracking_events e join shipments s on s.id = e.shipment_id where s.tracking_number = ${stranger.trackingNumber}`);
      assert.equal(strangers[0]!.n, 0);
      // A number we know, under another carrier, is not ours either.
      const elsewhere = await post('ups', { carrier: 'ups', events: [event(parcel, 'delivered', '2026-11-24T22:00:00Z')] });
      assert.deepEqual(elsewhere.json(), { received: 1, applied: 0, duplicates: 0, unknown: 1 });
      assert.equal((await reread(parcel)).status, 'in_transit');
    });

    it('notes an exception, announces it once, and clears it at the next scan that shows progress', async () => {
      const parcel = await shippedParcel();
      await post('ups', { carrier: 'ups', events: [event(parcel, 'out_for_delivery', '2026-11-26T13:00:00Z')] });
      const problem = event(parcel, 'exception', '2026-11-26T17:00:00Z', { detail: 'Delivery attempted: the address is incomplete', estimatedDelivery: { earliest: '2026-11-27', latest: '2026-11-27' } });
      await post('ups', { carrier: 'ups', events: [problem] });
      await post('ups', { carrier: 'ups', events: [problem] });
      let now = await reread(parcel);
      assert.equal(now.exception, 'Delivery attempted: the address is incomplete');
      assert.equal(now.estimateLatest, '2026-11-27');
      assert.equal(await exceptionsAnnounced(parcel), 1);

      // A scan from before the exception, arriving late, does not clear it.
      await post('ups', { carrier: 'ups', events: [event(parcel, 'in_transit', '2026-11-26T08:00:00Z')] });
      assert.equal((await reread(parcel)).exception, 'Delivery attempted: the address is incomplete');

      // The next morning's delivery run clears it, although the status stays out for delivery.
      await post('ups', { carrier: 'ups', events: [event(parcel, 'out_for_delivery', '2026-11-27T13:00:00Z', { detail: 'Address corrected: out for delivery' })] });
      now = await reread(parcel);
      assert.equal(now.exception, null);
      assert.equal(now.status, 'out_for_delivery');
      await post('ups', { carrier: 'ups', events: [event(parcel, 'delivered', '2026-11-27T16:00:00Z')] });
      assert.equal((await reread(parcel)).status, 'delivered');
      assert.equal(await exceptionsAnnounced(parcel), 1);
    });

    it('keeps an exception newer than the scans that arrive with it, and does not announce one already dealt with', async () => {
      const parcel = await shippedParcel();
      const delayed = event(parcel, 'delayed', '2026-11-24T10:00:00Z', { detail: 'Delayed in transit', estimatedDelivery: { earliest: '2026-11-27', latest: '2026-11-27' } });
      // Out of order in one batch: the delay, and the older scan that moves the parcel.
      await post('ups', { carrier: 'ups', events: [delayed, event(parcel, 'in_transit', '2026-11-24T02:00:00Z')] });
      let now = await reread(parcel);
      assert.deepEqual([now.status, now.exception, now.estimateLatest], ['in_transit', 'Delayed in transit', '2026-11-27']);
      assert.equal(await exceptionsAnnounced(parcel), 1);

      const other = await shippedParcel();
      await post('ups', { carrier: 'ups', events: [event(other, 'in_transit', '2026-11-24T12:00:00Z'), event(other, 'exception', '2026-11-24T09:00:00Z', { detail: 'Damaged label, relabelled' })] });
      now = await reread(other);
      assert.equal(now.exception, null, 'the scan after it shows the parcel moved on');
      assert.equal(await exceptionsAnnounced(other), 0);
      assert.equal((await eventsOf(other)).length, 2, 'both are in the history');
    });

    it('applies each event exactly once when the same webhook arrives twice at the same moment', async () => {
      const parcel = await shippedParcel();
      const batch = {
        carrier: 'ups',
        events: [
          event(parcel, 'in_transit', '2026-11-24T02:00:00Z'),
          event(parcel, 'out_for_delivery', '2026-11-24T12:00:00Z'),
          event(parcel, 'exception', '2026-11-24T16:00:00Z', { detail: 'Receiver not home' }),
        ],
      };
      const answers = await Promise.all([post('ups', batch), post('ups', batch), post('ups', batch)]);
      assert.deepEqual(answers.map((a) => a.statusCode), [200, 200, 200]);
      const applied = answers.map((a) => a.json() as { applied: number; duplicates: number });
      assert.equal(applied.reduce((sum, a) => sum + a.applied, 0), 3);
      assert.equal(applied.reduce((sum, a) => sum + a.duplicates, 0), 6);
      assert.equal((await eventsOf(parcel)).length, 3);
      assert.equal(await exceptionsAnnounced(parcel), 1);
      const moves = await rows<{ type: string }>(db(), sql`select type from domain_events where type like 'shipment.%' and payload->>'shipmentId' = ${parcel.id} order by type`);
      assert.deepEqual(moves.map((m) => m.type), ['shipment.exception', 'shipment.in_transit', 'shipment.out_for_delivery', 'shipment.packed', 'shipment.shipped']);
    });
  });
});
