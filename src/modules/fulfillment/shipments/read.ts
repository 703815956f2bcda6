// Reading shipments: an order's parcels with what each holds, one parcel by id or by its
// carrier's tracking number, and the tracking events of parcels, oldest first.
import { and, asc, eq, inArray } from 'drizzle-orm';
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

async function withLines(db: Db, rows: readonly ShipmentRow[]): Promise<Shipment[]> {
  if (rows.length === 0) return [];
  const lines = await db
    .select()
    .from(shipmentLines)
    .where(inArray(shipmentLines.shipmentId, rows.map((r) => r.id)));
  return rows.map((row) => ({
    ...row,
    lines: lines.filter((l) => l.shipmentId === row.id).map(({ orderLineId, variantId, quantity }) => ({ orderLineId, variantId, quantity })),
  }));
}

/** The order's parcels in the order they were packed. */
export async function shipmentsOfOrder(db: Db, orderId: string): Promise<Shipment[]> {
  if (!UUID.test(orderId)) return [];
  return withLines(db, await db.select().from(shipments).where(eq(shipments.orderId, orderId)).orderBy(asc(shipments.seq)));
}

export async function shipmentById(db: Db, id: string): Promise<Shipment | null> {
  if (!UUID.test(id)) return null;
  const [found] = await withLines(db, await db.select().from(shipments).where(eq(shipments.id, id)));
  return found ?? null;
}

/** The parcel a carrier's event is about; the number must be normalised already. */
export async function shipmentByTracking(db: Db, carrier: string, trackingNumber: string): Promise<Shipment | null> {
  const [found] = await withLines(db, await db.select().from(shipments).where(and(eq(shipments.carrier, carrier), eq(shipments.trackingNumber, trackingNumber))));
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
