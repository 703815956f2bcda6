// After stock figures or policies change: one stock.changed event in the same transaction,
// and, once it commits, the cached pages built from stock are dropped and open pages showing
// these variants are told (live channel).
import type { Db } from '../../platform/db/database.ts';
import type { Platform } from '../../platform/platform.ts';
import { STOCK_CACHE_TAG, stockChanged } from './events.ts';
import { publishStockChanges } from './live.ts';

export type AnnounceDeps = Pick<Platform, 'events' | 'database' | 'cache' | 'clock' | 'live'>;

export async function announceStockChange(deps: AnnounceDeps, tx: Db, variantIds: readonly string[], actor: string): Promise<void> {
  const ids = [...new Set(variantIds)];
  if (ids.length === 0) return;
  await deps.events.publish(tx, stockChanged, { variantIds: ids }, actor);
  deps.database.afterCommit(() => {
    deps.cache.invalidate(STOCK_CACHE_TAG);
    publishStockChanges(deps, ids);
  });
}
