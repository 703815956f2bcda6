// Changing stock figures. Every change writes a movement row, so any figure can be explained,
// and announces stock.changed.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { announceStockChange, type AnnounceDeps } from './announce.ts';
import { recordMovements } from './movements.ts';
import { stockLevels, stockLocations, variantStockPolicies, type StockPolicy } from './schema.ts';

export const DEFAULT_LOCATION_CODE = 'main';

/** The store's default location, created on first use. */
export async function defaultLocationId(tx: Db): Promise<string> {
  const [found] = await tx.select({ id: stockLocations.id }).from(stockLocations).where(eq(stockLocations.isDefault, 1));
  if (found) return found.id;
  const id = newId();
  await tx.insert(stockLocations).values({ id, code: DEFAULT_LOCATION_CODE, name: 'Main warehouse', isDefault: 1 }).onConflictDoNothing();
  const [created] = await tx.select({ id: stockLocations.id }).from(stockLocations).where(eq(stockLocations.code, DEFAULT_LOCATION_CODE));
  return created!.id;
}

export interface StockSetting {
  variantId: string;
  /** Absolute units on hand at the default location. */
  onHand: number;
  policy: StockPolicy;
  tracked: boolean;
}

/**
 * Sets on-hand at the default location and the variant's policy (the importer and the
 * admin form use it). Unchanged figures write nothing; returns whether anything changed.
 */
export async function setStock(deps: AnnounceDeps, tx: Db, settings: readonly StockSetting[], actor: string, reference: string, reason: string): Promise<boolean> {
  if (settings.some((s) => !Number.isInteger(s.onHand) || s.onHand < 0)) throw new RangeError('on-hand must be a whole number of at least 0');
  const locationId = await defaultLocationId(tx);
  const now = deps.clock.now();
  const changedIds: string[] = [];
  for (const setting of settings) {
    const [level] = await tx
      .select()
      .from(stockLevels)
      .where(and(eq(stockLevels.variantId, setting.variantId), eq(stockLevels.locationId, locationId)))
      .for('update');
    const [policy] = await tx.select().from(variantStockPolicies).where(eq(variantStockPolicies.variantId, setting.variantId));
    let changed = false;
    if (!level) {
      changed = true;
      await tx.insert(stockLevels).values({ variantId: setting.variantId, locationId, onHand: 0, reserved: 0, updatedAt: now });
    }
    const delta = setting.onHand - (level?.onHand ?? 0);
    if (delta !== 0) {
      changed = true;
      await recordMovements(tx, now, [{ variantId: setting.variantId, locationId, kind: 'adjustment', onHandDelta: delta, reason, actor, reference }]);
    }
    const tracked = setting.tracked ? 1 : 0;
    if (!policy || policy.policy !== setting.policy || policy.tracked !== tracked) {
      changed = true;
      await tx
        .insert(variantStockPolicies)
        .values({ variantId: setting.variantId, policy: setting.policy, tracked })
        .onConflictDoUpdate({ target: variantStockPolicies.variantId, set: { policy: setting.policy, tracked, updatedAt: now } });
    }
    if (changed) changedIds.push(setting.variantId);
  }
  await announceStockChange(deps, tx, changedIds, actor);
  return changedIds.length > 0;
}
