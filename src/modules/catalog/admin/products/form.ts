// The product form as typed: every value a string, so a refused form comes back exactly as
// the merchant left it. Built from a stored product (with its stock) or from a post.
import { checked, has, text, type FormBody } from '../../../../web/forms/form-body.ts';
import { STOCK_POLICIES, type StockPolicy } from '../../../inventory/index.ts';
import type { Product } from '../../model.ts';
import { minorToDecimal } from '../money-input.ts';
import { shownOnHand, type StockFigure } from './stock.ts';

export const OPTION_SLOTS = 3;
/** Empty variant rows under the existing ones, for adding variants without JavaScript. */
const BLANK_VARIANT_ROWS = 3;
const BLANK_IMAGE_ROWS = 2;
/** Rows read from a post at most: the variant limit plus the blank rows. */
const MAX_VARIANT_ROWS = 260;
const MAX_IMAGE_ROWS = 60;

export interface VariantRow {
  /** The stored variant's id; '' for a new row. */
  id: string;
  options: string[];
  sku: string;
  barcode: string;
  price: string;
  compareAt: string;
  grams: string;
  /** Units on hand; '' for a variant whose stock is not counted. */
  onHand: string;
  /** The on-hand figure the form was opened with, to notice stock that moved meanwhile. */
  onHandWas: string;
  policy: string;
  /** The src of the variant's image, or ''. */
  imageSrc: string;
  remove: boolean;
}

export interface ImageRow {
  src: string;
  alt: string;
  remove: boolean;
}

export interface ProductForm {
  title: string;
  handle: string;
  status: string;
  bodyHtml: string;
  vendor: string;
  productType: string;
  tags: string;
  seoTitle: string;
  seoDescription: string;
  optionNames: string[];
  variants: VariantRow[];
  images: ImageRow[];
  /** The product's updatedAt when the form was opened (ISO); '' for a new product. */
  updatedAt: string;
}

const blankVariant = (): VariantRow => ({
  id: '',
  options: Array<string>(OPTION_SLOTS).fill(''),
  sku: '',
  barcode: '',
  price: '',
  compareAt: '',
  grams: '',
  onHand: '',
  onHandWas: '',
  policy: 'deny',
  imageSrc: '',
  remove: false,
});

const blankImage = (): ImageRow => ({ src: '', alt: '', remove: false });

const padded = <T>(rows: T[], count: number, blank: () => T): T[] => [...rows, ...Array.from({ length: count }, blank)];

/** A variant row with nothing typed in it: ignored on save. */
export function isBlankVariant(row: VariantRow): boolean {
  return !row.id && [...row.options, row.sku, row.barcode, row.price, row.compareAt, row.grams, row.onHand].every((v) => v.trim() === '');
}

export function emptyProductForm(): ProductForm {
  return {
    title: '',
    handle: '',
    status: 'draft',
    bodyHtml: '',
    vendor: '',
    productType: '',
    tags: '',
    seoTitle: '',
    seoDescription: '',
    optionNames: Array<string>(OPTION_SLOTS).fill(''),
    variants: padded([], BLANK_VARIANT_ROWS, blankVariant),
    images: padded([], BLANK_IMAGE_ROWS, blankImage),
    updatedAt: '',
  };
}

export function productForm(product: Product, stock: ReadonlyMap<string, StockFigure>, digits: number): ProductForm {
  const imageSrc = new Map(product.images.map((image) => [image.id, image.src]));
  const variants = product.variants.map((variant): VariantRow => {
    const figure = stock.get(variant.id);
    const onHand = shownOnHand(figure);
    return {
      id: variant.id,
      options: [...variant.options, ...Array<string>(OPTION_SLOTS - variant.options.length).fill('')],
      sku: variant.sku,
      barcode: variant.barcode,
      price: minorToDecimal(variant.priceMinor, digits),
      compareAt: variant.compareAtMinor === null ? '' : minorToDecimal(variant.compareAtMinor, digits),
      grams: String(variant.grams),
      onHand,
      onHandWas: onHand,
      policy: figure?.policy ?? 'deny',
      imageSrc: (variant.imageId && imageSrc.get(variant.imageId)) || '',
      remove: false,
    };
  });
  return {
    title: product.title,
    handle: product.handle,
    status: product.status,
    bodyHtml: product.bodyHtml,
    vendor: product.vendor,
    productType: product.productType,
    tags: product.tags.join(', '),
    seoTitle: product.seoTitle,
    seoDescription: product.seoDescription,
    optionNames: [...product.optionNames, ...Array<string>(OPTION_SLOTS - product.optionNames.length).fill('')],
    variants: padded(variants, BLANK_VARIANT_ROWS, blankVariant),
    images: padded(
      product.images.map((image) => ({ src: image.src, alt: image.alt, remove: false })),
      BLANK_IMAGE_ROWS,
      blankImage,
    ),
    updatedAt: product.updatedAt.toISOString(),
  };
}

/** Names of the inputs of variant row `i` (also the ids, prefixed with "field-"). */
export const variantField = (i: number, part: string) => `variant-${i}-${part}`;
export const imageField = (i: number, part: string) => `image-${i}-${part}`;

export function parseProductForm(body: FormBody): ProductForm {
  const variants: VariantRow[] = [];
  for (let i = 0; i < MAX_VARIANT_ROWS && has(body, variantField(i, 'price')); i++) {
    const field = (part: string) => text(body, variantField(i, part));
    variants.push({
      id: field('id'),
      options: Array.from({ length: OPTION_SLOTS }, (_, k) => field(`option${k + 1}`)),
      sku: field('sku'),
      barcode: field('barcode'),
      price: field('price'),
      compareAt: field('compareAt'),
      grams: field('grams'),
      onHand: field('onHand'),
      onHandWas: field('onHandWas'),
      policy: field('policy'),
      imageSrc: field('image'),
      remove: checked(body, variantField(i, 'remove')),
    });
  }
  const images: ImageRow[] = [];
  for (let i = 0; i < MAX_IMAGE_ROWS && has(body, imageField(i, 'src')); i++) {
    images.push({ src: text(body, imageField(i, 'src')), alt: text(body, imageField(i, 'alt')), remove: checked(body, imageField(i, 'remove')) });
  }
  return {
    title: text(body, 'title'),
    handle: text(body, 'handle'),
    status: text(body, 'status'),
    bodyHtml: text(body, 'bodyHtml'),
    vendor: text(body, 'vendor'),
    productType: text(body, 'productType'),
    tags: text(body, 'tags'),
    seoTitle: text(body, 'seoTitle'),
    seoDescription: text(body, 'seoDescription'),
    optionNames: Array.from({ length: OPTION_SLOTS }, (_, k) => text(body, `option${k + 1}Name`)),
    variants,
    images,
    updatedAt: text(body, 'updatedAt'),
  };
}

export const isStockPolicy = (value: string): value is StockPolicy => (STOCK_POLICIES as readonly string[]).includes(value);
