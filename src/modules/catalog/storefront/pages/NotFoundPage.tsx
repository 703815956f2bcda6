// The friendly "not found" page for an unknown (or hidden) product or collection: say so
// plainly, offer a search and a way on, and show products worth a look.
import type { PageContext } from '../../../../web/context.ts';
import { StoreLayout } from '../../../../web/layout/StoreLayout.tsx';
import { SearchForm } from '../../../../web/components/SearchForm.tsx';
import type { ProductCard } from '../../model.ts';
import { Shelf } from '../components/Shelf.tsx';
import type { MoneyFormat } from '../money.ts';

export interface NotFoundPageProps {
  ctx: PageContext;
  what: 'product' | 'collection';
  popular: ProductCard[];
  format: MoneyFormat;
}

export function NotFoundPage({ ctx, what, popular, format }: NotFoundPageProps) {
  return (
    <StoreLayout ctx={ctx} title={`We could not find that ${what}`}>
      <div class="not-found">
        <p class="error-page__status">Error 404</p>
        <h1>We could not find that {what}</h1>
        <p>
          It may have been renamed, or it is no longer sold. Search for it, or look around: the {what === 'product' ? 'product' : 'products'} you
          want may be close by.
        </p>
        <SearchForm landmarkLabel="Search the shop" id="not-found-search-q" class="not-found__search" buttonVariant="primary" />
        <ul class="not-found__links">
          <li>
            <a href="/collections/all">See all products</a>
          </li>
          <li>
            <a href="/">Go to the home page</a>
          </li>
          <li>
            <a href="/help">Ask us for help</a> — a person will answer.
          </li>
        </ul>
      </div>
      {popular.length > 0 && <Shelf id="not-found-popular" title="You might like these" cards={popular} format={format} />}
    </StoreLayout>
  );
}
