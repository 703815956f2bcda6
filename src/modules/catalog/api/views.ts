// The catalogue's JSON shapes (TypeBox, so they are validated, serialised and documented
// in the OpenAPI document) and the functions that fill them. Listings share one card and
// facet shape, whichever endpoint lists them.
import { Type, type Static } from 'typebox';
import { promiseDatesNote, type Availability, type PromiseAnswer } from '../../inventory/index.ts';
import { productImageUrl } from '../images/urls.ts';
import type { Collection, Product, ProductCard } from '../model.ts';
import { LISTING_SORTS, MAX_PAGE, type ListingResult } from '../products/listing.ts';
import { canBuy } from '../storefront/delivery-promise.ts';
import { money, type MoneyFormat } from '../storefront/money.ts';

export const Money = Type.Object({
  amount: Type.Integer({ description: 'Minor units (cents).' }),
  currency: Type.String({ description: 'ISO 4217 code.' }),
  formatted: Type.String(),
});

export const moneyView = (amount: number, format: MoneyFormat): Static<typeof Money> => ({ amount, currency: format.currency, formatted: money(amount, format) });

const Values = (description: string) => Type.Optional(Type.Array(Type.String({ maxLength: 120 }), { maxItems: 20, description }));

/** Listing parameters: the same names as the storefront's filter form. */
export const ListingQuerystring = Type.Object({
  price_min: Type.Optional(Type.String({ maxLength: 20, pattern: '^\\d{1,12}(\\.\\d{1,4})?$', description: 'Lowest "from" price, as a decimal (12.50).' })),
  price_max: Type.Optional(Type.String({ maxLength: 20, pattern: '^\\d{1,12}(\\.\\d{1,4})?$', description: 'Highest "from" price, as a decimal.' })),
  in_stock: Type.Optional(Type.Boolean({ description: 'Only products that can be bought now.' })),
  option: Values('Option values as "name:value" in lower case, e.g. "color:blue"; values of one option are alternatives.'),
  vendor: Values('Vendors (brands).'),
  type: Values('Product types.'),
  sort: Type.Optional(Type.Union(LISTING_SORTS.filter((s) => s !== 'relevance').map((s) => Type.Literal(s)))),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE })),
  page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'Default 24.' })),
});
export type ListingQuerystring = Static<typeof ListingQuerystring>;

/** The validated query string in the form the listing parser reads (the page's own). */
export function listingParams(query: ListingQuerystring): Record<string, unknown> {
  const { in_stock: inStock, page, page_size: _pageSize, ...rest } = query;
  return { ...rest, ...(inStock ? { in_stock: '1' } : {}), ...(page ? { page: String(page) } : {}) };
}

const Image = Type.Object({ url: Type.String(), alt: Type.String() });

export const CardView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  handle: Type.String(),
  title: Type.String(),
  vendor: Type.String(),
  productType: Type.String(),
  url: Type.String(),
  price: Money,
  priceVaries: Type.Boolean({ description: 'Variants differ in price: `price` is the lowest ("from").' }),
  compareAtPrice: Type.Union([Money, Type.Null()]),
  available: Type.Boolean({ description: 'Some variant can be bought now.' }),
  image: Image,
});

export function cardView(card: ProductCard, format: MoneyFormat): Static<typeof CardView> {
  const onSale = card.compareAtMaxMinor !== null && card.compareAtMaxMinor > card.priceMinMinor;
  return {
    id: card.id,
    handle: card.handle,
    title: card.title,
    vendor: card.vendor,
    productType: card.productType,
    url: `/products/${card.handle}`,
    price: moneyView(card.priceMinMinor, format),
    priceVaries: card.priceMaxMinor > card.priceMinMinor,
    compareAtPrice: onSale ? moneyView(card.compareAtMaxMinor!, format) : null,
    available: card.available,
    image: { url: productImageUrl(card.image, card.id), alt: card.image?.alt || card.title },
  };
}

const FacetValues = Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }));
export const Facets = Type.Object({
  vendors: FacetValues,
  types: FacetValues,
  options: Type.Array(Type.Object({ name: Type.String(), values: FacetValues })),
  priceRange: Type.Union([Type.Object({ min: Type.Integer(), max: Type.Integer() }), Type.Null()]),
});

export const Listing = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  pageCount: Type.Integer(),
  products: Type.Array(CardView),
  facets: Facets,
});

