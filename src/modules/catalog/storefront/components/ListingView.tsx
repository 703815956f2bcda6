// A listing page's body below its title: filters beside the results, the result count and
// sort, the active filters, the product grid (or an empty state with a next step) and page
// links. Collection pages and "all products" use it; search results can too.
import type { ComponentChildren } from 'preact';
import type { ListingQuery, ListingResult, ListingSort } from '../../products/listing.ts';
import { hasFilters, listingSearchParams } from '../../products/listing.ts';
import { currencyDigits, type MoneyFormat } from '../money.ts';
import { ActiveFilters, Filters } from './Filters.tsx';
import { Pagination } from './Pagination.tsx';
import { ProductGrid } from './ProductGrid.tsx';
import { SortForm } from './SortForm.tsx';

export interface ListingViewProps {
  /** The listing's path, e.g. /collections/outdoor. */
  path: string;
  query: ListingQuery;
  result: ListingResult;
  format: MoneyFormat;
  /** Sorts offered, the first being the default. */
  sorts: readonly ListingSort[];
  /** Names the product list for assistive technology. */
  label: string;
  /** Parameters that define the listing and survive filtering (search keeps `q`). */
  keep?: Record<string, string>;
  /** What to offer when the listing itself is empty (not merely filtered to nothing). */
  empty: ComponentChildren;
}

export function ListingView({ path, query, result, format, sorts, label, keep = {}, empty }: ListingViewProps) {
  const digits = currencyDigits(format.currency);
  const href = (page: number) => {
    const params = listingSearchParams({ ...query, page }, digits, keep).toString();
    return params ? `${path}?${params}` : path;
  };
  const filtered = hasFilters(query.filters);
  const first = (result.page - 1) * result.pageSize + 1;
  const last = first + result.cards.length - 1;
  return (
    <div class="listing">
      <aside class="listing__filters">
        <Filters action={path} query={query} facets={result.facets} format={format} keep={keep} />
      </aside>
      <div class="listing__results">
        <div class="listing__toolbar">
          <p class="listing__count" role="status">
            {result.total === 0
              ? 'No products'
              : result.pageCount > 1 && result.cards.length > 0
                ? `Showing ${first}–${last} of ${result.total} products`
                : `${result.total} ${result.total === 1 ? 'product' : 'products'}`}
          </p>
          {result.total > 1 && <SortForm action={path} query={query} sorts={sorts} format={format} keep={keep} />}
        </div>
        <ActiveFilters action={path} query={query} format={format} keep={keep} />
        {result.cards.length > 0 ? (
          <ProductGrid cards={result.cards} format={format} label={label} />
        ) : result.total > 0 ? (
          <div class="empty-state">
            <p class="empty-state__title">There is no page {result.page} here.</p>
            <p>
              <a href={href(1)}>Go to the first page</a>
            </p>
          </div>
        ) : filtered ? (
          <div class="empty-state">
            <p class="empty-state__title">No products match these filters.</p>
            <p>Try removing a filter above, or start again.</p>
            <p>
              <a class="button button--secondary" href={path + keepQuery(keep)}>
                Clear all filters
              </a>
            </p>
          </div>
        ) : (
          <div class="empty-state">{empty}</div>
        )}
        <Pagination page={result.page} pageCount={result.pageCount} href={href} />
      </div>
    </div>
  );
}

function keepQuery(keep: Record<string, string>): string {
  const params = new URLSearchParams(keep).toString();
  return params ? `?${params}` : '';
}
