// Starting a parcel's tracking at the simulated carrier. The adapter's request arrives as a job
// (queued in the transaction that asked, so it exists only if that commits, and retried like
// any job): the carrier's side works outside the store's transactions, as a real carrier would.
// The parcel's journey is planned once (timeline.ts) and written as events to send, each at
// its time. The parcel's faults are drawn here from the
// switches in force: an address problem or a delay changes the journey; a late delivery or two
// events swapped changes only when the store hears of them. The draws come from a random
// sequence seeded by the tracking number, so planning the same parcel again gives the same
// journey, and the event ids (also derived from it) make a second planning add nothing.
import { createHash } from 'node:crypto';
import type { Db } from '../../../../platform/db/database.ts';
import type { Platform } from '../../../../platform/platform.ts';
import { orderById } from '../../../orders/index.ts';
import { storeCalendar } from '../../../shipping/index.ts';
import { shipmentById, type Shipment } from '../../shipments/read.ts';
import { isCarrierCode, type CarrierCode } from '../numbers/index.ts';
import { readCarrierFaults, type CarrierFaults } from './faults.ts';
import { carrierSimulatorEvents, type SimulatedPlace } from './schema.ts';
import { planTimeline, type PlannedEvent } from './timeline.ts';

const MINUTE = 60_000;

/** A repeatable random sequence in [0, 1) (mulberry32) seeded by `text`. */
export function seededRandom(text: string): () => number {
  let state = createHash('sha256').update(text).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The carrier's id of the parcel's `seq`th event. */
export function simulatedEventId(carrier: CarrierCode, trackingNumber: string, seq: number): string {
  return `${carrier}-ev-${createHash('sha256').update(`${carrier}|${trackingNumber}|${seq}`).digest('hex').slice(0, 24)}`;
}

export interface PlannedDelivery extends PlannedEvent {
  /** When the store is to be told. */
  dueAt: Date;
}

/** When each event is sent: as it happens, later for the late ones, and one pair swapped when out of order. */
export function deliverySchedule(events: readonly PlannedEvent[], faults: CarrierFaults, random: () => number): PlannedDelivery[] {
  const planned = events.map((event) => ({ ...event, dueAt: new Date(event.occurredAt.getTime() + (random() < faults.lateRate ? faults.lateMinutes * MINUTE : 0)) }));
  if (planned.length > 2 && random() < faults.outOfOrderRate) {
    // Any pair after the label: the earlier of the two reaches the store after the later one.
    const first = 1 + Math.floor(random() * (planned.length - 2));
    planned[first]!.dueAt = new Date(Math.max(planned[first]!.dueAt.getTime(), planned[first + 1]!.dueAt.getTime() + 2 * MINUTE));
  }
  return planned;
}

/** The job that carries a tracking request to the simulator. */
export const START_TRACKING_JOB = 'fulfillment.carrier-simulator-start-tracking';

/** Asks the simulator, in the caller's transaction, to plan the parcel's events. */
export async function requestTracking(platform: Platform, tx: Db, shipmentId: string): Promise<void> {
  await platform.jobs.send(tx, START_TRACKING_JOB, { shipmentId });
}

/** The job's work: plans the parcel's events, unless the parcel is gone. */
export async function startTrackingJob(platform: Platform, data: { shipmentId: string }): Promise<void> {
  const shipment = await shipmentById(platform.database.db, data.shipmentId);
  if (shipment) await planParcel(platform, shipment);
}

/** Plans the parcel's tracking events (nothing when it was planned before). Not inside a transaction: it reads the store's calendar. */
export async function planParcel(platform: Platform, shipment: Shipment): Promise<void> {
  if (!isCarrierCode(shipment.carrier)) throw new RangeError(`No simulated carrier ${shipment.carrier}`);
  const carrier = shipment.carrier;
  const db = platform.database.db;
  const [faults, calendar, order] = [await readCarrierFaults(platform, db), await storeCalendar(platform), await orderById(db, shipment.orderId)];
  const random = seededRandom(`${carrier}|${shipment.trackingNumber}`);
  const address = order?.shippingAddress;
  const destination: SimulatedPlace = address ? { city: address.city, ...(address.region ? { region: address.region } : {}), country: address.country } : {};
  const now = platform.clock.now();
  const timeline = planTimeline({
    carrier,
    service: shipment.service,
    now,
    calendar,
    storeEstimate: shipment.estimateEarliest && shipment.estimateLatest ? { earliest: shipment.estimateEarliest, latest: shipment.estimateLatest } : null,
    destination,
    addressIssue: random() < faults.addressIssueRate,
    delay: random() < faults.delayRate,
    random,
  });
  const schedule = deliverySchedule(timeline, faults, random);
  await db
    .insert(carrierSimulatorEvents)
    .values(
      schedule.map((event, index) => ({
        id: simulatedEventId(carrier, shipment.trackingNumber, index + 1),
        carrier,
        trackingNumber: shipment.trackingNumber,
        seq: index + 1,
        code: event.code,
        detail: event.detail,
        location: event.location,
        occurredAt: event.occurredAt,
        dueAt: event.dueAt,
        estimateEarliest: event.estimate?.earliest ?? null,
        estimateLatest: event.estimate?.latest ?? null,
        nextAttemptAt: event.dueAt,
        plannedAt: now,
      })),
    )
    .onConflictDoNothing();
}
