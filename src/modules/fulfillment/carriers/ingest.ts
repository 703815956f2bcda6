// Recording what a carrier said, one webhook (a batch of events) in one transaction. Each event
// is matched to its parcel by carrier and tracking number; an unknown number is recorded nowhere
// and only counted (the carrier gets its 200 all the same, or it would retry for days). A
// known event is inserted once: its (parcel, carrier event id) is unique, so a repeat, even one
// delivered at the same moment by another request, changes nothing. For what is new, in the
// order things happened: the last scan time moves on, the newest estimate an event carries
// becomes the parcel's, an exception or a delay is noted (and announced once) unless a later
// scan already shows progress, and a later scan that shows progress clears it. The parcel then
// moves to the status each scan proves, forward only (moveShipments), at the scan's time: all the
// webhook's parcels are written in one statement.
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import { newId } from '../../../platform/ids.ts';
import type { Platform } from '../../../platform/platform.ts';
import { shipmentException } from '../events.ts';
import { trackingEvents, shipments } from '../schema.ts';
import { moveShipments } from '../shipments/progress.ts';
import { parcelColumns, type LockedShipment } from '../shipments/read.ts';
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

/** A locked parcel with the times of its newest recorded estimate, exception and progress scan. */
interface Locked extends LockedShipment {
  estimateAt: Date | null;
  exceptionAt: Date | null;
  progressAt: Date | null;
}

/**
 * Locks the parcels these numbers name (in id order, so two webhooks about the same parcels
 * queue instead of deadlocking) and reads the times that decide what a new event changes:
 * one round trip per webhook.
 */
async function lockParcels(tx: Db, carrier: CarrierCode, numbers: readonly string[]): Promise<Locked[]> {
  const newest = (filter: SQL) => sql<Date | string | null>`(select max(e.occurred_at) from ${trackingEvents} e where e.shipment_id = "shipments"."id" and ${filter})`;
  const found = await tx
    .select({
      row: parcelColumns(),
      estimateAt: newest(sql`e.estimate_earliest is not null`),
      exceptionAt: newest(sql`e.code in ('exception', 'delayed')`),
      progressAt: newest(sql`e.code not in ('exception', 'delayed')`),
    })
    .from(shipments)
    .where(and(eq(shipments.carrier, carrier), inArray(shipments.trackingNumber, [...numbers])))
    .orderBy(asc(shipments.id))
    .for('update', { of: shipments });
  const date = (value: Date | string | null) => (value === null ? null : new Date(value));
  return found.map(({ row, estimateAt, exceptionAt, progressAt }) => ({ ...(row as LockedShipment), estimateAt: date(estimateAt), exceptionAt: date(exceptionAt), progressAt: date(progressAt) }));
}

export async function ingestCarrierEvents(platform: Platform, carrier: CarrierCode, events: readonly CarrierEvent[]): Promise<IngestResult> {
  const result: IngestResult = { received: events.length, applied: 0, duplicates: 0, unknown: 0 };
  if (events.length === 0) return result;
  const receivedAt = platform.clock.now();
  const unknownNumbers = await platform.database.transaction(async (tx) => {
    const parcels = await lockParcels(tx, carrier, [...new Set(events.map((e) => e.trackingNumber))]);
    const byNumber = new Map(parcels.map((p) => [p.trackingNumber, p]));
    const unknown = new Set<string>();
    const fresh = new Map<string, { parcel: Locked; event: CarrierEvent }>();
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

    const newOf = new Map<string, { parcel: Locked; list: { id: string; event: CarrierEvent }[] }>();
    for (const row of inserted) {
      const { parcel, event } = fresh.get(`${row.shipmentId}\u0000${row.carrierEventId}`)!;
      const entry = newOf.get(parcel.id) ?? { parcel, list: [] };
      entry.list.push({ id: row.id, event });
      newOf.set(parcel.id, entry);
    }
    await applyChanges(platform, tx, carrier, [...newOf.values()].map(({ parcel, list }) => changeOf(parcel, list)));
    return unknown;
  });
  if (unknownNumbers.size > 0) {
    platform.log.warn({ carrier, unknown: result.unknown, trackingNumbers: [...unknownNumbers].slice(0, 10) }, 'carrier events about tracking numbers we do not know were dropped');
  }
  return result;
}

interface ParcelChange {
  parcel: Locked;
  estimate: { earliest: string | null; latest: string | null };
  exception: string | null;
  lastScanAt: Date | null;
  /** The statuses its new scans prove, each further than the one before, in the order they happened. */
  moves: { to: ShipmentStatus; event: CarrierEvent }[];
  /** New exception and delay events no later scan has dealt with: each announced once. */
  announce: string[];
}

/** What the parcel's new events (taken in the order they happened) change, worked out before anything is written. */
function changeOf(parcel: Locked, list: readonly { id: string; event: CarrierEvent }[]): ParcelChange {
  const ordered = [...list].sort((a, b) => a.event.occurredAt.getTime() - b.event.occurredAt.getTime());
  let { estimateAt, exceptionAt, progressAt } = parcel;
  let estimate = { earliest: parcel.estimateEarliest, latest: parcel.estimateLatest };
  let exception = parcel.exception;
  let lastScanAt = parcel.lastScanAt;
  const notes: { id: string; at: Date }[] = [];
  const moves: ParcelChange['moves'] = [];
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
  // Announced unless a scan after it (in this webhook too) shows it was dealt with.
  const announce = notes.filter((note) => later(note.at, progressAt)).map((note) => note.id);
  return { parcel, estimate, exception, lastScanAt, moves, announce };
}

async function applyChanges(platform: Platform, tx: Db, carrier: CarrierCode, changes: readonly ParcelChange[]): Promise<void> {
  if (changes.length === 0) return;
  const name = CARRIERS[carrier].name;
  // One write for every parcel of the webhook, then each order brought in step once.
  const after = await moveShipments(
    platform,
    tx,
    changes.map(({ parcel, moves, estimate, exception, lastScanAt }) => ({
      parcel,
      moves: moves.map(({ to, event }) => ({ to, at: event.occurredAt, by: { kind: 'system', reason: `${name}: ${event.detail || to.replaceAll('_', ' ')}` } })),
      scan: { estimateEarliest: estimate.earliest, estimateLatest: estimate.latest, exception, lastScanAt },
    })),
  );
  for (const [i, { parcel, announce }] of changes.entries()) {
    for (const trackingEventId of announce) {
      await platform.events.publish(tx, shipmentException, { shipmentId: parcel.id, orderId: parcel.orderId, orderNumber: parcel.orderNumber, status: after[i]!.status, trackingEventId }, 'system');
    }
  }
}
