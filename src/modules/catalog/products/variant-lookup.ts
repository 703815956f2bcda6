// Finding variants for inventory (the catalog hands these to it as its variant directory):
// by SKU (warehouse files, the admin's supply form), by product handle (demo stock), and a
// page of variants matching what a merchant typed (a plain substring of SKU or title).
import { asc, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import { products, productVariants } from '../schema.ts';

export async function variantIdsBySku(db: Db, skus: readonly string[]): Promise<Map<string, string>> {
  if (skus.length === 0) return new Map();
  const found = await db
    .select({ id: productVariants.id, sku: productVariants.sku })
    .from(productVariants)
    .where(inArray(productVariants.sku, [...new Set(skus)]));
  return new Map(found.map((row) => [row.sku, row.id]));
}

export async function variantIdsByHandle(db: Db, handles: readonly string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (handles.length === 0) return result;
  const found = await db
    .select({ id: productVariants.id, handle: products.handle })
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .where(inArray(products.handle, [...new Set(handles)]))
    .orderBy(asc(productVariants.position));
  for (const row of found) result.set(row.handle, [...(result.get(row.handle) ?? []), row.id]);
  return result;
}

export async function findVariants(db: Db, search: { text: string; offset: number; limit: number }): Promise<{ ids: string[]; total: number }> {
  // strpos rather than LIKE: what the merchant typed is matched as it is, wildcards and all.
  const term = search.text.trim().toLowerCase();
  const where: SQL | undefined = term
    ? sql`(strpos(lower(${productVariants.sku}), ${term}) > 0 or strpos(lower(${products.title}), ${term}) > 0)`
    : undefined;
  const [counted, page] = await Promise.all([
    db.select({ total: count() }).from(productVariants).innerJoin(products, eq(products.id, productVariants.productId)).where(where),
    db
      .select({ id: productVariants.id })
      .from(productVariants)
      .innerJoin(products, eq(products.id, productVariants.productId))
      .where(where)
      .orderBy(asc(products.title), asc(products.id), asc(productVariants.position))
      .limit(search.limit)
      .offset(search.offset),
  ]);
  return { ids: page.map((row) => row.id), total: counted[0]?.total ?? 0 };
}
