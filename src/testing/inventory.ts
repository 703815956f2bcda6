// Inventory fixtures for any module's tests: selling policies, expected supply, the release
// job, and a variant's figures beside the ledger sums that must explain them.
import { eq, sql } from 'drizzle-orm';
import { newId } from '../platform/ids.ts';
import { releaseExpiredNow } from '../modules/inventory/expiry.ts';
import { stockLevels, stockLocations, stockMovements, inboundSupply, variantStockPolicies, type StockPolicy } from '../modules/inventory/schema.ts';
import type { TestStore } from './store.ts';

type Store = Pick<TestStore, 'platform'>;

export async function setTestPolicy(store: Store, variantId: string, policy: { policy?: StockPolicy; leadTimeDays?: number | null; maxBackorder?: number | null; tracked?: boolean }): Promise<void> {
  await store.platform.database.db
    .update(variantStockPolicies)
    .set({
      ...(policy.policy ? { policy: policy.policy } : {}),
      ...(policy.leadTimeDays !== undefined ? { leadTimeDays: policy.leadTimeDays } : {}),
      ...(policy.maxBackorder !== undefined ? { maxBackorder: policy.maxBackorder } : {}),
      ...(policy.tracked !== undefined ? { tracked: policy.tracked ? 1 : 0 } : {}),
    })
    .where(eq(variantStockPolicies.variantId, variantId));
}

/** Units expected at the default location on a day. */
export async function addTestSupply(store: Store, variantId: string, quantity: number, expectedOn: string): Promise<void> {
  const db = store.platform.database.db;
  const [home] = await db.select({ id: stockLocations.id }).from(stockLocations).where(eq(stockLocations.isDefault, 1));
  await db.insert(inboundSupply).values({ id: newId(), variantId, locationId: home!.id, quantity, expectedOn, createdBy: 'test' });
}

/** What the inventory module's job does every minute: release the holds that ran out. */
export function releaseExpiredHolds(store: Store): Promise<void> {
  return releaseExpiredNow(store.platform);
}

/** On-hand and reserved over all locations, and the same sums from the ledger. */
export async function stockFigures(store: Store, variantId: string) {
  const db = store.platform.database.db;
  const [level] = await db.select({ onHand: sql<number>`sum(${stockLevels.onHand})::int`, reserved: sql<number>`sum(${stockLevels.reserved})::int` }).from(stockLevels).where(eq(stockLevels.variantId, variantId));
  const [ledger] = await db
    .select({ onHand: sql<number>`coalesce(sum(${stockMovements.onHandDelta}), 0)::int`, reserved: sql<number>`coalesce(sum(${stockMovements.reservedDelta}), 0)::int` })
    .from(stockMovements)
    .where(eq(stockMovements.variantId, variantId));
  return { level: level!, ledger: ledger! };
}
