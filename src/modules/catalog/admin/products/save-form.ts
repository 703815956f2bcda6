// Saving the product form: one transaction that checks the product was not changed by
// someone else since the form was opened, checks what only the database knows (handles and
// SKUs taken by other products, stock that moved), saves through the catalog's save path
// and sets stock through inventory. A refusal writes nothing.
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../../../../platform/db/database.ts';
import type { Platform } from '../../../../platform/platform.ts';
import { FormErrors } from '../../../../web/forms/form-errors.ts';
import { setStock, type StockSetting } from '../../../inventory/index.ts';
import { getStoreProfile } from '../../../site/index.ts';
import { CATALOG_CACHE_TAG, productChanged } from '../../events.ts';
import type { Product, ProductInput } from '../../model.ts';
import { productById } from '../../products/read.ts';
import { ProductInputError, saveProduct } from '../../products/save.ts';
import { products, productVariants } from '../../schema.ts';
import { isUniqueViolation } from '../../../../platform/db/errors.ts';
import { suggestHandle } from '../handles.ts';
import { currencyDigits } from '../money-input.ts';
import { OPTION_SLOTS, productForm, variantField, type ProductForm } from './form.ts';
import { shownOnHand, stockFigures, type StockFigure } from './stock.ts';
import { validateProductForm, variantLabel, type StockRow, type ValidProduct } from './validate.ts';

export type SaveOutcome =
  | { kind: 'saved'; productId: string; created: boolean }
  /** Refused: the form as typed (with any corrections) and why. */
  | { kind: 'invalid'; form: ProductForm; errors: FormErrors }
  /** Changed by someone else since the form was opened: the current values. */
  | { kind: 'conflict'; form: ProductForm }
  | { kind: 'missing' };

export const STALE_MESSAGE = 'This product was changed by someone else since you opened it';

/** The stock movement reason written for edits made in the admin. */
const STOCK_REASON = 'Edited in the admin';

export async function storeDigits(platform: Platform): Promise<number> {
  return currencyDigits((await getStoreProfile(platform)).currency);
}

/** A product and its stock as the form shows them. */
export async function loadProductForm(db: Db, productId: string, digits: number): Promise<{ product: Product; form: ProductForm } | null> {
  const product = await productById(db, productId);
  if (!product) return null;
  return { product, form: productForm(product, await stockFigures(db, product.variants.map((v) => v.id)), digits) };
}

/** Locks the product row for the rest of the transaction, so two saves take turns. */
async function lockedProduct(tx: Db, productId: string): Promise<Product | null> {
  const [row] = await tx.select({ id: products.id }).from(products).where(eq(products.id, productId)).for('update');
  return row ? productById(tx, productId) : null;
}

const isStale = (product: Product, updatedAt: string) => product.updatedAt.toISOString() !== updatedAt;

export async function saveProductForm(platform: Platform, productId: string | null, submitted: ProductForm, actor: string): Promise<SaveOutcome> {
  const digits = await storeDigits(platform);
  const form: ProductForm = { ...submitted, handle: submitted.handle.trim() || suggestHandle(submitted.title) };
  try {
    return await platform.database.transaction(async (tx): Promise<SaveOutcome> => {
      const existing = productId ? await lockedProduct(tx, productId) : null;
      if (productId && !existing) return { kind: 'missing' };
      const stock = await stockFigures(tx, existing?.variants.map((v) => v.id) ?? []);
      if (existing && isStale(existing, form.updatedAt)) return { kind: 'conflict', form: productForm(existing, stock, digits) };

      const { value, errors } = validateProductForm(form, { digits, existing });
      const corrected = noticeMovedStock(form, stock, errors);
      await checkTaken(tx, form, existing?.id ?? null, errors);
      if (!value || !errors.empty) return { kind: 'invalid', form: corrected, errors };

      const rekeyed = existing ? await rekey(tx, existing, value) : false;
      const result = await saveProduct(platform, tx, value.input, actor);
      await setStock(platform, tx, stockSettings(value.stock, result.variants, stock), actor, `product:${result.productId}`, STOCK_REASON);
      if (result.changed || rekeyed) await touch(platform, tx, result.productId);
      if (rekeyed && !result.changed) {
        // Only the handle or an option value's spelling changed: saveProduct saw nothing to announce.
        await platform.events.publish(tx, productChanged, { productId: result.productId, created: false }, actor);
        platform.database.afterCommit(() => platform.cache.invalidate(CATALOG_CACHE_TAG));
      }
      return { kind: 'saved', productId: result.productId, created: result.created };
    });
  } catch (error) {
    if (error instanceof ProductInputError) {
      const errors = new FormErrors();
      errors.add(undefined, capitalised(error.message));
      return { kind: 'invalid', form, errors };
    }
    if (isUniqueViolation(error)) {
      const errors = new FormErrors();
      errors.add(undefined, 'Another product was saved with the same handle or SKU at the same moment. Please check them and save again.');
      return { kind: 'invalid', form, errors };
    }
    throw error;
  }
}

