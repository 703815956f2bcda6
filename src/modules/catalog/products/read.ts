// Reading products: one product with its variants and images, and variants by id (for the
// cart and checkout). Listings and search live in their own files.
import { asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
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
  const found = await db
    .select({ summary: variantSummaryJson(sql`${productVariants}."id"`) })
    .from(productVariants)
    .where(inArray(productVariants.id, [...new Set(ids)]));
  for (const { summary } of found) if (summary) result.set(summary.id, summary);
  return result;
}

/**
 * The variant's summary as JSON (null when no variant has that id), for a query that reads it
 * beside its own rows: a cart's lines come with their variants in one statement. The picture
 * comes along: the variant's own image, else the product's first. Of the product, only what a
 * line shows (not its description). `variantId` names its table (`${table}."column"`): a bare
 * column name would be read inside the sub-select.
 */
export function variantSummaryJson(variantId: SQL): SQL<VariantSummary | null> {
  return sql<VariantSummary | null>`(
    select json_build_object(
             'id', v.id, 'productId', v.product_id, 'position', v.position,
             'options', to_json((array[v.option1, v.option2, v.option3])[1:cardinality(p.option_names)]),
             'sku', v.sku, 'barcode', v.barcode, 'priceMinor', v.price_minor, 'compareAtMinor', v.compare_at_minor,
             'grams', v.grams, 'requiresShipping', v.requires_shipping, 'taxable', v.taxable, 'imageId', v.image_id,
             'productHandle', p.handle, 'productTitle', p.title, 'productStatus', p.status, 'optionNames', to_json(p.option_names),
             'image', (select json_build_object('id', i.id, 'position', i.position, 'src', i.src, 'alt', i.alt, 'stored', i.fetch_state = 'stored')
                         from ${productImages} i
                        where i.product_id = p.id
                        order by (i.id is not distinct from v.image_id) desc, i.position
                        limit 1))
      from ${productVariants} v join ${products} p on p.id = v.product_id
     where v.id = ${variantId})`;
}
