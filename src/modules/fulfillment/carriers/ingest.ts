// Recording what a carrier said, one webhook (a batch of events) in one transaction. Each event
// is matched to its parcel by carrier and tracking number; an unknown number is recorded nowhere
// and only counted (the carrier gets its 200 all the same, or it would retry for days). A
// known event is inserted once: its (parcel, carrier event id) is unique, so a repeat, even one
// delivered at the same moment by another request, changes nothing. For what is new, in the
// order things happened: the last scan time moves on, the newest estimate an event carries
// becomes the parcel's, an exception or a delay is noted (and announced once) unless a later
// scan already shows progress, and a later scan that shows progress clears it. The parcel then
// moves to the status each scan proves, forward only (moveShipment), at the scan's time.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import { rows } from '../../../platform/db/database.ts';
import { newId } from '../../../platform/ids.ts';
import type { Platform } from '../../../platform/platform.ts';
import { shipmentException } from '../events.ts';
import { trackingEvents, shipments } from '../schema.ts';
import { moveShipment } from '../shipments/progress.ts';
import { shipmentRank, STATUS_OF_CODE, type ShipmentStatus, type TrackingCode } from '../states.ts';
import type { CarrierEvent } from './adapter.ts';
import { CARRIERS, type CarrierCode } from './numbers/index.ts';

export interface IngestResult {
  /** Events in the webhook. */
  received: number;
  /** Events recorded now. */
  applied: number;
  /** Events recorded before (or twice in this webhook): nothing changed. */
  duplicates: number;
  /** Events about tracking numbers we do not know. */
  unknown: number;
}

const NOTES: ReadonlySet<TrackingCode> = new Set(['exception', 'delayed']);

type Row = typeof shipments.$inferSelect;

interface Known {
  estimateAt: Date | null;
  exceptionAt: Date | null;
  progressAt: Date | null;
}

async function lockParcels(tx: Db, carrier: CarrierCode, numbers: readonly string[]): Promise<Row[]> {
  // In id order, so two webhooks about the same parcels queue instead of deadlocking.
  return tx
    .select()
    .from(shipments)
    .where(and(eq(shipments.carrier, carrier), inArray(shipments.trackingNumber, [...numbers])))
    .orderBy(asc(shipments.id))
    .for('update');
}

async function knownTimes(tx: Db, ids: readonly string[]): Promise<Map<string, Known>> {
  const found = await rows<{ shipment_id: string; estimate_at: Date | string | null; exception_at: Date | string | null; progress_at: Date | string | null }>(
    tx,
    sql`select shipment_id,
               max(occurred_at) filter (where estimate_earliest is not null) as estimate_at,
               max(occurred_at) filter (where code in ('exception', 'delayed')) as exception_at,
               max(occurred_at) filter (where code not in ('exception', 'delayed')) as progress_at
          from tracking_events
         where shipment_id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})
         group by shipment_id`,
  );
  const date = (value: Date | string | null) => (value === null ? null : new Date(value));
  return new Map(found.map((r) => [r.shipment_id, { estimateAt: date(r.estimate_at), exceptionAt: date(r.exception_at), progressAt: date(r.progress_at) }]));
}