const capitalised = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);

/**
 * A stock figure the merchant edited that has moved since the form was opened (an order, or
 * another edit) is not overwritten: the field is refused and shows the figure to start from.
 */
function noticeMovedStock(form: ProductForm, stock: ReadonlyMap<string, StockFigure>, errors: FormErrors): ProductForm {
  const variants = form.variants.map((row, i) => {
    const figure = row.id ? stock.get(row.id) : undefined;
    if (!figure || row.remove) return row;
    const now = shownOnHand(figure);
    if (row.onHand.trim() === row.onHandWas.trim() || now === row.onHandWas.trim()) return row;
    errors.add(
      variantField(i, 'onHand'),
      `Stock changed to ${now === '' ? '"not counted"' : now} since you opened this page (an order or another edit). Check the figure and save again.`,
      `${variantLabel(row, i)} on hand`,
    );
    return { ...row, onHandWas: now };
  });
  return { ...form, variants };
}

/** Handles and SKUs belong to one product: refusing another's keeps its links and orders right. */
async function checkTaken(tx: Db, form: ProductForm, ownId: string | null, errors: FormErrors): Promise<void> {
  const others = (column: typeof products.id | typeof productVariants.productId) => (ownId ? ne(column, ownId) : undefined);
  const handle = form.handle.trim();
  if (handle && !errors.for('handle')) {
    const [holder] = await tx.select({ id: products.id }).from(products).where(and(eq(products.handle, handle), others(products.id)));
    if (holder) {
      errors.add('handle', `Another product already has this handle (its page is /products/${handle}). Choose a different one so that its links keep working.`, 'Handle');
    }
  }
  const rows = form.variants.map((row, i) => ({ sku: row.sku.trim(), i, row })).filter(({ sku, i, row }) => sku && !row.remove && !errors.for(variantField(i, 'sku')));
  if (rows.length === 0) return;
  const taken = await tx
    .select({ sku: productVariants.sku })
    .from(productVariants)
    .where(and(inArray(productVariants.sku, rows.map((r) => r.sku)), others(productVariants.productId)));
  const takenSkus = new Set(taken.map((t) => t.sku));
  for (const { sku, i, row } of rows) {
    if (takenSkus.has(sku)) errors.add(variantField(i, 'sku'), `Another product already uses SKU "${sku}".`, `${variantLabel(row, i)} SKU`);
  }
}

const padded = (options: readonly string[]) => [...options, ...Array<string>(OPTION_SLOTS - options.length).fill('')];

/**
 * Applies what the catalog's save path cannot infer, because it knows products by handle and
 * variants by option values: a new handle for this product, and new option values for the
 * variants whose rows say so (so they keep their id, SKU, stock and cart lines). Values move
 * in two steps through placeholders, so swapping two variants' values never collides;
 * removed variants keep a placeholder and the save path deletes them.
 */
