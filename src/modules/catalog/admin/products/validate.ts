// Checks a typed product form and turns it into the catalog's ProductInput, with one
// message per field in words a merchant understands. Checks that need the database (a
// handle or SKU taken elsewhere, stock that moved) are in save-form.ts.
import { checkText, FormErrors } from '../../../../web/forms/form-errors.ts';
import type { StockPolicy } from '../../../inventory/index.ts';
import type { Product, ProductInput, VariantInput } from '../../model.ts';
import { MAX_VARIANTS } from '../../products/save.ts';
import { PRODUCT_STATUSES, type ProductStatus } from '../../schema.ts';
import { handleProblem } from '../handles.ts';
import { parsePrice } from '../money-input.ts';
import { imageField, isBlankVariant, isStockPolicy, variantField, type ProductForm, type VariantRow } from './form.ts';

const MAX_TEXT = 255;
const MAX_DESCRIPTION = 60_000;
const MAX_SEO_DESCRIPTION = 1000;
const MAX_TAGS = 250;
const MAX_URL = 2000;
const MAX_ALT = 500;
const WHOLE_NUMBER = /^\d{1,9}$/;

/** What the save does with a variant row's stock once the product is saved. */
export interface StockRow {
  /** Index into ProductInput.variants (and so into saveProduct's result). */
  inputIndex: number;
  /** The row in the form, for error messages. */
  rowIndex: number;
  /** The stored variant the row edits; null for a new row. */
  id: string | null;
  /** The merchant typed a different figure than the form was opened with. */
  onHandEdited: boolean;
  onHand: number;
  counted: boolean;
  policy: StockPolicy;
}

export interface ValidProduct {
  input: ProductInput;
  stock: StockRow[];
}

/** "Variant 2 (Large / Blue)": how messages name a row. */
export function variantLabel(row: VariantRow, rowIndex: number): string {
  const options = row.options.map((o) => o.trim()).filter(Boolean);
  return `Variant ${rowIndex + 1}${options.length ? ` (${options.join(' / ')})` : ''}`;
}

function optionNames(form: ProductForm, errors: FormErrors): string[] {
  const names = form.optionNames.map((n) => n.trim());
  const count = names.reduce((n, name, k) => (name && k === n ? n + 1 : n), 0);
  names.forEach((name, k) => {
    const field = `option${k + 1}Name`;
    const label = `Option ${k + 1} name`;
    if (!name) return;
    if (k >= count) errors.add(field, `Fill in option ${count + 1} first: options are used in order.`, label);
    else if (name.length > MAX_TEXT) errors.add(field, `Use at most ${MAX_TEXT} characters.`, label);
    else if (names.slice(0, k).some((other) => other.toLowerCase() === name.toLowerCase())) errors.add(field, 'Two options cannot have the same name.', label);
  });
  return names.slice(0, count);
}

