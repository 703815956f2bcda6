// Stock per location for a list of SKUs, as a warehouse system reads it to reconcile its own
// counts with the store's: on hand, reserved for checkouts and orders, and what is left.
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import { stockLevels, stockLocations } from '../schema.ts';
import { variantDirectory } from '../variant-directory.ts';

export const MAX_LEVEL_SKUS = 100;

export interface LocationLevel {
  location: string;
  onHand: number;
  reserved: number;
  /** On hand and not reserved (never below zero: reservations beyond stock are backorders). */
  available: number;
}

export interface SkuLevels {
  sku: string;
  variantId: string;
  locations: LocationLevel[];
}

/** The levels of the SKUs that exist, in the order asked, and the SKUs that do not. */
export async function levelsBySku(
  db: Db,
  skus: readonly string[],
): Promise<{ levels: SkuLevels[]; unknown: string[] }> {
  const wanted = [...new Set(skus)];
  const ids = await variantDirectory().idsBySku(db, wanted);
  const variantIds = [...ids.values()];
  const rows = variantIds.length
    ? await db
        .select({
          variantId: stockLevels.variantId,
          location: stockLocations.code,
          onHand: stockLevels.onHand,
          reserved: stockLevels.reserved,
        })
        .from(stockLevels)
        .innerJoin(stockLocations, eq(stockLocations.id, stockLevels.locationId))
        .where(inArray(stockLevels.variantId, variantIds))
        .orderBy(asc(stockLocations.priority), asc(stockLocations.code))
    : [];
  const levels = wanted.flatMap((sku) => {
    const variantId = ids.get(sku);
    if (!variantId) return [];
    const locations = rows
      .filter((row) => row.variantId === variantId)
      .map((row) => ({
        location: row.location,
        onHand: row.onHand,
        reserved: row.reserved,
        available: Math.max(0, row.onHand - row.reserved),
      }));
    return [{ sku, variantId, locations }];
  });
  return { levels, unknown: wanted.filter((sku) => !ids.has(sku)) };
}
