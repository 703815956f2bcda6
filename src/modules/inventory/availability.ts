// What a shopper may buy of a variant right now, from its stock level and policy. The one
// place that turns figures into a state, so the product page, the cart and checkout agree.
import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { stockLevels, variantStockPolicies, type StockPolicy } from './schema.ts';

export type AvailabilityState = 'in_stock' | 'low_stock' | 'backorder' | 'preorder' | 'made_to_order' | 'out_of_stock';

export interface Availability {
  state: AvailabilityState;
  policy: StockPolicy;
  /** Units on hand and not reserved (all locations); null when stock is not tracked. */
  available: number | null;
  /** The most a shopper can order now; null means no limit. */
  maxOrderable: number | null;
  /** Business days of lead time for backorders and made-to-order; null when unknown. */
  leadTimeDays: number | null;
  /** ISO date of a pre-order's release. */
  releaseDate: string | null;
}

/** At or below this, the shopper is told stock is low. */
export const LOW_STOCK_THRESHOLD = 3;

/** Variants with no stock row and no policy: nothing on hand, sold only from stock. */
const UNKNOWN: Availability = { state: 'out_of_stock', policy: 'deny', available: 0, maxOrderable: 0, leadTimeDays: null, releaseDate: null };

export function describe(available: number, policy: StockPolicy, tracked: boolean, extra: Pick<Availability, 'leadTimeDays' | 'releaseDate'> & { maxBackorder: number | null }): Availability {
  const base = { policy, leadTimeDays: extra.leadTimeDays, releaseDate: extra.releaseDate };
  if (!tracked) return { ...base, state: policy === 'made_to_order' ? 'made_to_order' : 'in_stock', available: null, maxOrderable: null };
  if (policy === 'preorder') return { ...base, state: 'preorder', available, maxOrderable: extra.maxBackorder === null ? null : available + extra.maxBackorder };
  if (policy === 'made_to_order') return { ...base, state: 'made_to_order', available, maxOrderable: null };
  if (available > 0) {
    const beyond = policy === 'backorder' ? extra.maxBackorder : 0;
    return { ...base, state: available <= LOW_STOCK_THRESHOLD ? 'low_stock' : 'in_stock', available, maxOrderable: beyond === null ? null : available + beyond };
  }
  if (policy === 'backorder') return { ...base, state: 'backorder', available: 0, maxOrderable: extra.maxBackorder };
  return { ...base, state: 'out_of_stock', available: 0, maxOrderable: 0 };
}

export async function availabilityOf(db: Db, variantIds: readonly string[]): Promise<Map<string, Availability>> {
  const result = new Map<string, Availability>();
  const ids = [...new Set(variantIds)];
  if (ids.length === 0) return result;
  const [levels, policies] = await Promise.all([
    db
      .select({ variantId: stockLevels.variantId, available: sql<number>`sum(${stockLevels.onHand} - ${stockLevels.reserved})::int` })
      .from(stockLevels)
      .where(inArray(stockLevels.variantId, ids))
      .groupBy(stockLevels.variantId),
    db.select().from(variantStockPolicies).where(inArray(variantStockPolicies.variantId, ids)),
  ]);
  const availableBy = new Map(levels.map((l) => [l.variantId, Math.max(0, l.available)]));
  const policyBy = new Map(policies.map((p) => [p.variantId, p]));
  for (const id of ids) {
    const policy = policyBy.get(id);
    const available = availableBy.get(id);
    if (!policy && available === undefined) {
      result.set(id, UNKNOWN);
      continue;
    }
    result.set(
      id,
      describe(available ?? 0, policy?.policy ?? 'deny', (policy?.tracked ?? 1) === 1, {
        leadTimeDays: policy?.leadTimeDays ?? null,
        releaseDate: policy?.releaseDate ?? null,
        maxBackorder: policy?.maxBackorder ?? null,
      }),
    );
  }
  return result;
}

/** Whether `quantity` units can be ordered now. */
export function canOrder(availability: Availability, quantity: number): boolean {
  return availability.maxOrderable === null || quantity <= availability.maxOrderable;
}
