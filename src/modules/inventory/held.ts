// The units a holder (a shopper's checkout) has reserved: they are the shopper's own, so
// what that shopper is shown counts them as available to them.
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { stockReservationLines, stockReservations } from './schema.ts';

export interface HeldUnits {
  quantity: number;
  /** Where the first of them is held: the location the line ships from. */
  locationId: string;
}

export async function heldUnits(db: Db, holder: string | null | undefined, variantIds: readonly string[]): Promise<Map<string, HeldUnits>> {
  const found = new Map<string, HeldUnits>();
  if (!holder || variantIds.length === 0) return found;
  const rows = await db
    .select({ variantId: stockReservationLines.variantId, locationId: stockReservationLines.locationId, quantity: stockReservationLines.quantity })
    .from(stockReservationLines)
    .innerJoin(stockReservations, eq(stockReservations.id, stockReservationLines.reservationId))
    .where(and(eq(stockReservations.holder, holder), inArray(stockReservations.status, ['held', 'allocated']), inArray(stockReservationLines.variantId, [...variantIds])));
  for (const row of rows) {
    const before = found.get(row.variantId);
    found.set(row.variantId, { quantity: (before?.quantity ?? 0) + row.quantity, locationId: before?.locationId ?? row.locationId });
  }
  return found;
}
