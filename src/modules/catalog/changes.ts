// What every change to products or collections must do besides writing them: mark the
// listing summaries out of date (in the same transaction) and drop cached pages once it
// has committed.
import type { Db } from '../../platform/db/database.ts';
import type { Platform } from '../../platform/platform.ts';
import { CATALOG_CACHE_TAG } from './events.ts';
import { listingsChanged } from './products/listing-summaries.ts';

export type ChangeDeps = Pick<Platform, 'jobs' | 'database' | 'cache'>;

export async function catalogChanged(platform: ChangeDeps, tx: Db): Promise<void> {
  await listingsChanged(platform, tx);
  platform.database.afterCommit(() => platform.cache.invalidate(CATALOG_CACHE_TAG));
}
