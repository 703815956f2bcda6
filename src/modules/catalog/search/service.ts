// Product search: the results page and API (a listing like a collection's, filtered and
// paginated, sorted by relevance unless the shopper picks another order) and the
// suggestions shown while typing.
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../../../platform/db/database.ts';
import type { ProductImage } from '../model.ts';
import { listProducts, type ListingQuery, type ListingResult } from '../products/listing.ts';
import { productImages, products } from '../schema.ts';
import { matchPlan, type MatchPlan } from './match.ts';
import { boundedQuery, searchTerms } from './terms.ts';

export interface SearchInput {
  query: string;
  listing: ListingQuery;
  pageSize: number;
}

export interface SearchOutcome {
  /** What was searched for: the input cut to its maximum length, whitespace collapsed. */
  query: string;
  /** False when the input holds nothing searchable (empty, punctuation, only stop words). */
  searched: boolean;
  result: ListingResult;
  /** A spelling that finds products, offered when this one found none. */
  didYouMean: string | null;
}

/** Runs `fn` with the query's match plan; null when nothing is searchable. */
async function withPlan<T>(database: Database, query: string, fn: (plan: MatchPlan) => Promise<T>): Promise<T | null> {
  const plan = await matchPlan(database, searchTerms(query));
  return plan ? fn(plan) : null;
}

function emptyResult(page: number, pageSize: number): ListingResult {
  return { cards: [], total: 0, page, pageSize, pageCount: 1, facets: { vendors: [], types: [], options: [], priceRange: null } };
}

export async function searchProducts(database: Database, input: SearchInput): Promise<SearchOutcome> {
  const query = boundedQuery(input.query);
  const found = await withPlan(database, query, async (plan) => ({
    plan,
    result: await listProducts(database.db, {
      filters: input.listing.filters,
      sort: input.listing.sort ?? 'relevance',
      page: input.listing.page,
      pageSize: input.pageSize,
      extraWhere: plan.where,
      rank: plan.rank,
    }),
  }));
  if (!found) return { query, searched: false, result: emptyResult(input.listing.page, input.pageSize), didYouMean: null };
  const didYouMean = found.result.total === 0 ? await suggestSpelling(database, query, found.plan) : null;
  return { query, searched: true, result: found.result, didYouMean };
}

/**
 * "Did you mean": the query with each word the catalogue does not hold replaced by the
 * closest word it does; offered only when that finds something.
 */
async function suggestSpelling(database: Database, query: string, plan: MatchPlan): Promise<string | null> {
  const closest = new Map(plan.terms.flatMap((t) => (t.match !== 'text' && t.closest ? [[t.word, t.closest] as const] : [])));
  if (closest.size === 0) return null;
  const corrected = searchTerms(query)
    .map(({ word }) => closest.get(word) ?? word)
    .join(' ');
  const finds = await withPlan(database, corrected, async (correctedPlan) => {
    const [row] = await rows<{ found: boolean }>(
      database.db,
      sql`select exists (select 1 from ${products} where ${products.status} = 'active' and ${correctedPlan.where}) as found`,
    );
    return row?.found === true;
  });
  return finds ? corrected : null;
}

/** What the search box offers while typing: a few products, best match first. */
export interface ProductSuggestion {
  id: string;
  handle: string;
  title: string;
  priceMinMinor: number;
  priceMaxMinor: number;
  image: ProductImage | null;
}

export const MAX_SUGGESTIONS = 8;

export async function suggestProducts(database: Database, rawQuery: string, limit = MAX_SUGGESTIONS): Promise<ProductSuggestion[]> {
  const found = await withPlan(database, boundedQuery(rawQuery), (plan) =>
    rows<{
      id: string;
      handle: string;
      title: string;
      price_min_minor: number;
      price_max_minor: number;
      image_id: string | null;
      image_position: number | null;
      image_src: string | null;
      image_alt: string | null;
      image_state: string | null;
    }>(
      database.db,
      // A lean query (no facets, no count): it runs on every pause in typing.
      sql`select ${products.id} as id, ${products.handle} as handle, ${products.title} as title,
            ${products.priceMinMinor} as price_min_minor, ${products.priceMaxMinor} as price_max_minor,
            image.id as image_id, image.position as image_position, image.src as image_src,
            image.alt as image_alt, image.fetch_state as image_state
          from ${products}
          left join lateral (
            select i.id, i.position, i.src, i.alt, i.fetch_state from ${productImages} i
            where i.product_id = ${products.id} order by i.position limit 1
          ) image on true
          where ${products.status} = 'active' and ${plan.where}
          order by ${plan.rank} desc, ${products.publishedAt} desc nulls last, ${products.id}
          limit ${Math.max(1, Math.min(MAX_SUGGESTIONS, limit))}`,
    ),
  );
  return (found ?? []).map((row) => ({
    id: row.id,
    handle: row.handle,
    title: row.title,
    priceMinMinor: Number(row.price_min_minor),
    priceMaxMinor: Number(row.price_max_minor),
    image:
      row.image_id === null
        ? null
        : { id: row.image_id, position: Number(row.image_position), src: row.image_src ?? '', alt: row.image_alt ?? '', stored: row.image_state === 'stored' },
  }));
}
