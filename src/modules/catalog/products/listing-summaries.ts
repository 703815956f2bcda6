// The count and facets of unfiltered listings, kept in `listing_summaries` so a collection
// page need not scan its whole collection on every request. Every catalogue change bumps
// `listing_state.version` in its own transaction and asks for a refresh; a summary is used
// only while its version is the current one, so a listing never shows figures from before
// a committed change: until the job has run, they are computed live.
import { eq, sql } from 'drizzle-orm';
import { rows, type Db } from '../../../platform/db/database.ts';
import type { Platform } from '../../../platform/platform.ts';
import { collections, listingState, listingSummaries } from '../schema.ts';

export const REFRESH_LISTING_SUMMARIES = 'catalog.refresh-listing-summaries';

/** `F` is the listing's facet shape (defined with the listing, which reads these summaries). */
export interface ListingSummary<F> {
  total: number;
  facets: F;
}

/** Marks every summary out of date and asks for a refresh; call inside the change's transaction. */
export async function listingsChanged(platform: Pick<Platform, 'jobs'>, tx: Db): Promise<void> {
  await tx.update(listingState).set({ version: sql`${listingState.version} + 1` }).where(eq(listingState.id, 1));
  // One refresh waiting is enough however many changes come before it runs.
  await platform.jobs.send(tx, REFRESH_LISTING_SUMMARIES, {}, { singletonKey: 'all' });
}

/** The current summary of a listing, or null when it is missing or out of date. */
export async function currentSummary<F>(db: Db, collectionId: string | undefined): Promise<ListingSummary<F> | null> {
  const [found] = await rows<{ total: number; facets: F }>(
    db,
    sql`select s.total, s.facets from ${listingSummaries} s join ${listingState} v on v.id = 1 and s.version = v.version
        where s.scope = ${collectionId ?? 'all'}`,
  );
  return found ? { total: Number(found.total), facets: found.facets } : null;
}

/**
 * Recomputes every listing's summary at the current version. A change committed meanwhile
 * bumps the version, so what this writes is simply not used, and that change's own refresh
 * runs next.
 */
export async function refreshListingSummaries<F>(db: Db, compute: (collectionId: string | undefined) => Promise<ListingSummary<F>>): Promise<void> {
  const [state] = await db.select({ version: listingState.version }).from(listingState).where(eq(listingState.id, 1));
  const version = state?.version ?? 0;
  const scopes: (string | undefined)[] = [undefined, ...(await db.select({ id: collections.id }).from(collections)).map((c) => c.id)];
  for (const collectionId of scopes) {
    const summary = await compute(collectionId);
    const values = { version, total: summary.total, facets: summary.facets, computedAt: new Date() };
    await db
      .insert(listingSummaries)
      .values({ scope: collectionId ?? 'all', ...values })
      .onConflictDoUpdate({ target: listingSummaries.scope, set: values });
  }
  // Summaries of deleted collections are never read again; drop them with the next refresh.
  await db.execute(sql`delete from ${listingSummaries} where scope <> 'all' and scope not in (select id::text from ${collections})`);
}
