// Keeps the listing flag products.available in step with inventory: a product is
// available while any of its variants can be ordered (in stock, backorder, pre-order).
import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import type { Platform } from '../../../platform/platform.ts';
import { availabilityOf } from '../../inventory/index.ts';
import { CATALOG_CACHE_TAG } from '../events.ts';
import { products, productVariants } from '../schema.ts';

export async function refreshAvailability(platform: Pick<Platform, 'database' | 'cache'>, tx: Db, variantIds: readonly string[]): Promise<void> {
  if (variantIds.length === 0) return;
  const owners = await tx
    .selectDistinct({ productId: productVariants.productId })
    .from(productVariants)
    .where(inArray(productVariants.id, [...variantIds]));
  let changed = false;
  for (const { productId } of owners) {
    const variants = await tx.select({ id: productVariants.id }).from(productVariants).where(eq(productVariants.productId, productId));
    const availability = await availabilityOf(tx, variants.map((v) => v.id));
    const available = [...availability.values()].some((a) => a.maxOrderable === null || a.maxOrderable > 0);
    const updated = await tx
      .update(products)
      .set({ available })
      .where(and(eq(products.id, productId), ne(products.available, available)))
      .returning({ id: products.id });
    changed ||= updated.length > 0;
  }
  // Stock figures on pages follow the stock tag; listings change only when this flag does.
  if (changed) platform.database.afterCommit(() => platform.cache.invalidate(CATALOG_CACHE_TAG));
}