function images(form: ProductForm, errors: FormErrors): ProductInput['images'] {
  const kept: ProductInput['images'] = [];
  form.images.forEach((row, i) => {
    const src = row.src.trim();
    const label = `Image ${i + 1}`;
    if (row.remove) return;
    if (!src) {
      if (row.alt.trim()) errors.add(imageField(i, 'src'), 'Enter the image address, or clear its description.', label);
      return;
    }
    if (src.length > MAX_URL || !isWebUrl(src)) errors.add(imageField(i, 'src'), 'Enter a full web address starting with https://', label);
    else if (kept.some((image) => image.src === src)) errors.add(imageField(i, 'src'), 'This image is already in the list.', label);
    else if (row.alt.length > MAX_ALT) errors.add(imageField(i, 'alt'), `Use at most ${MAX_ALT} characters.`, `${label} description`);
    else kept.push({ src, alt: row.alt.trim(), position: kept.length + 1 });
  });
  return kept;
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

interface RowContext {
  names: string[];
  digits: number;
  existing: Product | null;
  imageSrcs: Set<string>;
  seenOptions: Set<string>;
  seenSkus: Set<string>;
}

function variant(row: VariantRow, i: number, ctx: RowContext, errors: FormErrors): { input: VariantInput; stock: Omit<StockRow, 'inputIndex'> } | null {
  const label = variantLabel(row, i);
  const at = (part: string) => variantField(i, part);
  const before = errors.list.length;
  const options = row.options.map((o) => o.trim());
  options.forEach((value, k) => {
    const field = at(`option${k + 1}`);
    if (k < ctx.names.length) {
      if (!value) errors.add(field, `Enter a ${ctx.names[k]} value.`, label);
      else if (value.length > MAX_TEXT) errors.add(field, `Use at most ${MAX_TEXT} characters.`, label);
    } else if (value) {
      errors.add(field, `Name option ${k + 1} above before giving it values.`, label);
    }
  });
  const values = options.slice(0, ctx.names.length);
  const key = values.map((v) => v.toLowerCase()).join('\u0000');
  if (ctx.seenOptions.has(key)) {
    errors.add(
      at(ctx.names.length ? 'option1' : 'price'),
      ctx.names.length
        ? 'Another variant has the same option values. Each variant needs its own combination.'
        : 'A product without options has one variant. Name an option above (such as Size) to offer several.',
      label,
    );
  }
  ctx.seenOptions.add(key);

  const sku = row.sku.trim();
  if (sku.length > MAX_TEXT) errors.add(at('sku'), `Use at most ${MAX_TEXT} characters.`, `${label} SKU`);
  else if (sku && ctx.seenSkus.has(sku)) errors.add(at('sku'), 'Another variant in this form has the same SKU.', `${label} SKU`);
  if (sku) ctx.seenSkus.add(sku);
  checkText(errors, at('barcode'), row.barcode, { label: `${label} barcode`, max: MAX_TEXT });

  let priceMinor = 0;
  if (!row.price.trim()) errors.add(at('price'), 'Enter a price.', `${label} price`);
  else {
    const price = parsePrice(row.price, ctx.digits);
    if ('problem' in price) errors.add(at('price'), price.problem, `${label} price`);
    else priceMinor = price.minor;
  }
  let compareAtMinor: number | null = null;
  if (row.compareAt.trim()) {
    const compareAt = parsePrice(row.compareAt, ctx.digits);
    if ('problem' in compareAt) errors.add(at('compareAt'), compareAt.problem, `${label} compare-at price`);
    else compareAtMinor = compareAt.minor;
  }
  const grams = row.grams.trim();
  if (grams && !WHOLE_NUMBER.test(grams)) errors.add(at('grams'), 'Enter a whole number of grams, such as 250.', `${label} weight`);
  const onHand = row.onHand.trim();
  if (onHand && !WHOLE_NUMBER.test(onHand)) errors.add(at('onHand'), 'Enter a whole number of units, 0 or more.', `${label} on hand`);
  if (!isStockPolicy(row.policy)) errors.add(at('policy'), 'Choose what happens when it is sold out.', label);
  if (errors.list.length > before) return null;

  const stored = ctx.existing?.variants.find((v) => v.id === row.id) ?? null;
  const counted = onHand !== '' || row.onHandWas.trim() !== '' || !stored;
  return {
    input: {
      options: values,
      sku,
      barcode: row.barcode.trim(),
      priceMinor,
      compareAtMinor,
      grams: grams ? Number(grams) : 0,
      requiresShipping: stored?.requiresShipping ?? true,
      taxable: stored?.taxable ?? true,
      imageSrc: ctx.imageSrcs.has(row.imageSrc) ? row.imageSrc : null,
    },
    stock: {
      rowIndex: i,
      id: stored?.id ?? null,
      onHandEdited: onHand !== row.onHandWas.trim(),
      onHand: onHand ? Number(onHand) : 0,
      counted,
      policy: row.policy as StockPolicy,
    },
  };
}

/**
 * The ProductInput the form describes, or null with the reasons. `form.handle` must already
 * hold the handle to use (the one typed, or one suggested from the title).
 */
export function validateProductForm(form: ProductForm, options: { digits: number; existing: Product | null }): { value: ValidProduct | null; errors: FormErrors } {
  const errors = new FormErrors();
  checkText(errors, 'title', form.title, { label: 'Title', max: MAX_TEXT, required: true });
  const handleIssue = form.title.trim() || form.handle.trim() ? handleProblem(form.handle.trim()) : null;
  if (handleIssue) errors.add('handle', handleIssue, 'Handle');
  const status = (PRODUCT_STATUSES as readonly string[]).includes(form.status) ? (form.status as ProductStatus) : null;
  if (!status) errors.add('status', 'Choose draft, active or archived.', 'Status');
  checkText(errors, 'bodyHtml', form.bodyHtml, { label: 'Description', max: MAX_DESCRIPTION });
  checkText(errors, 'vendor', form.vendor, { label: 'Vendor', max: MAX_TEXT });
  checkText(errors, 'productType', form.productType, { label: 'Product type', max: MAX_TEXT });
  const tags = form.tags.split(',').map((t) => t.trim()).filter(Boolean);
  if (tags.length > MAX_TAGS) errors.add('tags', `Use at most ${MAX_TAGS} tags.`, 'Tags');
  else if (tags.some((t) => t.length > MAX_TEXT)) errors.add('tags', `Each tag can have at most ${MAX_TEXT} characters.`, 'Tags');
  checkText(errors, 'seoTitle', form.seoTitle, { label: 'Search engine title', max: MAX_TEXT });
  checkText(errors, 'seoDescription', form.seoDescription, { label: 'Search engine description', max: MAX_SEO_DESCRIPTION });
  const names = optionNames(form, errors);

  const productImages = images(form, errors);
  const ctx: RowContext = {
    names,
    digits: options.digits,
    existing: options.existing,
    imageSrcs: new Set(productImages.map((image) => image.src)),
    seenOptions: new Set(),
    seenSkus: new Set(),
  };
  const variants: VariantInput[] = [];
  const stock: StockRow[] = [];
  let offered = 0;
  form.variants.forEach((row, i) => {
    if (row.remove || isBlankVariant(row)) return;
    offered++;
    const checked = variant(row, i, ctx, errors);
    if (!checked) return;
    stock.push({ ...checked.stock, inputIndex: variants.length });
    variants.push(checked.input);
  });
  if (offered === 0) {
    const first = form.variants.findIndex((row) => !row.remove);
    errors.add(first >= 0 ? variantField(first, 'price') : undefined, 'Add at least one variant with a price (a product without options has exactly one).', 'Variants');
  } else if (offered > MAX_VARIANTS) {
    errors.add(undefined, `A product can have at most ${MAX_VARIANTS} variants.`, 'Variants');
  }
  if (!errors.empty || !status) return { value: null, errors };
  return {
    value: {
      input: {
        handle: form.handle.trim(),
        title: form.title.trim(),
        bodyHtml: form.bodyHtml,
        vendor: form.vendor.trim(),
        productType: form.productType.trim(),
        tags,
        status,
        seoTitle: form.seoTitle.trim(),
        seoDescription: form.seoDescription.trim(),
        optionNames: names,
        images: productImages,
        variants,
      },
      stock,
    },
    errors,
  };
}
