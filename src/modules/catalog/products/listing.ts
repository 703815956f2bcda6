// Product listings: the collection pages, "all products", search results and the JSON API
// all read active products through `listProducts`, with the same filters, sorts and facets.
// Listings read only the denormalised columns of `products` (prices, option values,
// availability), so a page of cards is one indexed query plus one for their first images.
import { and, asc, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../../platform/db/database.ts';
import { parseMinorUnits } from '../../../platform/money.ts';
import type { ProductCard } from '../model.ts';
import { collectionProducts, COLLECTION_SORTS, productImages, products } from '../schema.ts';
import { currentSummary, type ListingSummary } from './listing-summaries.ts';
import { toImage } from './read.ts';

/** Collection sorts, plus relevance for search results. */
export const LISTING_SORTS = [...COLLECTION_SORTS, 'relevance'] as const;
export type ListingSort = (typeof LISTING_SORTS)[number];

export const SORT_LABELS: Record<ListingSort, string> = {
  featured: 'Featured',
  newest: 'Newest',
  'price-asc': 'Price, low to high',
  'price-desc': 'Price, high to low',
  'title-asc': 'Name, A to Z',
  relevance: 'Best match',
};

export interface ListingFilters {
  /** Minor units; a product matches on its lowest ("from") price. */
  priceMin: number | null;
  priceMax: number | null;
  /** Only products some variant of which can be bought now. */
  inStock: boolean;
  /** "name:value" in lower case, as in products.option_values. Values of one option are alternatives. */
  options: string[];
  vendors: string[];
  types: string[];
}

export const NO_FILTERS: ListingFilters = { priceMin: null, priceMax: null, inStock: false, options: [], vendors: [], types: [] };

export interface ListingQuery {
  filters: ListingFilters;
  /** Null when the shopper chose none (the page's default applies). */
  sort: ListingSort | null;
  page: number;
}

/** Query-string names, shared by the filter form, pagination links and the JSON API. */
export const LISTING_PARAMS = {
  priceMin: 'price_min',
  priceMax: 'price_max',
  inStock: 'in_stock',
  option: 'option',
  vendor: 'vendor',
  type: 'type',
  sort: 'sort',
  page: 'page',
} as const;

export const MAX_PAGE = 1000;
const MAX_VALUES = 20;
const MAX_VALUE_LENGTH = 120;
const MAX_PRICE_MINOR = 100_000_000_00;

function values(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const result: string[] = [];
  for (const item of list) {
    if (typeof item !== 'string') continue;
    const value = item.trim();
    if (value && value.length <= MAX_VALUE_LENGTH && !result.includes(value)) result.push(value);
    if (result.length === MAX_VALUES) break;
  }
  return result;
}

function first(raw: unknown): string | undefined {
  return values(raw)[0];
}

function price(raw: unknown, fractionDigits: number): number | null {
  const text = first(raw);
  if (text === undefined) return null;
  const minor = parseMinorUnits(text, fractionDigits);
  return minor !== null && minor <= MAX_PRICE_MINOR ? minor : null;
}

/**
 * Reads listing parameters from a query string. Tolerant by design: a value that makes no
 * sense (a price of "abc", an unknown sort, page -3) is ignored, never an error.
 */
export function parseListingQuery(query: unknown, fractionDigits = 2): ListingQuery {
  const q = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  let priceMin = price(q[LISTING_PARAMS.priceMin], fractionDigits);
  let priceMax = price(q[LISTING_PARAMS.priceMax], fractionDigits);
  if (priceMin !== null && priceMax !== null && priceMin > priceMax) [priceMin, priceMax] = [priceMax, priceMin];
  const sort = first(q[LISTING_PARAMS.sort]);
  const page = Number(first(q[LISTING_PARAMS.page]));
  return {
    filters: {
      priceMin,
      priceMax,
      inStock: ['1', 'true', 'on'].includes(first(q[LISTING_PARAMS.inStock]) ?? ''),
      options: values(q[LISTING_PARAMS.option])
        .map((o) => o.toLowerCase())
        .filter((o) => /^[^:]+:.+$/.test(o)),
      vendors: values(q[LISTING_PARAMS.vendor]),
      types: values(q[LISTING_PARAMS.type]),
    },
    sort: LISTING_SORTS.includes(sort as ListingSort) ? (sort as ListingSort) : null,
    page: Number.isInteger(page) && page >= 1 && page <= MAX_PAGE ? page : 1,
  };
}

/** Minor units as the decimal a shopper types ("12.5" → 1250 → "12.50"; 1200 → "12"). */
export function minorToDecimal(minor: number, fractionDigits = 2): string {
  const text = (minor / 10 ** fractionDigits).toFixed(fractionDigits);
  return fractionDigits > 0 ? text.replace(/\.0+$/, '') : text;
}

/** The query string of a listing state; the inverse of parseListingQuery. Page 1 is omitted. */
export function listingSearchParams(query: ListingQuery, fractionDigits = 2, extra: Record<string, string> = {}): URLSearchParams {
  const params = new URLSearchParams(extra);
  const { filters } = query;
  if (filters.priceMin !== null) params.set(LISTING_PARAMS.priceMin, minorToDecimal(filters.priceMin, fractionDigits));
  if (filters.priceMax !== null) params.set(LISTING_PARAMS.priceMax, minorToDecimal(filters.priceMax, fractionDigits));
  if (filters.inStock) params.set(LISTING_PARAMS.inStock, '1');
  for (const option of filters.options) params.append(LISTING_PARAMS.option, option);
  for (const vendor of filters.vendors) params.append(LISTING_PARAMS.vendor, vendor);
  for (const type of filters.types) params.append(LISTING_PARAMS.type, type);
  if (query.sort) params.set(LISTING_PARAMS.sort, query.sort);
  if (query.page > 1) params.set(LISTING_PARAMS.page, String(query.page));
  return params;
}

export function hasFilters(filters: ListingFilters): boolean {
  return (
    filters.priceMin !== null ||
    filters.priceMax !== null ||
    filters.inStock ||
    filters.options.length > 0 ||
    filters.vendors.length > 0 ||
    filters.types.length > 0
  );
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface ListingFacets {
  vendors: FacetValue[];
  types: FacetValue[];
  /** Per option name (lower case, as stored): its values (lower case) and counts. */
  options: { name: string; values: FacetValue[] }[];
  /** Lowest and highest "from" price among the products the other filters leave; null when none. */
  priceRange: { min: number; max: number } | null;
}

export interface ListingOptions {
  collectionId?: string;
  filters: ListingFilters;
  sort: ListingSort;
  /** 1-based. */
  page: number;
  pageSize: number;
  /** A further predicate on `products` (search plugs in its full-text match here). */
  extraWhere?: SQL;
  /** A relevance score on `products`, higher first; used by the 'relevance' sort. */
  rank?: SQL;
  /** False skips the facet counts (home page shelves, related products). */
  facets?: boolean;
  /** A manual collection: the merchant's order first. Rule-based ones list newest first. */
  manualOrder?: boolean;
}

export interface ListingResult {
  cards: ProductCard[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
  facets: ListingFacets;
}

const NO_FACETS: ListingFacets = { vendors: [], types: [], options: [], priceRange: null };

const FILTER_GROUPS = ['price', 'stock', 'options', 'vendors', 'types'] as const;
type FilterGroup = (typeof FILTER_GROUPS)[number];

/** Each filter group's predicates on `products` (empty when the group is not in use). */
function groupPredicates(filters: ListingFilters): Record<FilterGroup, SQL[]> {
  const price: SQL[] = [];
  if (filters.priceMin !== null) price.push(gte(products.priceMinMinor, filters.priceMin));
  if (filters.priceMax !== null) price.push(lte(products.priceMinMinor, filters.priceMax));
  // Values of the same option widen the choice (Red or Blue); different options narrow it.
  const byName = new Map<string, string[]>();
  for (const option of filters.options) {
    const name = option.slice(0, option.indexOf(':'));
    byName.set(name, [...(byName.get(name) ?? []), option]);
  }
  return {
    price,
    stock: filters.inStock ? [eq(products.available, true)] : [],
    options: [...byName.values()].map((group) => sql`${products.optionValues} && ARRAY[${sql.join(group.map((v) => sql`${v}`), sql`, `)}]::text[]`),
    vendors: filters.vendors.length ? [inArray(products.vendor, filters.vendors)] : [],
    types: filters.types.length ? [inArray(products.productType, filters.types)] : [],
  };
}

function filterPredicates(filters: ListingFilters): SQL[] {
  return Object.values(groupPredicates(filters)).flat();
}

function baseFrom(collectionId: string | undefined): SQL {
  return collectionId
    ? sql`${products} inner join ${collectionProducts} on ${collectionProducts.productId} = ${products.id} and ${collectionProducts.collectionId} = ${collectionId}`
    : sql`${products}`;
}

function whereOf(parts: SQL[]): SQL {
  return sql.join(parts, sql` and `);
}

function ordering(options: ListingOptions): SQL[] {
  const newest = [sql`${products.publishedAt} desc nulls last`];
  const tieBreak = asc(products.id);
  switch (options.sort) {
    case 'newest':
      return [...newest, tieBreak];
    case 'price-asc':
      return [asc(products.priceMinMinor), tieBreak];
    case 'price-desc':
      return [desc(products.priceMinMinor), tieBreak];
    case 'title-asc':
      return [sql`lower(${products.title})`, tieBreak];
    case 'relevance':
      if (options.rank) return [sql`${options.rank} desc`, ...newest, tieBreak];
      break;
    case 'featured':
      break;
  }
  // Featured: the merchant's order within a manual collection, newest first otherwise.
  return options.collectionId && options.manualOrder ? [asc(collectionProducts.position), ...newest, tieBreak] : [...newest, tieBreak];
}

/** One page of active products with their facets. */
export async function listProducts(db: Db, options: ListingOptions): Promise<ListingResult> {
  const pageSize = Math.max(1, Math.min(100, Math.floor(options.pageSize)));
  const page = Math.max(1, Math.min(MAX_PAGE, Math.floor(options.page)));
  const base: SQL[] = [eq(products.status, 'active')];
  if (options.extraWhere) base.push(options.extraWhere);

  const filterParts = filterPredicates(options.filters);
  const where = and(...base, ...filterParts);
  // An unfiltered listing takes its count and facets from its summary when that is current.
  const unfiltered = !options.extraWhere && filterParts.length === 0;
  const summary = unfiltered ? await currentSummary<ListingFacets>(db, options.collectionId) : null;
  const cardQuery = db
    .select({
      id: products.id,
      handle: products.handle,
      title: products.title,
      vendor: products.vendor,
      productType: products.productType,
      priceMinMinor: products.priceMinMinor,
      priceMaxMinor: products.priceMaxMinor,
      compareAtMaxMinor: products.compareAtMaxMinor,
      available: products.available,
      ...(summary ? {} : { total: sql<number>`count(*) over ()`.mapWith(Number) }),
    })
    .from(products)
    .$dynamic();
  const joined = options.collectionId
    ? cardQuery.innerJoin(
        collectionProducts,
        and(eq(collectionProducts.productId, products.id), eq(collectionProducts.collectionId, options.collectionId)),
      )
    : cardQuery;
  const wantFacets = options.facets !== false;
  const [found, facets] = await Promise.all([
    joined
      .where(where)
      .orderBy(...ordering(options))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    !wantFacets ? NO_FACETS : summary ? summary.facets : listingFacets(db, options.collectionId, base, options.filters),
  ]);

  // Past the last page the window count is missing; count separately.
  const total =
    summary?.total ?? (found[0] as { total?: number } | undefined)?.total ?? (page > 1 ? await countProducts(db, options.collectionId, where) : 0);
  const images = await firstImages(db, found.map((row) => row.id));
  const cards: ProductCard[] = found.map((row) => {
    const { total: _total, ...card } = row as typeof row & { total?: number };
    return { ...card, image: images.get(row.id) ?? null };
  });
  return { cards, total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)), facets };
}

/** The count and facets of an unfiltered listing, for its summary row. */
export async function computeListingSummary(db: Db, collectionId: string | undefined): Promise<ListingSummary<ListingFacets>> {
  const base = [eq(products.status, 'active')];
  const [facets, total] = await Promise.all([listingFacets(db, collectionId, base, NO_FILTERS), countProducts(db, collectionId, and(...base))]);
  return { total, facets };
}

async function countProducts(db: Db, collectionId: string | undefined, where: SQL | undefined): Promise<number> {
  const [row] = await rows<{ n: number }>(db, sql`select count(*)::int as n from ${baseFrom(collectionId)} where ${where ?? sql`true`}`);
  return Number(row?.n ?? 0);
}

async function firstImages(db: Db, productIds: string[]): Promise<Map<string, ProductCard['image']>> {
  if (productIds.length === 0) return new Map();
  const found = await db
    .selectDistinctOn([productImages.productId])
    .from(productImages)
    .where(inArray(productImages.productId, productIds))
    .orderBy(productImages.productId, asc(productImages.position));
  return new Map(found.map((row) => [row.productId, toImage(row)]));
}

const FACET_LIMIT = 40;

/**
 * Facet counts in one round trip and one pass over the listing. Each facet is counted with
 * every filter applied except its own group, so choosing "Red" still shows how many are
 * "Blue" (the usual shop behaviour): the pass records, per product, which groups it
 * satisfies, and each count reads those flags.
 */
async function listingFacets(db: Db, collectionId: string | undefined, base: SQL[], filters: ListingFilters): Promise<ListingFacets> {
  const groups = groupPredicates(filters);
  const flags = FILTER_GROUPS.map((group) => sql`(${groups[group].length ? whereOf(groups[group]) : sql`true`}) as ${sql.raw(`f_${group}`)}`);
  const others = (except: FilterGroup) => sql.raw(FILTER_GROUPS.filter((g) => g !== except).map((g) => `f_${g}`).join(' and '));
  const found = await rows<{ facet: string; value: string | null; n: number | string | null }>(
    db,
    sql`with listed as materialized (
          select ${products.vendor} as vendor, ${products.productType} as product_type, ${products.priceMinMinor} as price,
                 ${products.optionValues} as option_values, ${sql.join(flags, sql`, `)}
          from ${baseFrom(collectionId)} where ${whereOf(base)})
        (select 'vendor' as facet, vendor as value, count(*)::int as n from listed where ${others('vendors')} and vendor <> '' group by vendor)
        union all
        (select 'type', product_type, count(*)::int from listed where ${others('types')} and product_type <> '' group by product_type)
        union all
        (select 'option', ov, count(*)::int from listed cross join lateral unnest(option_values) as ov where ${others('options')} group by ov)
        union all
        (select 'price', min(price)::text, max(price) from listed where ${others('price')})`,
  );
  const facets: ListingFacets = { vendors: [], types: [], options: [], priceRange: null };
  const optionValues = new Map<string, FacetValue[]>();
  for (const row of found) {
    const count = Number(row.n);
    if (row.facet === 'price') {
      if (row.value !== null) facets.priceRange = { min: Number(row.value), max: count };
    } else if (row.facet === 'vendor') facets.vendors.push({ value: row.value!, count });
    else if (row.facet === 'type') facets.types.push({ value: row.value!, count });
    else {
      const separator = row.value!.indexOf(':');
      const name = row.value!.slice(0, separator);
      optionValues.set(name, [...(optionValues.get(name) ?? []), { value: row.value!.slice(separator + 1), count }]);
    }
  }
  const byCountThenName = (a: FacetValue, b: FacetValue) => b.count - a.count || a.value.localeCompare(b.value);
  const byName = (a: FacetValue, b: FacetValue) => a.value.localeCompare(b.value);
  facets.vendors = facets.vendors.sort(byCountThenName).slice(0, FACET_LIMIT).sort(byName);
  facets.types = facets.types.sort(byCountThenName).slice(0, FACET_LIMIT).sort(byName);
  facets.options = [...optionValues]
    .map(([name, list]) => ({ name, values: list.sort(byCountThenName).slice(0, FACET_LIMIT).sort(byName) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return facets;
}
