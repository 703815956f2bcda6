// Reading products: one product with its variants and images, and variants by id (for the
// cart and checkout). Listings and search live in their own files.
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import type { Product, ProductImage, Variant } from '../model.ts';
import { productImages, products, productVariants } from '../schema.ts';

type ProductRow = typeof products.$inferSelect;
type VariantRow = typeof productVariants.$inferSelect;
type ImageRow = typeof productImages.$inferSelect;

export function toImage(row: ImageRow): ProductImage {
  return { id: row.id, position: row.position, src: row.src, alt: row.alt, stored: row.fetchState === 'stored' };
}

export function toVariant(row: VariantRow, optionCount: number): Variant {
  return {
    id: row.id,
    productId: row.productId,
    position: row.position,
    options: [row.option1, row.option2, row.option3].slice(0, optionCount),
    sku: row.sku,
    barcode: row.barcode,
    priceMinor: row.priceMinor,
    compareAtMinor: row.compareAtMinor,
    grams: row.grams,
    requiresShipping: row.requiresShipping,
    taxable: row.taxable,
    imageId: row.imageId,
  };
}

async function assemble(db: Db, row: ProductRow): Promise<Product> {
  const [variantRows, imageRows] = await Promise.all([
    db.select().from(productVariants).where(eq(productVariants.productId, row.id)).orderBy(asc(productVariants.position)),
    db.select().from(productImages).where(eq(productImages.productId, row.id)).orderBy(asc(productImages.position)),
  ]);
  return {
    id: row.id,
    handle: row.handle,
    title: row.title,
    bodyHtml: row.bodyHtml,
    vendor: row.vendor,
    productType: row.productType,
    tags: row.tags,
    status: row.status,
    seoTitle: row.seoTitle,
    seoDescription: row.seoDescription,
    optionNames: row.optionNames,
    priceMinMinor: row.priceMinMinor,
    priceMaxMinor: row.priceMaxMinor,
    compareAtMaxMinor: row.compareAtMaxMinor,
    images: imageRows.map(toImage),
    variants: variantRows.map((v) => toVariant(v, row.optionNames.length)),
    publishedAt: row.publishedAt,
    updatedAt: row.updatedAt,
  };
}

/** A product by its handle, whatever its status (callers decide what shoppers may see). */
export async function productByHandle(db: Db, handle: string): Promise<Product | null> {
  const [row] = await db.select().from(products).where(eq(products.handle, handle));
  return row ? assemble(db, row) : null;
}

export async function productById(db: Db, id: string): Promise<Product | null> {
  const [row] = await db.select().from(products).where(eq(products.id, id));
  return row ? assemble(db, row) : null;
}

/** A variant with what a cart or order line shows of its product. */
export interface VariantSummary extends Variant {
  productHandle: string;
  productTitle: string;
  productStatus: Product['status'];
  optionNames: string[];
  /** The variant's own image, else the product's first; null when it has none. */
  image: ProductImage | null;
}

export async function variantsByIds(db: Db, ids: readonly string[]): Promise<Map<string, VariantSummary>> {
  const result = new Map<string, VariantSummary>();
  if (ids.length === 0) return result;
  // The picture comes in the same query (a cart or a checkout step reads this every time):
  // the variant's own image, else the product's first. Of the product, only what a line shows
  // (not its description).
  const found = await db
    .select({
      variant: productVariants,
      product: { handle: products.handle, title: products.title, status: products.status, optionNames: products.optionNames },
      image: sql<ProductImage | null>`(
        select json_build_object('id', i.id, 'position', i.position, 'src', i.src, 'alt', i.alt, 'stored', i.fetch_state = 'stored')
          from ${productImages} i
         where i.product_id = ${products}."id"
         order by (i.id is not distinct from ${productVariants}."image_id") desc, i.position
         limit 1)`,
    })
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .where(inArray(productVariants.id, [...new Set(ids)]));
  for (const { variant, product, image } of found) {
    result.set(variant.id, {
      ...toVariant(variant, product.optionNames.length),
      productHandle: product.handle,
      productTitle: product.title,
      productStatus: product.status,
      optionNames: product.optionNames,
      image,
    });
  }
  return result;
}
