// Keeping local copies of product images. A product save announces catalog.product_changed;
// the handler here queues one fetch per image still pending, and each fetch job stores the
// file under DATA_DIR/images/<imageId> and marks the image stored, or failed once retries
// are spent. Until then (and offline, for good) the storefront shows the placeholder.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import type { JobContext } from '../../../platform/jobs/jobs.ts';
import type { Platform } from '../../../platform/platform.ts';
import { CATALOG_CACHE_TAG, productChanged } from '../events.ts';
import { productImages } from '../schema.ts';
import { DEFAULT_LIMITS, fetchRemoteImage, ImageFetchError, type FetchLimits } from './fetch.ts';

export const FETCH_IMAGE_JOB = 'catalog.fetch-image';
/** Attempts after the first; a remote hiccup gets a few chances, spaced out. */
const RETRY_LIMIT = 3;

type Deps = Pick<Platform, 'config' | 'database' | 'cache' | 'log' | 'clock'>;

/** Relative to DATA_DIR, so a moved data directory keeps working. */
export const storedImagePath = (imageId: string) => join('images', imageId);

export function registerImageJobs(platform: Platform): void {
  platform.jobs.define<{ imageId: string }>(FETCH_IMAGE_JOB, async (data, context) => void (await fetchAndStoreImage(platform, data.imageId, context)), {
    retryLimit: RETRY_LIMIT,
    retryDelaySeconds: 30,
    concurrency: 2,
  });
  platform.events.subscribe(productChanged, 'catalog.queue-image-fetches', async (event, tx) => void (await queueImageFetches(platform, tx, event.payload.productId)));
}

/** Queues a fetch for each of the product's images that has no local copy yet. */
export async function queueImageFetches(platform: Pick<Platform, 'jobs'>, tx: Db, productId: string): Promise<number> {
  const pending = await tx
    .select({ id: productImages.id })
    .from(productImages)
    .where(and(eq(productImages.productId, productId), eq(productImages.fetchState, 'pending')));
  for (const image of pending) {
    await platform.jobs.send(tx, FETCH_IMAGE_JOB, { imageId: image.id }, { singletonKey: image.id });
  }
  return pending.length;
}

/**
 * One fetch attempt. A failure that will not mend (refused address, wrong type, too large)
 * marks the image failed at once; a passing one (timeout, server error) is thrown so the
 * job is retried, and marks it failed on the last attempt.
 */
export async function fetchAndStoreImage(
  platform: Deps,
  imageId: string,
  context: Pick<JobContext, 'retryCount'>,
  limits: FetchLimits = DEFAULT_LIMITS,
): Promise<'stored' | 'failed' | 'skipped'> {
  const db = platform.database.db;
  const [image] = await db.select().from(productImages).where(eq(productImages.id, imageId));
  if (!image || image.fetchState !== 'pending') return 'skipped';
  try {
    const fetched = await fetchRemoteImage(image.src, limits);
    const path = storedImagePath(imageId);
    const absolute = join(platform.config.dataDir, path);
    await mkdir(join(platform.config.dataDir, 'images'), { recursive: true });
    // Written aside and renamed, so a reader never sees half a file.
    await writeFile(`${absolute}.part`, fetched.body);
    await rename(`${absolute}.part`, absolute);
    await markImage(platform, imageId, { fetchState: 'stored', storedPath: path, contentType: fetched.contentType });
    return 'stored';
  } catch (error) {
    const permanent = error instanceof ImageFetchError && error.permanent;
    // A passing failure is logged by the job system when it schedules the retry.
    if (!permanent && context.retryCount < RETRY_LIMIT) throw error;
    platform.log.warn({ imageId, src: image.src, err: (error as Error).message }, 'product image not fetched: the placeholder stays');
    await markImage(platform, imageId, { fetchState: 'failed' });
    return 'failed';
  }
}

async function markImage(platform: Deps, imageId: string, changes: Partial<typeof productImages.$inferInsert>): Promise<void> {
  await platform.database.transaction(async (tx) => {
    // Only a still-pending image changes: a product saved meanwhile may have replaced it.
    await tx
      .update(productImages)
      .set({ ...changes, updatedAt: platform.clock.now() })
      .where(and(eq(productImages.id, imageId), eq(productImages.fetchState, 'pending')));
    // Pages change only when a picture replaces the placeholder; a failure leaves them as they are.
    if (changes.fetchState === 'stored') platform.database.afterCommit(() => platform.cache.invalidate(CATALOG_CACHE_TAG));
  });
}
