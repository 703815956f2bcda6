// Product search: the results page and API (a listing like a collection's, filtered and
// paginated, sorted by relevance unless the shopper picks another order) and the
// suggestions shown while typing.
import { sql } from 'drizzle-orm';
import { rows, type Database, type Db } from '../../../platform/db/database.ts';
import type { ProductImage } from '../model.ts';
import { listProducts, type ListingQuery, type ListingResult } from '../products/listing.ts';
import { productImages, products } from '../schema.ts';
import { correctedQuery } from './did-you-mean.ts';
import { matchPlan, TYPO_THRESHOLD, type MatchPlan } from './match.ts';
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

/**
 * Runs `fn` with the query's match plan; fuzzy plans run in a transaction that sets the
 * trigram threshold for the `<%` operator (a transaction-local setting, so pooled
 * connections are left as they were).
 */
async function withPlan<T>(database: Database, query: string, fn: (db: Db, plan: MatchPlan) => Promise<T>): Promise<T | null> {
  const plan = await matchPlan(database.db, searchTerms(query));
  if (!plan) return null;
  if (!plan.fuzzy) return fn(database.db, plan);
  return database.transaction(async (tx) => {
    await tx.execute(sql`select set_config('pg_trgm.word_similarity_threshold', ${String(TYPO_THRESHOLD)}, true)`);
    return fn(tx, plan);
  });
}

function emptyResult(page: number, pageSize: number): ListingResult {
  return { cards: [], total: 0, page, pageSize, pageCount: 1, facets: { vendors: [], types: [], options: [], priceRange: null } };
}

export async function searchProducts(database: Database, input: SearchInput): Promise<SearchOutcome> {
  const query = boundedQuery(input.query);
  const found = await withPlan(database, query, async (db, plan) => ({
    plan,
    result: await listProducts(db, {
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

/** A corrected query, offered only when it finds something. */
async function suggestSpelling(database: Database, query: string, plan: MatchPlan): Promise<string | null> {
  const corrected = await correctedQuery(database.db, searchTerms(query), plan.terms);
  if (!corrected) return null;
  const count = await withPlan(database, corrected, async (db, correctedPlan) => {
    const [row] = await rows<{ found: boolean }>(
      db,
      sql`select exists (select 1 from ${products} where ${products.status} = 'active' and ${correctedPlan.where}) as found`,
    );
    return row?.found === true;
  });
  return count ? corrected : null;
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
  const found = await withPlan(database, boundedQuery(rawQuery), (db, plan) =>
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
      db,
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
