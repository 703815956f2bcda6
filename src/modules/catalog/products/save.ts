// Saving a complete product definition (from the importer or the admin form): an upsert by
// handle, with variants matched by their option values and images by their source, so
// saving the same definition twice changes nothing. One transaction per product.
import { createHash } from 'node:crypto';
import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import { newId } from '../../../platform/ids.ts';
import type { Platform } from '../../../platform/platform.ts';
import { refreshProductMembership } from '../collections/membership.ts';
import { catalogChanged } from '../changes.ts';
import { productChanged } from '../events.ts';
import type { ProductInput, SaveResult, SavedVariant, VariantInput } from '../model.ts';
import { sanitizeDescription, descriptionText } from '../sanitize.ts';
import { productImages, products, productVariants } from '../schema.ts';

/** A product definition the catalog cannot store; the message is shown to the merchant. */
export class ProductInputError extends Error {
  override name = 'ProductInputError';
}

export const HANDLE_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_VARIANTS = 250;
/** price_minor is a 32-bit column: 10,000,000.00 in a two-decimal currency is the ceiling we accept. */
export const MAX_PRICE_MINOR = 1_000_000_000;

const optionKey = (options: readonly string[]) => options.map((o) => o.trim().toLowerCase()).join('\u0000');

/** A stable SKU from the handle and option values: the same variant always gets the same one. */
export function generatedSku(handle: string, options: readonly string[]): string {
  const parts = [handle, ...options].map((part) =>
    part
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '-')
      .replace(/^-|-$/g, ''),
  );
  const sku = parts.filter(Boolean).join('-');
  if (sku.length <= 48) return sku;
  const hash = createHash('sha256').update(`${handle}\u0000${optionKey(options)}`).digest('hex').slice(0, 8).toUpperCase();
  return `${sku.slice(0, 39)}-${hash}`;
}

function validate(input: ProductInput): void {
  if (!HANDLE_PATTERN.test(input.handle) || input.handle.length > 255) {
    throw new ProductInputError(`handle "${input.handle}" must be lower-case letters, digits and single hyphens`);
  }
  if (!input.title.trim()) throw new ProductInputError('title is missing');
  if (input.optionNames.length > 3) throw new ProductInputError('a product has at most three options');
  if (new Set(input.optionNames.map((n) => n.toLowerCase())).size !== input.optionNames.length) {
    throw new ProductInputError('option names must differ');
  }
  if (input.variants.length === 0) throw new ProductInputError('a product needs at least one variant');
  if (input.variants.length > MAX_VARIANTS) throw new ProductInputError(`a product has at most ${MAX_VARIANTS} variants`);
  const seen = new Set<string>();
  for (const variant of input.variants) {
    const label = variant.options.join(' / ') || 'the default variant';
    if (variant.options.length !== input.optionNames.length || variant.options.some((o) => !o.trim())) {
      throw new ProductInputError(`${label}: needs one value for each option (${input.optionNames.join(', ') || 'none'})`);
    }
    const key = optionKey(variant.options);
    if (seen.has(key)) throw new ProductInputError(`${label}: two variants have the same option values`);
    seen.add(key);
    for (const [name, value] of [['price', variant.priceMinor], ['compare-at price', variant.compareAtMinor ?? 0]] as const) {
      if (!Number.isInteger(value) || value < 0 || value > MAX_PRICE_MINOR) throw new ProductInputError(`${label}: ${name} is not a valid amount`);
    }
    if (!Number.isInteger(variant.grams) || variant.grams < 0) throw new ProductInputError(`${label}: weight must be a whole number of grams`);
    if (variant.imageSrc && !input.images.some((image) => image.src === variant.imageSrc)) {
      throw new ProductInputError(`${label}: its image is not one of the product's images`);
    }
  }
}

