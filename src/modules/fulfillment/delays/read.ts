// Reading delays and what the checks look at: an order's delays, the open ones, the parcels of
// many orders at once, the parcels on their way that may have gone quiet or hit a problem, and
// the carrier event that reported a parcel's exception.
import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import { oncePerOrderPage } from '../per-page.ts';
import { shipments, trackingEvents } from '../schema.ts';
import { parcels, type Shipment, type TrackingEvent } from '../shipments/read.ts';
import { orderDelays } from './schema.ts';

export type OrderDelay = typeof orderDelays.$inferSelect;

/** The order's delays, newest first. */
export function delaysOfOrder(db: Db, orderId: string): Promise<OrderDelay[]> {
  return db.select().from(orderDelays).where(eq(orderDelays.orderId, orderId)).orderBy(desc(orderDelays.detectedAt), desc(orderDelays.id));
}

/** The order's delays not over yet (through the partial index of open delays). */
export function openDelaysOfOrder(db: Db, orderId: string): Promise<OrderDelay[]> {
  return db
    .select()
    .from(orderDelays)
    .where(and(eq(orderDelays.orderId, orderId), isNull(orderDelays.resolvedAt)))
    .orderBy(desc(orderDelays.detectedAt), desc(orderDelays.id));
}

/** The open delays for one order page: its notice and its "Arrives …" sentence share one read. */
export const openDelaysOnPage = oncePerOrderPage((db, order) => openDelaysOfOrder(db, order.id));

/** The delays of these orders, newest first. */
export async function delaysOfOrders(db: Db, orderIds: readonly string[]): Promise<OrderDelay[]> {
  if (orderIds.length === 0) return [];
  return db.select().from(orderDelays).where(inArray(orderDelays.orderId, [...orderIds])).orderBy(desc(orderDelays.detectedAt), desc(orderDelays.id));
}

/** Delays not over yet, oldest first (at most `limit`). */
export function openDelays(db: Db, limit: number): Promise<OrderDelay[]> {
  return db.select().from(orderDelays).where(isNull(orderDelays.resolvedAt)).orderBy(asc(orderDelays.detectedAt), asc(orderDelays.id)).limit(limit);
}

/** The parcels of these orders with their lines (one query whatever the number of orders). */
export async function parcelsOfOrders(db: Db, orderIds: readonly string[]): Promise<Map<string, Shipment[]>> {
  const found = new Map<string, Shipment[]>(orderIds.map((id) => [id, []]));
  for (const parcel of orderIds.length ? await parcels(db).where(inArray(shipments.orderId, [...orderIds])).orderBy(asc(shipments.seq)) : []) {
    found.get(parcel.orderId)!.push(parcel);
  }
  return found;
}

/**
 * Parcels not delivered that either carry a carrier exception, or have left and have not been
 * scanned since before `quietSince` (no scan yet: since they left). A parcel quiet for N
 * business days has been quiet for at least N calendar days, so the caller passes now less N
 * days and checks business days itself. Oldest first, at most `limit`.
 */
export async function parcelsToWatch(db: Db, quietSince: Date, limit: number): Promise<Shipment[]> {
  const lastHeard = sql`coalesce(${shipments.lastScanAt}, ${shipments.shippedAt})`;
  return parcels(db)
    .where(and(ne(shipments.status, 'delivered'), or(isNotNull(shipments.exception), and(ne(shipments.status, 'packed'), lt(lastHeard, quietSince)))))
    .orderBy(asc(shipments.updatedAt))
    .limit(limit);
}

/** The newest exception or delay the carrier reported for the parcel, if any. */
export async function lastCarrierProblem(db: Db, shipmentId: string): Promise<TrackingEvent | null> {
  const [found] = await db
    .select()
    .from(trackingEvents)
    .where(and(eq(trackingEvents.shipmentId, shipmentId), inArray(trackingEvents.code, ['exception', 'delayed'])))
    .orderBy(desc(trackingEvents.occurredAt), desc(trackingEvents.receivedAt))
    .limit(1);
  return found ?? null;
}