export async function ingestCarrierEvents(platform: Platform, carrier: CarrierCode, events: readonly CarrierEvent[]): Promise<IngestResult> {
  const result: IngestResult = { received: events.length, applied: 0, duplicates: 0, unknown: 0 };
  if (events.length === 0) return result;
  const receivedAt = platform.clock.now();
  const unknownNumbers = await platform.database.transaction(async (tx) => {
    const parcels = await lockParcels(tx, carrier, [...new Set(events.map((e) => e.trackingNumber))]);
    const byNumber = new Map(parcels.map((p) => [p.trackingNumber, p]));
    const unknown = new Set<string>();
    const fresh = new Map<string, { parcel: Row; event: CarrierEvent }>();
    for (const event of events) {
      const parcel = byNumber.get(event.trackingNumber);
      if (!parcel) {
        result.unknown++;
        unknown.add(event.trackingNumber);
        continue;
      }
      const key = `${parcel.id}\u0000${event.carrierEventId}`;
      if (fresh.has(key)) result.duplicates++;
      else fresh.set(key, { parcel, event });
    }
    if (fresh.size === 0) return unknown;

    const known = await knownTimes(tx, [...new Set([...fresh.values()].map((f) => f.parcel.id))]);
    const inserted = await tx
      .insert(trackingEvents)
      .values(
        [...fresh.values()].map(({ parcel, event }) => ({
          id: newId(),
          shipmentId: parcel.id,
          carrierEventId: event.carrierEventId,
          code: event.code,
          detail: event.detail,
          location: event.location,
          occurredAt: event.occurredAt,
          receivedAt,
          estimateEarliest: event.estimate?.earliest ?? null,
          estimateLatest: event.estimate?.latest ?? null,
        })),
      )
      .onConflictDoNothing({ target: [trackingEvents.shipmentId, trackingEvents.carrierEventId] })
      .returning({ id: trackingEvents.id, shipmentId: trackingEvents.shipmentId, carrierEventId: trackingEvents.carrierEventId });
    result.applied = inserted.length;
    result.duplicates += fresh.size - inserted.length;

    const newOf = new Map<string, { id: string; event: CarrierEvent }[]>();
    for (const row of inserted) {
      const { event } = fresh.get(`${row.shipmentId}\u0000${row.carrierEventId}`)!;
      newOf.set(row.shipmentId, [...(newOf.get(row.shipmentId) ?? []), { id: row.id, event }]);
    }
    for (const [shipmentId, list] of newOf) {
      const parcel = fresh.get(`${shipmentId}\u0000${list[0]!.event.carrierEventId}`)!.parcel;
      await applyToParcel(platform, tx, carrier, parcel, known.get(shipmentId) ?? { estimateAt: null, exceptionAt: null, progressAt: null }, list);
    }
    return unknown;
  });
  if (unknownNumbers.size > 0) {
    platform.log.warn({ carrier, unknown: result.unknown, trackingNumbers: [...unknownNumbers].slice(0, 10) }, 'carrier events about tracking numbers we do not know were dropped');
  }
  return result;
}

async function applyToParcel(platform: Platform, tx: Db, carrier: CarrierCode, parcel: Row, known: Known, list: { id: string; event: CarrierEvent }[]): Promise<void> {
  const ordered = [...list].sort((a, b) => a.event.occurredAt.getTime() - b.event.occurredAt.getTime());
  let { estimateAt, exceptionAt, progressAt } = known;
  let estimate = { earliest: parcel.estimateEarliest, latest: parcel.estimateLatest };
  let exception = parcel.exception;
  let lastScanAt = parcel.lastScanAt;
  const notes: { id: string; at: Date }[] = [];
  const moves: { to: ShipmentStatus; event: CarrierEvent }[] = [];
  let rank = shipmentRank(parcel.status);
  const later = (a: Date, b: Date | null) => b === null || a.getTime() > b.getTime();

  for (const { id, event } of ordered) {
    const at = event.occurredAt;
    if (later(at, lastScanAt)) lastScanAt = at;
    if (event.estimate && (estimateAt === null || at.getTime() >= estimateAt.getTime())) {
      estimate = event.estimate;
      estimateAt = at;
    }
    if (NOTES.has(event.code)) {
      // An exception older than a scan that already shows progress was dealt with: recorded, not news.
      if (!later(at, progressAt)) continue;
      if (later(at, exceptionAt)) {
        exception = event.detail || (event.code === 'delayed' ? 'Delayed in transit' : 'A problem on the way');
        exceptionAt = at;
      }
      notes.push({ id, at });
      continue;
    }
    if (later(at, progressAt)) progressAt = at;
    if (exception !== null && exceptionAt !== null && at.getTime() > exceptionAt.getTime()) exception = null;
    const to = STATUS_OF_CODE[event.code];
    if (to && shipmentRank(to) > rank) {
      moves.push({ to, event });
      rank = shipmentRank(to);
    }
  }

  const name = CARRIERS[carrier].name;
  for (const { to, event } of moves) {
    await moveShipment(platform, tx, parcel.id, to, { kind: 'system', reason: `${name}: ${event.detail || to.replaceAll('_', ' ')}` }, event.occurredAt);
  }
  // After the moves, which clear the exception: a newer one than the scans that moved it stands.
  await tx
    .update(shipments)
    .set({ estimateEarliest: estimate.earliest, estimateLatest: estimate.latest, exception, lastScanAt, updatedAt: platform.clock.now() })
    .where(eq(shipments.id, parcel.id));
  // Announced once each, unless a scan after it (in this webhook too) shows it was dealt with.
  const announce = notes.filter((note) => later(note.at, progressAt)).map((note) => note.id);
  for (const trackingEventId of announce) {
    await platform.events.publish(tx, shipmentException, { shipmentId: parcel.id, orderId: parcel.orderId, orderNumber: parcel.orderNumber, status: moves.at(-1)?.to ?? parcel.status, trackingEventId }, 'system');
  }
}