function normalised(input: ProductInput): ProductInput {
  const tags = [...new Map(input.tags.map((t) => t.trim()).filter(Boolean).map((t) => [t.toLowerCase(), t])).values()];
  return {
    ...input,
    title: input.title.trim(),
    bodyHtml: sanitizeDescription(input.bodyHtml),
    vendor: input.vendor.trim(),
    productType: input.productType.trim(),
    tags,
    seoTitle: input.seoTitle.trim(),
    seoDescription: input.seoDescription.trim(),
    optionNames: input.optionNames.map((n) => n.trim()),
    variants: input.variants.map((v) => ({ ...v, options: v.options.map((o) => o.trim()), sku: v.sku.trim(), barcode: v.barcode.trim() })),
  };
}

function listingFields(input: ProductInput) {
  const prices = input.variants.map((v) => v.priceMinor);
  const onSale = input.variants.filter((v) => v.compareAtMinor !== null && v.compareAtMinor > v.priceMinor);
  const optionValues = new Set<string>();
  for (const variant of input.variants) {
    variant.options.forEach((value, i) => optionValues.add(`${input.optionNames[i]!.toLowerCase()}:${value.toLowerCase()}`));
  }
  return {
    priceMinMinor: Math.min(...prices),
    priceMaxMinor: Math.max(...prices),
    compareAtMaxMinor: onSale.length ? Math.max(...onSale.map((v) => v.compareAtMinor!)) : null,
    optionValues: [...optionValues].sort(),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Saves a product and everything under it; publishes catalog.product_changed when anything changed. */
export async function saveProduct(platform: Pick<Platform, 'events' | 'database' | 'cache' | 'clock' | 'jobs'>, tx: Db, raw: ProductInput, actor: string): Promise<SaveResult> {
  const input = normalised(raw);
  validate(input);
  const now = platform.clock.now();
  const [existing] = await tx.select().from(products).where(eq(products.handle, input.handle)).for('update');
  const productId = existing?.id ?? newId();
  const listing = listingFields(input);
  const productRow = {
    handle: input.handle,
    title: input.title,
    bodyHtml: input.bodyHtml,
    vendor: input.vendor,
    productType: input.productType,
    tags: input.tags,
    status: input.status,
    seoTitle: input.seoTitle,
    seoDescription: input.seoDescription,
    optionNames: input.optionNames,
    ...listing,
  };
  let changed = !existing;
  if (existing) {
    const stored = Object.fromEntries(Object.keys(productRow).map((k) => [k, existing[k as keyof typeof existing]]));
    changed = !same(stored, productRow);
    if (changed) {
      const publishedAt = existing.publishedAt ?? (input.status === 'active' ? now : null);
      await tx.update(products).set({ ...productRow, updatedAt: now, publishedAt }).where(eq(products.id, productId));
    }
  } else {
    await tx.insert(products).values({ id: productId, ...productRow, publishedAt: input.status === 'active' ? now : null, createdAt: now, updatedAt: now });
  }

  const imageIds = await saveImages(tx, productId, input, now, (c) => (changed ||= c));
  const variants = await saveVariants(tx, productId, input, imageIds, now, (c) => (changed ||= c));

  if (changed) {
    await tx.execute(sql`
      update ${products} set
        search_document =
          setweight(to_tsvector('english', doorstep_unaccent(${input.title})), 'A') ||
          setweight(to_tsvector('english', doorstep_unaccent(${[...input.tags, input.productType, input.vendor].join(' ')})), 'B') ||
          setweight(to_tsvector('english', doorstep_unaccent(${descriptionText(input.bodyHtml)})), 'C'),
        search_text = lower(doorstep_unaccent(${[input.title, ...input.tags, input.productType, input.vendor].join(' ')})),
        -- A change to a variant or an image alone is a change to the product too (stale-form checks read this).
        updated_at = ${now}
      where ${products.id} = ${productId}`);
    await refreshProductMembership(tx, productId);
    await platform.events.publish(tx, productChanged, { productId, created: !existing }, actor);
    await catalogChanged(platform, tx);
  }
  return { productId, created: !existing, changed, variants };
}

async function saveImages(tx: Db, productId: string, input: ProductInput, now: Date, markChanged: (c: boolean) => void): Promise<Map<string, string>> {
  const existing = await tx.select().from(productImages).where(eq(productImages.productId, productId));
  const bySrc = new Map(existing.map((image) => [image.src, image]));
  const ids = new Map<string, string>();
  for (const image of input.images) {
    const found = bySrc.get(image.src);
    if (found) {
      ids.set(image.src, found.id);
      if (found.alt !== image.alt || found.position !== image.position) {
        markChanged(true);
        await tx.update(productImages).set({ alt: image.alt, position: image.position, updatedAt: now }).where(eq(productImages.id, found.id));
      }
    } else {
      markChanged(true);
      const id = newId();
      ids.set(image.src, id);
      await tx.insert(productImages).values({ id, productId, src: image.src, alt: image.alt, position: image.position, createdAt: now, updatedAt: now });
    }
  }
  const keep = [...ids.values()];
  const gone = existing.filter((image) => !keep.includes(image.id));
  if (gone.length) {
    markChanged(true);
    await tx.delete(productImages).where(inArray(productImages.id, gone.map((image) => image.id)));
  }
  return ids;
}

async function saveVariants(
  tx: Db,
  productId: string,
  input: ProductInput,
  imageIds: Map<string, string>,
  now: Date,
  markChanged: (c: boolean) => void,
): Promise<SavedVariant[]> {
  const existing = await tx.select().from(productVariants).where(eq(productVariants.productId, productId));
  const byOptions = new Map(existing.map((v) => [optionKey([v.option1, v.option2, v.option3].slice(0, input.optionNames.length)), v]));
  const saved: SavedVariant[] = [];
  for (const [index, variant] of input.variants.entries()) {
    const found = byOptions.get(optionKey(variant.options));
    const row = variantRow(variant, index + 1, imageIds);
    if (variant.sku) await assertSkuFree(tx, variant.sku, found?.id ?? null);
    if (found) {
      const sku = variant.sku || found.sku;
      const current = { ...row, sku };
      const stored = Object.fromEntries(Object.keys(current).map((k) => [k, found[k as keyof typeof found]]));
      if (!same(stored, current)) {
        markChanged(true);
        await tx.update(productVariants).set({ ...current, updatedAt: now }).where(eq(productVariants.id, found.id));
      }
      saved.push({ id: found.id, sku, options: variant.options, created: false });
    } else {
      markChanged(true);
      const id = newId();
      const sku = variant.sku || (await freeSku(tx, generatedSku(input.handle, variant.options)));
      await tx.insert(productVariants).values({ id, productId, ...row, sku, createdAt: now, updatedAt: now });
      saved.push({ id, sku, options: variant.options, created: true });
    }
  }
  const keep = saved.map((v) => v.id);
  const gone = await tx
    .delete(productVariants)
    .where(and(eq(productVariants.productId, productId), notInArray(productVariants.id, keep)))
    .returning({ id: productVariants.id });
  if (gone.length) markChanged(true);
  return saved;
}

function variantRow(variant: VariantInput, position: number, imageIds: Map<string, string>) {
  return {
    position,
    option1: variant.options[0] ?? '',
    option2: variant.options[1] ?? '',
    option3: variant.options[2] ?? '',
    barcode: variant.barcode,
    priceMinor: variant.priceMinor,
    compareAtMinor: variant.compareAtMinor,
    grams: variant.grams,
    requiresShipping: variant.requiresShipping,
    taxable: variant.taxable,
    imageId: variant.imageSrc ? (imageIds.get(variant.imageSrc) ?? null) : null,
  };
}

async function assertSkuFree(tx: Db, sku: string, ownerId: string | null): Promise<void> {
  const [taken] = await tx.select({ id: productVariants.id }).from(productVariants).where(eq(productVariants.sku, sku));
  if (taken && taken.id !== ownerId) throw new ProductInputError(`SKU "${sku}" already belongs to another variant`);
}

/** A generated SKU that another product already uses gets a numeric suffix. */
async function freeSku(tx: Db, wanted: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? wanted : `${wanted}-${n}`;
    const [taken] = await tx.select({ id: productVariants.id }).from(productVariants).where(eq(productVariants.sku, candidate));
    if (!taken) return candidate;
  }
}