async function rekey(tx: Db, existing: Product, value: ValidProduct): Promise<boolean> {
  let changed = false;
  if (existing.handle !== value.input.handle) {
    await tx.update(products).set({ handle: value.input.handle }).where(eq(products.id, existing.id));
    changed = true;
  }
  const wanted = new Map(value.stock.filter((row) => row.id).map((row) => [row.id!, padded(value.input.variants[row.inputIndex]!.options)]));
  const moving = existing.variants.filter((v) => {
    const target = wanted.get(v.id);
    return !target || target.join('\u0000') !== padded(v.options).join('\u0000');
  });
  for (const variant of moving) {
    await tx.update(productVariants).set({ option1: `\u0001${variant.id}`, option2: '', option3: '' }).where(eq(productVariants.id, variant.id));
  }
  for (const variant of moving) {
    const target = wanted.get(variant.id);
    if (!target) continue;
    await tx.update(productVariants).set({ option1: target[0]!, option2: target[1]!, option3: target[2]! }).where(eq(productVariants.id, variant.id));
    changed = true;
  }
  return changed;
}

/** Stock to write: new variants, edited figures and changed policies; nothing else is touched. */
function stockSettings(rows: readonly StockRow[], saved: readonly { id: string; created: boolean }[], stock: ReadonlyMap<string, StockFigure>): StockSetting[] {
  const settings: StockSetting[] = [];
  for (const row of rows) {
    const variant = saved[row.inputIndex]!;
    const current = stock.get(variant.id);
    const fresh = variant.created || !current;
    const counted = row.counted;
    const edited = fresh || row.onHandEdited || row.id !== variant.id;
    if (!edited && current && current.policy === row.policy && (current.onHand !== null) === counted) continue;
    settings.push({ variantId: variant.id, onHand: edited ? row.onHand : (current?.onHand ?? 0), policy: row.policy, tracked: counted });
  }
  return settings;
}

/** Marks the product changed even when only its variants or images did, so open forms notice. */
async function touch(platform: Pick<Platform, 'clock'>, tx: Db, productId: string): Promise<void> {
  await tx
    .update(products)
    .set({ updatedAt: sql`greatest(${platform.clock.now().toISOString()}::timestamptz, ${products.updatedAt} + interval '1 millisecond')` })
    .where(eq(products.id, productId));
}

/** The stored product as a complete definition, as the save path takes it. */
function productInputOf(product: Product): ProductInput {
  const srcOf = new Map(product.images.map((image) => [image.id, image.src]));
  return {
    handle: product.handle,
    title: product.title,
    bodyHtml: product.bodyHtml,
    vendor: product.vendor,
    productType: product.productType,
    tags: product.tags,
    status: product.status,
    seoTitle: product.seoTitle,
    seoDescription: product.seoDescription,
    optionNames: product.optionNames,
    images: product.images.map((image) => ({ src: image.src, alt: image.alt, position: image.position })),
    variants: product.variants.map((v) => ({
      options: v.options,
      sku: v.sku,
      barcode: v.barcode,
      priceMinor: v.priceMinor,
      compareAtMinor: v.compareAtMinor,
      grams: v.grams,
      requiresShipping: v.requiresShipping,
      taxable: v.taxable,
      imageSrc: (v.imageId && srcOf.get(v.imageId)) || null,
    })),
  };
}

export type ArchiveOutcome = 'archived' | 'conflict' | 'missing';

/** Archives a product: it leaves the shop, keeps its data, and can be made active again. */
export async function archiveProduct(platform: Platform, productId: string, updatedAt: string, actor: string): Promise<ArchiveOutcome> {
  return platform.database.transaction(async (tx) => {
    const product = await lockedProduct(tx, productId);
    if (!product) return 'missing';
    if (isStale(product, updatedAt)) return 'conflict';
    const result = await saveProduct(platform, tx, { ...productInputOf(product), status: 'archived' }, actor);
    if (result.changed) await touch(platform, tx, productId);
    return 'archived';
  });
}
