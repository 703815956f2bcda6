// What fulfillment adds to the staff order search: the order of a tracking number (typed
// however: spaces, dashes and case do not matter; the whole number, as carriers print it) and
// the number of parcels of each order listed, each one indexed query for the whole page.
import { count, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import { normalizeTrackingNumber } from '../carriers/numbers/index.ts';
import { shipments } from '../schema.ts';

/** Shorter than any carrier's number: not worth a query. */
const SHORTEST_TRACKING_NUMBER = 8;

export async function ordersOfTrackingNumber(db: Db, query: string): Promise<string[]> {
  const number = normalizeTrackingNumber(query);
  if (!number || number.length < SHORTEST_TRACKING_NUMBER || !/^[A-Z0-9]+$/.test(number)) return [];
  const found = await db.selectDistinct({ orderId: shipments.orderId }).from(shipments).where(eq(shipments.trackingNumber, number));
  return found.map((row) => row.orderId);
}

export async function parcelCounts(db: Db, orderIds: readonly string[]): Promise<Map<string, number>> {
  const found = await db
    .select({ orderId: shipments.orderId, parcels: count() })
    .from(shipments)
    .where(inArray(shipments.orderId, [...orderIds]))
    .groupBy(shipments.orderId);
  return new Map(found.map((row) => [row.orderId, row.parcels]));
}
