// Shopify's product CSV format: one product spans several rows with the same Handle. The
// first row of a product carries its fields (Title, Body, Vendor…); each variant row
// carries option values and Variant columns; image-only rows carry just Image Src,
// Position and Alt Text. This file turns rows into complete product definitions, and
// every row it cannot make sense of into a failure with its line and reason.
import type { StockPolicy } from '../../inventory/index.ts';
import type { ProductInput, ProductStatus, VariantInput } from '../model.ts';
import { HANDLE_PATTERN, MAX_PRICE_MINOR } from '../products/save.ts';
import { PRODUCT_STATUSES } from '../schema.ts';
import { parseMinorUnits } from '../../../platform/money.ts';
import { ImportFileError, type CsvTable } from './csv.ts';

export interface ImportFailure {
  line: number;
  handle: string;
  reason: string;
}

export interface VariantStock {
  onHand: number;
  policy: StockPolicy;
  tracked: boolean;
}

/** A product ready to save: the definition, and the stock of each variant in the same order. */
export interface ImportedProduct {
  /** Line of the product's first row: where problems with the product as a whole are reported. */
  line: number;
  input: ProductInput;
  stock: VariantStock[];
}

/** Lower-case column names this importer reads, with the longest value each may hold. */
const COLUMNS = {
  handle: 255,
  title: 255,
  'body (html)': 65_536,
  vendor: 255,
  type: 255,
  tags: 5_000,
  published: 16,
  status: 16,
  'option1 name': 255,
  'option1 value': 255,
  'option2 name': 255,
  'option2 value': 255,
  'option3 name': 255,
  'option3 value': 255,
  'variant sku': 255,
  'variant grams': 32,
  'variant inventory tracker': 64,
  'variant inventory qty': 32,
  'variant inventory policy': 32,
  'variant price': 32,
  'variant compare at price': 32,
  'variant requires shipping': 16,
  'variant taxable': 16,
  'variant barcode': 255,
  'variant image': 2_048,
  'image src': 2_048,
  'image position': 16,
  'image alt text': 512,
  'seo title': 255,
  'seo description': 1_000,
} as const;

type Column = keyof typeof COLUMNS;

/** Columns whose presence makes a row a variant row (the others have harmless defaults). */
const VARIANT_COLUMNS: readonly Column[] = [
  'option1 value',
  'option2 value',
  'option3 value',
  'variant sku',
  'variant price',
  'variant compare at price',
  'variant barcode',
  'variant inventory qty',
];

const OPTIONS = [1, 2, 3] as const;
/** Prices are stored as 32-bit integers of minor units. */
const MAX_QUANTITY = 1_000_000_000;
const MAX_GRAMS = 100_000_000;

/** One data row with its cells looked up by column name. */
interface Row {
  line: number;
  get(column: Column): string;
}

/** A problem with one row; the product it belongs to is skipped. */
class RowError extends Error {}

function rowsOf(table: CsvTable): Row[] {
  const index = new Map<string, number>();
  table.header.forEach((name, i) => {
    const key = name.toLowerCase().replace(/\s+/g, ' ');
    if (!index.has(key)) index.set(key, i);
  });
  if (!index.has('handle')) {
    throw new ImportFileError(
      'This is not a Shopify product CSV: its first line must name the columns, including Handle (e.g. "Handle,Title,Body (HTML),Vendor,…").',
    );
  }
  return table.records.map(({ line, cells }) => ({
    line,
    get(column) {
      const i = index.get(column);
      return i === undefined ? '' : (cells[i] ?? '').trim();
    },
  }));
}

function checkLengths(row: Row): void {
  for (const [column, max] of Object.entries(COLUMNS) as [Column, number][]) {
    if (row.get(column).length > max)
      throw new RowError(
        `${label(column)} is longer than ${max.toLocaleString('en-US')} characters`,
      );
  }
}

/** The column as Shopify writes it, for messages. */
function label(column: Column): string {
  return column
    .replace(/\b(\w)/g, (c) => c.toUpperCase())
    .replace('(Html)', '(HTML)')
    .replace('Seo', 'SEO')
    .replace('Sku', 'SKU');
}

function bool(row: Row, column: Column, fallback: boolean): boolean {
  const value = row.get(column).toLowerCase();
  if (value === '') return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new RowError(`${label(column)} must be true or false (got "${row.get(column)}")`);
}

function price(row: Row, column: Column, digits: number): number | null {
  const value = row.get(column);
  if (value === '') return null;
  const minor = parseMinorUnits(value, digits);
  if (minor === null)
    throw new RowError(`${label(column)} "${value}" is not a price (write it like 12.50)`);
  if (minor > MAX_PRICE_MINOR) throw new RowError(`${label(column)} "${value}" is too large`);
  return minor;
}

