// Reading collections for shoppers: by handle, the featured ones (home page and header), and
// all active ones (sitemap, API). Drafts are the merchant's business only.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import type { Collection } from '../model.ts';
import { collections } from '../schema.ts';

type CollectionRow = typeof collections.$inferSelect;

export function toCollection(row: CollectionRow): Collection {
  return {
    id: row.id,
    handle: row.handle,
    title: row.title,
    description: row.description,
    kind: row.kind,
    rules: row.rules,
    sortOrder: row.sortOrder,
    featured: row.featured,
    position: row.position,
    status: row.status,
  };
}

/** An active collection by handle; null for unknown and draft ones alike. */
export async function activeCollectionByHandle(db: Db, handle: string): Promise<(Collection & { updatedAt: Date }) | null> {
  const [row] = await db
    .select()
    .from(collections)
    .where(and(eq(collections.handle, handle), eq(collections.status, 'active')));
  return row ? { ...toCollection(row), updatedAt: row.updatedAt } : null;
}

const merchantOrder = [asc(collections.position), sql`lower(${collections.title})`, asc(collections.id)];

/** Active collections the merchant features: the header navigation and the home page. */
export async function featuredCollections(db: Db): Promise<Collection[]> {
  const found = await db
    .select()
    .from(collections)
    .where(and(eq(collections.status, 'active'), eq(collections.featured, true)))
    .orderBy(...merchantOrder);
  return found.map(toCollection);
}

/** Every active collection, with when it last changed (sitemap, API). */
export async function activeCollections(db: Db): Promise<(Collection & { updatedAt: Date })[]> {
  const found = await db.select().from(collections).where(eq(collections.status, 'active')).orderBy(...merchantOrder);
  return found.map((row) => ({ ...toCollection(row), updatedAt: row.updatedAt }));
}
