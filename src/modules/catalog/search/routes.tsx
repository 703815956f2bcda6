// Search routes: the results page (server-rendered, cached for anonymous visitors like
// every catalogue page) and the JSON API.
import type { App } from '../../../platform/http/app.ts';
import type { Platform } from '../../../platform/platform.ts';
import { STOCK_CACHE_TAG } from '../../inventory/index.ts';
import { CATALOG_CACHE_TAG } from '../events.ts';
import { hasFilters, listProducts, listingSearchParams, NO_FILTERS, parseListingQuery } from '../products/listing.ts';
import { currencyDigits } from '../storefront/money.ts';
import { moneyFormat, registerSearchApi, SEARCH_PAGE_SIZE } from './api.ts';
import { SEARCH_PATH, SearchPage } from './SearchPage.tsx';
import { searchProducts } from './service.ts';
import { boundedQuery } from './terms.ts';

/** Products offered when a search finds nothing. */
const FALLBACK_COUNT = 8;

export function registerSearchRoutes(app: App, platform: Platform): void {
  registerSearchApi(app, platform);

  // No schema: any query string is accepted; the page reads what it understands.
  app.get(SEARCH_PATH, { config: { access: 'public' } }, async (request, reply) => {
    const raw = request.query as Record<string, unknown>;
    const given = Array.isArray(raw.q) ? raw.q[0] : raw.q;
    const query = boundedQuery(typeof given === 'string' ? given : '');
    const format = await moneyFormat(platform);
    const digits = currencyDigits(format.currency);
    const listing = parseListingQuery(raw, digits);
    // Keyed by what the page shows: equivalent URLs share an entry, and a huge query string
    // cannot make a huge key.
    const key = `${SEARCH_PATH}?${listingSearchParams(listing, digits, { q: query })}`;
    return app.pages.sendCached(request, reply, { tags: [CATALOG_CACHE_TAG, STOCK_CACHE_TAG], key }, async (ctx) => {
      const db = platform.database.db;
      const outcome = await searchProducts(platform.database, { query, listing, pageSize: SEARCH_PAGE_SIZE });
      // The listing (with its filters) is shown unless an unfiltered search found nothing.
      const fallback =
        outcome.result.total === 0 && !hasFilters(listing.filters)
          ? (await listProducts(db, { filters: { ...NO_FILTERS, inStock: true }, sort: 'featured', page: 1, pageSize: FALLBACK_COUNT, facets: false })).cards
          : [];
      return <SearchPage ctx={ctx} outcome={outcome} listing={listing} format={format} fallback={fallback} />;
    });
  });
}
