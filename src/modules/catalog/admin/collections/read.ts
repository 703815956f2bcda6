// What the collection pages show: every collection with its product count, one collection,
// and its products (manual ones in the merchant's order).
import { asc, count, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../../../platform/db/database.ts';
import { collectionProducts, collections, products, productVariants, type ProductStatus } from '../../schema.ts';

export type CollectionRow = typeof collections.$inferSelect;

export interface CollectionListRow extends CollectionRow {
  productCount: number;
}

export async function listAdminCollections(db: Db): Promise<CollectionListRow[]> {
  const found = await db
    .select({ collection: collections, productCount: count(collectionProducts.productId) })
    .from(collections)
    .leftJoin(collectionProducts, eq(collectionProducts.collectionId, collections.id))
    .groupBy(collections.id)
    .orderBy(asc(collections.position), sql`lower(${collections.title})`, asc(collections.id));
  return found.map(({ collection, productCount }) => ({ ...collection, productCount }));
}

export async function collectionRow(db: Db, id: string): Promise<CollectionRow | null> {
  const [row] = await db.select().from(collections).where(eq(collections.id, id));
  return row ?? null;
}

export interface MemberProduct {
  id: string;
  title: string;
  handle: string;
  status: ProductStatus;
}

const memberColumns = { id: products.id, title: products.title, handle: products.handle, status: products.status };

/** The collection's products in its order; `limit` for a preview. */
export async function collectionMembers(db: Db, collectionId: string, limit?: number): Promise<{ members: MemberProduct[]; total: number }> {
  const query = db
    .select(memberColumns)
    .from(collectionProducts)
    .innerJoin(products, eq(products.id, collectionProducts.productId))
    .where(eq(collectionProducts.collectionId, collectionId))
    .orderBy(asc(collectionProducts.position), sql`lower(${products.title})`, asc(products.id));
  const [members, [{ total } = { total: 0 }]] = await Promise.all([
    limit ? query.limit(limit) : query,
    db.select({ total: count() }).from(collectionProducts).where(eq(collectionProducts.collectionId, collectionId)),
  ]);
  return { members, total };
}

export async function productsByIds(db: Db, ids: readonly string[]): Promise<Map<string, MemberProduct>> {
  if (ids.length === 0) return new Map();
  const found = await db.select(memberColumns).from(products).where(inArray(products.id, [...ids]));
  return new Map(found.map((p) => [p.id, p]));
}

/** Products named by handle or by one of their SKUs; the map is keyed by the name as given. */
export async function productsByHandleOrSku(db: Db, names: readonly string[]): Promise<Map<string, MemberProduct>> {
  const result = new Map<string, MemberProduct>();
  if (names.length === 0) return result;
  const lower = names.map((n) => n.toLowerCase());
  const found = await db
    .selectDistinct({ ...memberColumns, sku: productVariants.sku })
    .from(products)
    .leftJoin(productVariants, eq(productVariants.productId, products.id))
    .where(or(inArray(products.handle, lower), inArray(sql`lower(${productVariants.sku})`, lower)));
  for (const name of names) {
    const key = name.toLowerCase();
    const match = found.find((p) => p.handle === key) ?? found.find((p) => p.sku?.toLowerCase() === key);
    if (match) result.set(name, { id: match.id, title: match.title, handle: match.handle, status: match.status });
  }
  return result;
}
