// The stock figures the merchant's pages show for a set of variants: on hand, reserved and
// available at each location and in total, the availability state shoppers see, and the
// variant's name and SKU from the catalog.
import { inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import { availabilityOf, type Availability } from '../availability.ts';
import { stockLevels } from '../schema.ts';
import { variantDirectory, type VariantLabel } from '../variant-directory.ts';

export interface Figures {
  onHand: number;
  reserved: number;
  /** On hand less reserved, never below 0. */
  available: number;
  /** Reserved beyond what is on hand: backorders and pre-orders waiting for stock. */
  backordered: number;
}

export interface StockRow {
  variantId: string;
  /** Null when the catalog no longer has the variant. */
  label: VariantLabel | null;
  availability: Availability;
  byLocation: Map<string, Figures>;
  total: Figures;
}

export function figures(onHand: number, reserved: number): Figures {
  return { onHand, reserved, available: Math.max(0, onHand - reserved), backordered: Math.max(0, reserved - onHand) };
}

/** One row per variant, in the order given. */
export async function stockRows(db: Db, variantIds: readonly string[]): Promise<StockRow[]> {
  if (variantIds.length === 0) return [];
  const [labels, availability, levels] = await Promise.all([
    variantDirectory().byIds(db, variantIds),
    availabilityOf(db, variantIds),
    db.select().from(stockLevels).where(inArray(stockLevels.variantId, [...variantIds])),
  ]);
  return variantIds.map((variantId) => {
    const own = levels.filter((level) => level.variantId === variantId);
    const sum = (pick: (level: (typeof own)[number]) => number) => own.reduce((total, level) => total + pick(level), 0);
    return {
      variantId,
      label: labels.get(variantId) ?? null,
      availability: availability.get(variantId)!,
      byLocation: new Map(own.map((level) => [level.locationId, figures(level.onHand, level.reserved)])),
      total: figures(sum((l) => l.onHand), sum((l) => l.reserved)),
    };
  });
}
