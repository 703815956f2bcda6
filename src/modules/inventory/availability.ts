// What a shopper may buy of a variant right now, from its stock level and policy. The one
// place that turns figures into a state, so the product page, the cart and checkout agree.
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import { stockLevels, variantStockPolicies, type StockPolicy } from './schema.ts';
import { heldLinesJson, heldUnitsOf, type HeldLine, type HeldUnits } from './held.ts';
import { readInventorySettings, type InventorySettings } from './settings.ts';

export type AvailabilityState = 'in_stock' | 'low_stock' | 'backorder' | 'preorder' | 'made_to_order' | 'out_of_stock';

export interface Availability {
  state: AvailabilityState;
  policy: StockPolicy;
  /** Units on hand and not reserved (all locations); null when stock is not tracked. */
  available: number | null;
  /** Units already promised beyond stock (backorders, pre-orders); they claim inbound supply first. */
  backordered: number;
  /** At or below this many available, stock reads as low. */
  lowStockAt: number;
  /** The most units the merchant accepts beyond stock (backorder, pre-order); null = no limit. */
  maxBackorder: number | null;
  /** The most a shopper can order now; null means no limit. */
  maxOrderable: number | null;
  /** Business days of lead time for backorders and made-to-order; null when unknown. */
  leadTimeDays: number | null;
  /** ISO date of a pre-order's release. */
  releaseDate: string | null;
}

/** Variants with no stock row and no policy: nothing on hand, sold only from stock. */
const UNKNOWN: Omit<Availability, 'lowStockAt'> = { state: 'out_of_stock', policy: 'deny', available: 0, backordered: 0, maxOrderable: 0, leadTimeDays: null, releaseDate: null, maxBackorder: null };

export type DescribeExtra = Pick<Availability, 'leadTimeDays' | 'releaseDate' | 'lowStockAt' | 'maxBackorder'>;

/**
 * `net` is on-hand less reserved over all locations: below zero, units already promised
 * beyond stock (backorders, pre-orders) that count against the merchant's maximum.
 */
export function describe(net: number, policy: StockPolicy, tracked: boolean, extra: DescribeExtra): Availability {
  const base = { policy, leadTimeDays: extra.leadTimeDays, releaseDate: extra.releaseDate, lowStockAt: extra.lowStockAt, maxBackorder: extra.maxBackorder };
  if (!tracked) return { ...base, state: policy === 'made_to_order' ? 'made_to_order' : 'in_stock', available: null, backordered: 0, maxOrderable: null };
  const available = Math.max(0, net);
  const backordered = Math.max(0, -net);
  const beyondStock = (limit: number | null) => (limit === null ? null : Math.max(0, net + limit));
  if (policy === 'preorder') return { ...base, state: 'preorder', available, backordered, maxOrderable: beyondStock(extra.maxBackorder) };
  if (policy === 'made_to_order') return { ...base, state: 'made_to_order', available, backordered, maxOrderable: null };
  if (available > 0) {
    const maxOrderable = policy === 'backorder' ? beyondStock(extra.maxBackorder) : available;
    return { ...base, state: available <= extra.lowStockAt ? 'low_stock' : 'in_stock', available, backordered, maxOrderable };
  }
  if (policy === 'backorder') return { ...base, state: 'backorder', available: 0, backordered, maxOrderable: beyondStock(extra.maxBackorder) };
  return { ...base, state: 'out_of_stock', available: 0, backordered: 0, maxOrderable: 0 };
}

export type PolicyRow = typeof variantStockPolicies.$inferSelect;

/** A policy row as `json_agg` writes it. */
export interface PolicyJson {
  variant_id: string;
  policy: PolicyRow['policy'];
  tracked: number;
  lead_time_days: number | null;
  max_backorder: number | null;
  release_date: string | null;
  updated_at: string;
}

export function policyFromJson(p: PolicyJson): PolicyRow {
  return {
    variantId: p.variant_id,
    policy: p.policy,
    tracked: p.tracked,
    leadTimeDays: p.lead_time_days,
    maxBackorder: p.max_backorder,
    releaseDate: p.release_date,
    updatedAt: new Date(p.updated_at),
  };
}

/** What availability is computed from, for a set of variants, as one shopper sees it. */
export interface StockFigures {
  /** Free units (on hand less reserved) per variant and location. */
  levels: { variantId: string; locationId: string; net: number }[];
  policies: Map<string, PolicyRow>;
  /** What the shopper's own checkout holds: theirs, so counted as free to them. */
  held: Map<string, HeldUnits>;
  settings: InventorySettings;
}

/** Reads the figures of `variantIds`; with `holder`, that shopper's own held units too. */
export async function readStockFigures(db: Db, variantIds: readonly string[], holder?: string | null): Promise<StockFigures> {
  const ids = [...new Set(variantIds)];
  const settings = readInventorySettings(db);
  if (ids.length === 0) return { levels: [], policies: new Map(), held: new Map(), settings: await settings };
  // One statement (an array parameter, so one text for any number of variants) instead of three.
  const asked = sql`${sql.param(ids)}::uuid[]`;
  const [found] = await rows<{ levels: StockFigures['levels'] | null; policies: PolicyJson[] | null; held: HeldLine[] | null }>(
    db,
    sql`select (select json_agg(json_build_object('variantId', l.variant_id, 'locationId', l.location_id, 'net', l.on_hand - l.reserved))
                  from ${stockLevels} l where l.variant_id = any(${asked})) as levels,
               (select json_agg(p) from ${variantStockPolicies} p where p.variant_id = any(${asked})) as policies,
               ${holder ? heldLinesJson(holder, asked) : sql`null`} as held`,
  );
  return {
    levels: found?.levels ?? [],
    policies: new Map((found?.policies ?? []).map((p) => [p.variant_id, policyFromJson(p)])),
    held: heldUnitsOf(found?.held ?? []),
    settings: await settings,
  };
}

/** What the figures' shopper can order of one variant now. */
export function availabilityFrom(figures: StockFigures, variantId: string): Availability {
  const { settings } = figures;
  const policy = figures.policies.get(variantId);
  const levels = figures.levels.filter((l) => l.variantId === variantId);
  if (!policy && levels.length === 0) return { ...UNKNOWN, lowStockAt: settings.lowStockThreshold };
  const net = levels.reduce((sum, l) => sum + l.net, 0) + (figures.held.get(variantId)?.quantity ?? 0);
  const kind = policy?.policy ?? 'deny';
  // A backorder without a lead time of its own waits the store's default restock time.
  const leadTimeDays = policy?.leadTimeDays ?? (kind === 'backorder' ? settings.defaultLeadTimeDays : null);
  return describe(net, kind, (policy?.tracked ?? 1) === 1, {
    leadTimeDays,
    releaseDate: policy?.releaseDate ?? null,
    maxBackorder: policy?.maxBackorder ?? null,
    lowStockAt: settings.lowStockThreshold,
  });
}

/**
 * What shoppers can order of each variant now. With `holder`, as that shopper sees it: the
 * units their own checkout holds count as theirs.
 */
export async function availabilityOf(db: Db, variantIds: readonly string[], holder?: string | null): Promise<Map<string, Availability>> {
  const figures = await readStockFigures(db, variantIds, holder);
  return new Map([...new Set(variantIds)].map((id) => [id, availabilityFrom(figures, id)]));
}

/** Whether `quantity` units can be ordered now. */
export function canOrder(availability: Availability, quantity: number): boolean {
  return availability.maxOrderable === null || quantity <= availability.maxOrderable;
}
