// The search results page: the query repeated in a search form, a "did you mean" when
// nothing was found, then the results with filters, sort and pages like a collection, or,
// when there is nothing to list, other ways in (collections, products worth a look).
import type { PageContext } from '../../../web/context.ts';
import { SearchForm } from '../../../web/components/SearchForm.tsx';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';
import type { ProductCard } from '../model.ts';
import { hasFilters, type ListingQuery, type ListingSort } from '../products/listing.ts';
import { ListingView } from '../storefront/components/ListingView.tsx';
import { Shelf } from '../storefront/components/Shelf.tsx';
import type { MoneyFormat } from '../storefront/money.ts';
import type { SearchOutcome } from './service.ts';

export const SEARCH_PATH = '/search';
/** Relevance first: it is the default. */
const SEARCH_SORTS: readonly ListingSort[] = ['relevance', 'price-asc', 'price-desc', 'newest', 'title-asc'];

export interface SearchPageProps {
  ctx: PageContext;
  outcome: SearchOutcome;
  listing: ListingQuery;
  format: MoneyFormat;
  /** Products to show when the search found nothing (or there was nothing to search for). */
  fallback: ProductCard[];
}

export const searchHref = (query: string) => `${SEARCH_PATH}?${new URLSearchParams({ q: query })}`;

export function SearchPage({ ctx, outcome, listing, format, fallback }: SearchPageProps) {
  const { query, result, searched, didYouMean } = outcome;
  const title = query ? `Search results for “${query}”` : 'Search';
  return (
    <StoreLayout ctx={ctx} title={title} head={<meta name="robots" content="noindex, follow" />}>
      <header class="page-header">
        <h1>{title}</h1>
      </header>
      <SearchForm landmarkLabel="Search again" id="search-page-q" class="search-page__form" buttonVariant="primary" value={query} />
      {didYouMean && (
        <p class="search-page__did-you-mean">
          Did you mean <a href={searchHref(didYouMean)}>{didYouMean}</a>?
        </p>
      )}
      {searched && (result.total > 0 || hasFilters(listing.filters)) ? (
        <ListingView
          path={SEARCH_PATH}
          query={listing}
          result={result}
          format={format}
          sorts={SEARCH_SORTS}
          label={`Products matching “${query}”`}
          keep={{ q: query }}
          // Unreachable: an unfiltered search with no results shows the section below instead.
          empty={null}
        />
      ) : (
        <NothingFound ctx={ctx} searched={searched} query={query} fallback={fallback} format={format} />
      )}
    </StoreLayout>
  );
}

interface NothingFoundProps {
  ctx: PageContext;
  searched: boolean;
  query: string;
  fallback: ProductCard[];
  format: MoneyFormat;
}

function NothingFound({ ctx, searched, query, fallback, format }: NothingFoundProps) {
  return (
    <>
      <div class="empty-state search-page__empty">
        {searched ? (
          <>
            <p class="empty-state__title">No products found for “{query}”.</p>
            <ul>
              <li>Check the spelling, or try fewer or more general words.</li>
              <li>
                Browse <a href="/collections/all">all our products</a> or a collection below.
              </li>
              <li>
                <a href="/help">Ask us</a> — a person will help you find it.
              </li>
            </ul>
          </>
        ) : (
          <p class="empty-state__title">
            {query ? 'Type a word or two to search for, such as a product name or type.' : 'What are you looking for? Type a product name, type or brand.'}
          </p>
        )}
      </div>
      {ctx.navigation.length > 0 && (
        <section class="search-page__section" aria-labelledby="search-collections">
          <h2 id="search-collections">Browse our collections</h2>
          <ul class="search-page__collections">
            {ctx.navigation.map((link) => (
              <li key={link.href}>
                <a href={link.href}>{link.label}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {fallback.length > 0 && <Shelf id="search-popular" title="You might like these" cards={fallback} format={format} />}
    </>
  );
}