function httpUrl(row: Row, column: Column): string {
  const value = row.get(column);
  if (value === '') return '';
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new RowError(`${label(column)} "${value.slice(0, 80)}" is not an http(s) address`);
  }
  return value;
}

function status(row: Row): ProductStatus {
  const given = row.get('status').toLowerCase();
  if (given) {
    if ((PRODUCT_STATUSES as readonly string[]).includes(given)) return given as ProductStatus;
    throw new RowError(`Status must be active, draft or archived (got "${row.get('status')}")`);
  }
  // Shopify publishes a product whose Published cell is blank.
  return bool(row, 'published', true) ? 'active' : 'draft';
}

function tagsOf(row: Row): string[] {
  return row
    .get('tags')
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
}

function optionNamesOf(row: Row): string[] {
  const names = OPTIONS.map((n) => row.get(`option${n} name`));
  const last = names.findLastIndex(Boolean);
  const used = names.slice(0, last + 1);
  const gap = used.findIndex((name) => !name);
  if (gap !== -1)
    throw new RowError(`Option${gap + 1} Name is missing while Option${last + 1} Name is set`);
  return used;
}

function stockOf(row: Row): VariantStock {
  const qty = row.get('variant inventory qty');
  if (qty !== '' && !/^[+-]?\d+$/.test(qty))
    throw new RowError(`Variant Inventory Qty "${qty}" is not a whole number`);
  const onHand = qty === '' ? 0 : Number(qty);
  if (onHand < 0)
    throw new RowError(
      `Variant Inventory Qty is negative (${qty}); stock on hand cannot be below 0`,
    );
  if (onHand > MAX_QUANTITY) throw new RowError(`Variant Inventory Qty "${qty}" is too large`);
  const policy = row.get('variant inventory policy').toLowerCase();
  if (policy !== '' && policy !== 'deny' && policy !== 'continue') {
    throw new RowError(
      `Variant Inventory Policy must be deny or continue (got "${row.get('variant inventory policy')}")`,
    );
  }
  // A blank tracker means Shopify did not count this variant's stock: it is always sellable.
  return {
    onHand,
    policy: policy === 'continue' ? 'backorder' : 'deny',
    tracked: row.get('variant inventory tracker') !== '',
  };
}

function gramsOf(row: Row): number {
  const value = row.get('variant grams');
  if (value === '') return 0;
  if (!/^\d+(\.\d+)?$/.test(value))
    throw new RowError(`Variant Grams "${value}" is not a weight in grams`);
  const grams = Math.round(Number(value));
  if (grams > MAX_GRAMS) throw new RowError(`Variant Grams "${value}" is too large`);
  return grams;
}

/** The product being assembled from its rows. */
interface Draft {
  line: number;
  input: ProductInput;
  stock: VariantStock[];
  /** Variant image sources, resolved once every image row is read. */
  variantImages: string[];
  /** Lines of the variants, by their option values, to name the first of two duplicates. */
  variantLines: Map<string, number>;
}

function productFields(row: Row, handle: string): ProductInput {
  return {
    handle,
    title: row.get('title'),
    bodyHtml: row.get('body (html)'),
    vendor: row.get('vendor'),
    productType: row.get('type'),
    tags: [],
    status: status(row),
    seoTitle: row.get('seo title'),
    seoDescription: row.get('seo description'),
    optionNames: optionNamesOf(row),
    images: [],
    variants: [],
  };
}

function addVariant(draft: Draft, row: Row, digits: number): void {
  const names = draft.input.optionNames;
  const options: string[] = [];
  for (const n of OPTIONS) {
    const name = names[n - 1];
    const value = row.get(`option${n} value`);
    const givenName = row.get(`option${n} name`);
    if (givenName && name && givenName.toLowerCase() !== name.toLowerCase()) {
      throw new RowError(`Option${n} Name "${givenName}" differs from the product's "${name}"`);
    }
    if (name) {
      if (!value) throw new RowError(`Option${n} Value (${name}) is missing`);
      options.push(value);
    } else if (value && !(n === 1 && value === 'Default Title')) {
      throw new RowError(
        `Option${n} Value "${value}" is given but the product has no Option${n} Name`,
      );
    }
  }
  const key = options.map((o) => o.toLowerCase()).join('\u0000');
  const earlier = draft.variantLines.get(key);
  if (earlier !== undefined)
    throw new RowError(
      `line ${earlier} already has the option values ${options.join(' / ') || '(none)'}`,
    );

  const priceMinor = price(row, 'variant price', digits);
  if (priceMinor === null) throw new RowError('Variant Price is missing');
  const variant: VariantInput = {
    options,
    sku: row.get('variant sku'),
    barcode: row.get('variant barcode'),
    priceMinor,
    compareAtMinor: price(row, 'variant compare at price', digits),
    grams: gramsOf(row),
    requiresShipping: bool(row, 'variant requires shipping', true),
    taxable: bool(row, 'variant taxable', true),
    imageSrc: null,
  };
  const stock = stockOf(row);
  const image = httpUrl(row, 'variant image');
  draft.variantLines.set(key, row.line);
  draft.input.variants.push(variant);
  draft.stock.push(stock);
  draft.variantImages.push(image);
}

