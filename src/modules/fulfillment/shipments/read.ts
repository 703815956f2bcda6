// Reading shipments: an order's parcels with what each holds, one parcel by id or by its
// carrier's tracking number, and the tracking events of parcels, oldest first.
import { and, asc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import { shipmentLines, shipments, trackingEvents } from '../schema.ts';

export type ShipmentRow = typeof shipments.$inferSelect;
export type TrackingEvent = typeof trackingEvents.$inferSelect;

export interface ShipmentLine {
  orderLineId: string;
  variantId: string;
  quantity: number;
}

export interface Shipment extends ShipmentRow {
  lines: ShipmentLine[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Parcels with what each holds, in one query: the lines come along as a JSON array. Every
 * read of a parcel goes through here (its page, a carrier's scan moving it, the delay checks).
 */
export function parcels(db: Db) {
  return db.select(parcelColumns()).from(shipments);
}

/** A parcel's columns and its lines as a JSON array, for a query that selects more beside them. */
export function parcelColumns() {
  return {
    ...getTableColumns(shipments),
    lines: sql<ShipmentLine[]>`(
      select coalesce(json_agg(json_build_object('orderLineId', l.order_line_id, 'variantId', l.variant_id, 'quantity', l.quantity)), '[]'::json)
        from ${shipmentLines} l where l.shipment_id = ${shipments}."id")`,
  };
}

/** The order's parcels in the order they were packed. */
export async function shipmentsOfOrder(db: Db, orderId: string): Promise<Shipment[]> {
  return (await shipmentsOfOrders(db, [orderId])).get(orderId) ?? [];
}

/** Several orders' parcels in one query, each order's in the order they were packed. */
export async function shipmentsOfOrders(db: Db, orderIds: readonly string[]): Promise<Map<string, Shipment[]>> {
  const ids = orderIds.filter((id) => UUID.test(id));
  const byOrder = new Map<string, Shipment[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byOrder;
  for (const parcel of await parcels(db).where(inArray(shipments.orderId, ids)).orderBy(asc(shipments.orderId), asc(shipments.seq))) byOrder.get(parcel.orderId)!.push(parcel);
  return byOrder;
}

export async function shipmentById(db: Db, id: string): Promise<Shipment | null> {
  if (!UUID.test(id)) return null;
  const [found] = await parcels(db).where(eq(shipments.id, id));
  return found ?? null;
}

/** The parcel, locked until the transaction ends: the one read before it moves. */
export async function lockShipment(tx: Db, id: string): Promise<LockedShipment | null> {
  if (!UUID.test(id)) return null;
  const [found] = await parcels(tx).where(eq(shipments.id, id)).for('update', { of: shipments });
  return (found as LockedShipment | undefined) ?? null;
}

declare const lockedInTransaction: unique symbol;
/** A parcel read under its row lock (lockShipment, or `for update` over parcelColumns()), which lasts until the transaction ends. */
export type LockedShipment = Shipment & { readonly [lockedInTransaction]: true };

/** The parcel a carrier's event is about; the number must be normalised already. */
export async function shipmentByTracking(db: Db, carrier: string, trackingNumber: string): Promise<Shipment | null> {
  const [found] = await parcels(db).where(and(eq(shipments.carrier, carrier), eq(shipments.trackingNumber, trackingNumber)));
  return found ?? null;
}

/** What the carriers said about these parcels, oldest scan first. */
export async function trackingEventsOf(db: Db, shipmentIds: readonly string[]): Promise<TrackingEvent[]> {
  if (shipmentIds.length === 0) return [];
  return db
    .select()
    .from(trackingEvents)
    .where(inArray(trackingEvents.shipmentId, [...shipmentIds]))
    .orderBy(asc(trackingEvents.occurredAt), asc(trackingEvents.receivedAt));
}
