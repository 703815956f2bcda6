// A collection (or "All products"): title and description, then the listing with filters,
// sort and pages.
import type { PageContext } from '../../../../web/context.ts';
import { StoreLayout } from '../../../../web/layout/StoreLayout.tsx';
import { SearchForm } from '../../../../web/components/SearchForm.tsx';
import type { ListingQuery, ListingResult, ListingSort } from '../../products/listing.ts';
import { ListingView } from '../components/ListingView.tsx';
import type { MoneyFormat } from '../money.ts';

export interface CollectionPageProps {
  ctx: PageContext;
  collection: { handle: string; title: string; description: string };
  query: ListingQuery;
  result: ListingResult;
  sorts: readonly ListingSort[];
  format: MoneyFormat;
}

export function CollectionPage({ ctx, collection, query, result, sorts, format }: CollectionPageProps) {
  const path = `/collections/${collection.handle}`;
  // Filtered and sorted views are one page to search engines; later pages keep their number.
  const canonical = query.page > 1 ? `${path}?page=${query.page}` : path;
  const title = query.page > 1 ? `${collection.title} (page ${query.page})` : collection.title;
  return (
    <StoreLayout ctx={ctx} title={title} description={collection.description || `${collection.title} at ${ctx.storeName}.`} canonicalPath={canonical}>
      <header class="page-header">
        <h1>{collection.title}</h1>
        {collection.description && <p>{collection.description}</p>}
      </header>
      <ListingView
        path={path}
        query={query}
        result={result}
        format={format}
        sorts={sorts}
        label={`Products in ${collection.title}`}
        empty={
          <>
            <p class="empty-state__title">Nothing in this collection yet.</p>
            <p>
              Have a look at <a href="/collections/all">all our products</a>, or search for what you need.
            </p>
            <SearchForm landmarkLabel="Search the shop" id="empty-search-q" class="empty-state__search" buttonVariant="primary" />
          </>
        }
      />
    </StoreLayout>
  );
}