export function listingView(result: ListingResult, format: MoneyFormat): Static<typeof Listing> {
  return {
    total: result.total,
    page: result.page,
    pageSize: result.pageSize,
    pageCount: result.pageCount,
    products: result.cards.map((card) => cardView(card, format)),
    facets: result.facets,
  };
}

export const CollectionView = Type.Object({
  handle: Type.String(),
  title: Type.String(),
  description: Type.String(),
  url: Type.String(),
});

export function collectionView(collection: Pick<Collection, 'handle' | 'title' | 'description'>): Static<typeof CollectionView> {
  return { handle: collection.handle, title: collection.title, description: collection.description, url: `/collections/${collection.handle}` };
}

const AvailabilityState = Type.Union([
  Type.Literal('in_stock'),
  Type.Literal('low_stock'),
  Type.Literal('backorder'),
  Type.Literal('preorder'),
  Type.Literal('made_to_order'),
  Type.Literal('out_of_stock'),
]);

const VariantView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  sku: Type.String(),
  barcode: Type.String(),
  options: Type.Array(Type.String(), { description: 'One value per option name, in order.' }),
  price: Money,
  compareAtPrice: Type.Union([Money, Type.Null()]),
  grams: Type.Integer(),
  imageId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  availability: Type.Object({
    state: AvailabilityState,
    canBuy: Type.Boolean(),
    available: Type.Union([Type.Integer(), Type.Null()], { description: 'Units in stock; null when not tracked.' }),
    maxOrderable: Type.Union([Type.Integer(), Type.Null()], { description: 'The most that can be ordered now; null: no limit.' }),
    headline: Type.String({ description: 'What the product page says of one unit, e.g. "Only 2 left — arrives Wed 25 – Fri 27 Nov".' }),
    detail: Type.Union([Type.String(), Type.Null()], { description: 'Which method and destination the dates are for.' }),
  }),
});

export const ProductView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  handle: Type.String(),
  title: Type.String(),
  url: Type.String(),
  descriptionHtml: Type.String({ description: 'Sanitised HTML: formatting only.' }),
  vendor: Type.String(),
  productType: Type.String(),
  tags: Type.Array(Type.String()),
  seoTitle: Type.String(),
  seoDescription: Type.String(),
  optionNames: Type.Array(Type.String()),
  price: Money,
  priceVaries: Type.Boolean(),
  compareAtPrice: Type.Union([Money, Type.Null()]),
  images: Type.Array(Type.Object({ id: Type.String({ format: 'uuid' }), url: Type.String(), alt: Type.String(), position: Type.Integer() })),
  variants: Type.Array(VariantView),
});

export function productView(product: Product, availability: Map<string, Availability>, promised: PromiseAnswer, format: MoneyFormat): Static<typeof ProductView> {
  const detail = promiseDatesNote(promised, format.locale);
  return {
    id: product.id,
    handle: product.handle,
    title: product.title,
    url: `/products/${product.handle}`,
    descriptionHtml: product.bodyHtml,
    vendor: product.vendor,
    productType: product.productType,
    tags: product.tags,
    seoTitle: product.seoTitle,
    seoDescription: product.seoDescription,
    optionNames: product.optionNames,
    price: moneyView(product.priceMinMinor, format),
    priceVaries: product.priceMaxMinor > product.priceMinMinor,
    compareAtPrice: product.compareAtMaxMinor !== null ? moneyView(product.compareAtMaxMinor, format) : null,
    images: product.images.map((image) => ({ id: image.id, url: productImageUrl(image, product.id), alt: image.alt || product.title, position: image.position })),
    variants: product.variants.map((variant) => {
      const state = availability.get(variant.id)!;
      const promise = promised.lines.find((line) => line.variantId === variant.id)!;
      return {
        id: variant.id,
        sku: variant.sku,
        barcode: variant.barcode,
        options: variant.options,
        price: moneyView(variant.priceMinor, format),
        compareAtPrice: variant.compareAtMinor !== null && variant.compareAtMinor > variant.priceMinor ? moneyView(variant.compareAtMinor, format) : null,
        grams: variant.grams,
        imageId: variant.imageId,
        availability: {
          state: state.state,
          canBuy: canBuy(state),
          available: state.available,
          maxOrderable: state.maxOrderable,
          headline: promise.label,
          detail,
        },
      };
    }),
  };
}