function addImage(draft: Draft, row: Row): void {
  const src = httpUrl(row, 'image src');
  if (!src) return;
  const position = row.get('image position');
  if (position !== '' && !/^\d{1,6}$/.test(position))
    throw new RowError(`Image Position "${position}" is not a whole number`);
  if (draft.input.images.some((image) => image.src === src)) return;
  draft.input.images.push({
    src,
    alt: row.get('image alt text'),
    position: position === '' ? Number.MAX_SAFE_INTEGER : Number(position),
  });
}

/** Images in their given order (unnumbered ones last), numbered 1…n; variant images resolved. */
function finish(draft: Draft): ImportedProduct {
  const input = draft.input;
  for (const src of draft.variantImages) {
    // Shopify adds a variant's image to the product when no image row lists it.
    if (src && !input.images.some((image) => image.src === src))
      input.images.push({ src, alt: '', position: Number.MAX_SAFE_INTEGER });
  }
  input.images = input.images
    .map((image, order) => ({ image, order }))
    .sort((a, b) => a.image.position - b.image.position || a.order - b.order)
    .map(({ image }, i) => ({ ...image, position: i + 1 }));
  input.variants.forEach((variant, i) => (variant.imageSrc = draft.variantImages[i] || null));
  // "Title: Default Title" is how Shopify writes a product without options.
  if (
    input.optionNames.length === 1 &&
    input.optionNames[0] === 'Title' &&
    input.variants.length === 1 &&
    input.variants[0]!.options[0] === 'Default Title'
  ) {
    input.optionNames = [];
    input.variants[0]!.options = [];
  }
  input.tags = [...new Set(input.tags)];
  return { line: draft.line, input, stock: draft.stock };
}

export interface ParsedProducts {
  products: ImportedProduct[];
  failures: ImportFailure[];
  /** Distinct handles in the file, including those of products that failed. */
  handles: number;
}

/**
 * Groups the rows by handle and builds each product. A product with any bad row is left
 * out whole (its bad rows are the failures); rows without a handle fail on their own.
 */
export function productsFromCsv(
  table: CsvTable,
  options: { fractionDigits: number },
): ParsedProducts {
  const failures: ImportFailure[] = [];
  const byHandle = new Map<string, Row[]>();
  for (const row of rowsOf(table)) {
    const handle = row.get('handle');
    if (!handle) {
      failures.push({ line: row.line, handle: '', reason: 'Handle is missing' });
      continue;
    }
    const rows = byHandle.get(handle) ?? [];
    rows.push(row);
    byHandle.set(handle, rows);
  }

  const products: ImportedProduct[] = [];
  for (const [handle, rows] of byHandle) {
    const first = rows[0]!;
    const own: ImportFailure[] = [];
    const fail = (line: number, error: unknown) => {
      if (!(error instanceof RowError)) throw error;
      own.push({ line, handle, reason: error.message });
    };
    // The product's fields live on its first row with a title (normally its first row).
    const productRow = rows.find((row) => row.get('title')) ?? first;
    let draft: Draft | undefined;
    try {
      if (!HANDLE_PATTERN.test(handle))
        throw new RowError(
          `Handle "${handle}" must be lower-case letters, digits and single hyphens`,
        );
      if (!productRow.get('title'))
        throw new RowError('Title is missing (the first row of a product carries its title)');
      draft = {
        line: first.line,
        input: productFields(productRow, handle),
        stock: [],
        variantImages: [],
        variantLines: new Map(),
      };
    } catch (error) {
      fail(productRow.line, error);
    }
    for (const row of rows) {
      try {
        checkLengths(row);
        if (!draft) continue;
        // Tags are read from every row of the product: some tools write them on later rows.
        draft.input.tags.push(...tagsOf(row));
        addImage(draft, row);
        if (VARIANT_COLUMNS.some((column) => row.get(column) !== ''))
          addVariant(draft, row, options.fractionDigits);
      } catch (error) {
        fail(row.line, error);
      }
    }
    if (draft && own.length === 0 && draft.input.variants.length === 0) {
      own.push({
        line: first.line,
        handle,
        reason: 'the product has no variant row (a row with Variant Price)',
      });
    }
    if (own.length > 0 || !draft) failures.push(...own);
    else products.push(finish(draft));
  }
  failures.sort((a, b) => a.line - b.line);
  return { products, failures, handles: byHandle.size };
}
