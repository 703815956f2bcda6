// The search JSON API: results with the same filters, sorts, pages and facets as the
// search page, and the suggestions the search box shows while typing.
import { Type, type Static } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import type { Platform } from '../../../platform/platform.ts';
import { getStoreProfile } from '../../site/index.ts';
import { ListingQuerystring, Listing, listingParams, listingView, Money, moneyView } from '../api/views.ts';
import { CATALOG_CACHE_TAG } from '../events.ts';
import { productImageUrl } from '../images/urls.ts';
import { LISTING_SORTS, parseListingQuery } from '../products/listing.ts';
import { currencyDigits, type MoneyFormat } from '../storefront/money.ts';
import { MAX_SUGGESTIONS, searchProducts, suggestProducts, type ProductSuggestion } from './service.ts';
import { MAX_QUERY_LENGTH, searchTerms } from './terms.ts';

export const SEARCH_PAGE_SIZE = 24;

/** Typing sends a request per pause (~150 ms): generous for a person, a wall for a script. */
const SUGGEST_RATE_LIMIT = { max: 120, timeWindow: '1 minute' } as const;
const SEARCH_RATE_LIMIT = { max: 60, timeWindow: '1 minute' } as const;

const Query = Type.String({ maxLength: MAX_QUERY_LENGTH, description: 'What the shopper typed; any characters.', examples: ['blue shirt'] });

/** The collection listings' parameters, plus the query, and relevance among the sorts (the default). */
const SearchQuerystring = Type.Object({
  q: Type.Optional(Query),
  ...ListingQuerystring.properties,
  sort: Type.Optional(Type.Union(LISTING_SORTS.map((s) => Type.Literal(s)), { description: 'Default: relevance.' })),
});

const SearchResults = Type.Object({
  query: Type.String({ description: 'The query as searched: cut to its maximum length, whitespace collapsed.' }),
  searched: Type.Boolean({ description: 'False when the query holds nothing searchable (empty, punctuation, stop words).' }),
  didYouMean: Type.Union([Type.String(), Type.Null()], { description: 'A spelling that finds products, when this query found none.' }),
  ...Listing.properties,
});

const SuggestionView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  title: Type.String(),
  url: Type.String(),
  price: Money,
  priceVaries: Type.Boolean(),
  imageUrl: Type.String(),
});
type SuggestionView = Static<typeof SuggestionView>;

const Suggestions = Type.Object({
  query: Type.String({ description: 'The words searched for, folded (lower case, no accents).' }),
  products: Type.Array(SuggestionView, { maxItems: MAX_SUGGESTIONS }),
});
type Suggestions = Static<typeof Suggestions>;

function suggestionView(suggestion: ProductSuggestion, format: MoneyFormat): SuggestionView {
  return {
    id: suggestion.id,
    title: suggestion.title,
    url: `/products/${suggestion.handle}`,
    price: moneyView(suggestion.priceMinMinor, format),
    priceVaries: suggestion.priceMaxMinor > suggestion.priceMinMinor,
    imageUrl: productImageUrl(suggestion.image, suggestion.id),
  };
}

/** The store's currency and locale, as prices are shown. */
export async function moneyFormat(platform: Platform): Promise<MoneyFormat> {
  const profile = await getStoreProfile(platform);
  return { currency: profile.currency, locale: profile.locale };
}

export function registerSearchApi(app: App, platform: Platform): void {
  app.get(
    '/api/v1/search',
    {
      config: { access: 'public', rateLimit: SEARCH_RATE_LIMIT },
      schema: {
        tags: ['catalog'],
        summary: 'Search active products',
        description:
          'Full-text search (title > tags, type and vendor > description) with prefix matching of the last word and ' +
          'typo tolerance, filtered, sorted and paginated like a collection. Filter parameters are those of the collection listings.',
        querystring: SearchQuerystring,
        response: { 200: SearchResults },
      },
    },
    async (request) => {
      const format = await moneyFormat(platform);
      const { q = '', sort, ...rest } = request.query;
      const listing = parseListingQuery({ ...listingParams(rest), sort }, currencyDigits(format.currency));
      const pageSize = rest.page_size ?? SEARCH_PAGE_SIZE;
      const outcome = await searchProducts(platform.database, { query: q, listing, pageSize });
      return { query: outcome.query, searched: outcome.searched, didYouMean: outcome.didYouMean, ...listingView(outcome.result, format) };
    },
  );

  app.get(
    '/api/v1/search/suggest',
    {
      config: { access: 'public', rateLimit: SUGGEST_RATE_LIMIT },
      schema: {
        tags: ['catalog'],
        summary: 'Products to suggest while the shopper types',
        description: `At most ${MAX_SUGGESTIONS} products, best match first; the last word matches as a prefix.`,
        querystring: Type.Object({ q: Query }),
        response: { 200: Suggestions },
      },
    },
    async (request) => {
      // The same for every visitor: kept until the catalogue changes. Keyed by the
      // folded words, so "Brac" and "brac " share an entry.
      const words = searchTerms(request.query.q).map((t) => t.word);
      return platform.cache.remember<Suggestions>(
        `search-suggest\u0000${words.join(' ')}`,
        [CATALOG_CACHE_TAG],
        async () => {
          const format = await moneyFormat(platform);
          const found = await suggestProducts(platform.database, words.join(' '));
          return { query: words.join(' '), products: found.map((s) => suggestionView(s, format)) };
        },
        (value) => 256 + 256 * value.products.length,
      );
    },
  );
}
