// The front door: a short welcome, every featured collection with a few of its products,
// and the newest arrivals. Every product is at most two clicks away: here → its collection
// (or "All products") → the product.
import type { PageContext } from '../../../../web/context.ts';
import { StoreLayout } from '../../../../web/layout/StoreLayout.tsx';
import type { Collection, ProductCard } from '../../model.ts';
import { Shelf } from '../components/Shelf.tsx';
import type { MoneyFormat } from '../money.ts';

export interface HomeShelf {
  collection: Pick<Collection, 'handle' | 'title' | 'description'>;
  cards: ProductCard[];
  total: number;
}

export interface HomePageProps {
  ctx: PageContext;
  shelves: HomeShelf[];
  newArrivals: ProductCard[];
  productCount: number;
  format: MoneyFormat;
}

export function HomePage({ ctx, shelves, newArrivals, productCount, format }: HomePageProps) {
  return (
    <StoreLayout ctx={ctx} title="Welcome" description={`${ctx.storeName}: an online shop that keeps its promises.`} canonicalPath="/">
      <section class="hero" aria-labelledby="home-title">
        <div class="hero__text">
          <h1 id="home-title">Things you want, delivered as promised</h1>
          <p>
            You see whether something is in stock and when it will arrive before you pay, your cart is kept safe
            whatever happens, and a person answers when you need one.
          </p>
          <p class="hero__actions">
            <a class="button button--primary" href="/collections/all">
              Shop all {productCount > 0 ? `${productCount} ` : ''}products
            </a>
            <a class="button button--secondary" href="/help">
              Talk to a person
            </a>
          </p>
        </div>
        {shelves.length > 0 && (
          <nav class="hero__collections" aria-labelledby="home-collections">
            <h2 id="home-collections" class="hero__collections-title">
              Shop by collection
            </h2>
            <ul>
              {shelves.map((shelf) => (
                <li key={shelf.collection.handle}>
                  <a href={`/collections/${shelf.collection.handle}`}>
                    <span>{shelf.collection.title}</span>
                    <span class="hero__collection-count">
                      {shelf.total} {shelf.total === 1 ? 'product' : 'products'}
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </section>

      {shelves
        .filter((shelf) => shelf.cards.length > 0)
        .map((shelf, index) => (
          <Shelf
            key={shelf.collection.handle}
            id={`shelf-${index}`}
            title={shelf.collection.title}
            description={shelf.collection.description || undefined}
            cards={shelf.cards}
            format={format}
            more={{ href: `/collections/${shelf.collection.handle}`, label: `See all ${shelf.total}` }}
            eagerImages={index === 0 ? 4 : 0}
          />
        ))}

      {newArrivals.length > 0 ? (
        <Shelf id="shelf-new" title="New arrivals" cards={newArrivals} format={format} more={{ href: '/collections/all?sort=newest', label: 'See everything new' }} />
      ) : (
        <div class="empty-state">
          <p class="empty-state__title">The shelves are being stocked.</p>
          <p>
            Nothing is on sale just yet. <a href="/help">Ask us</a> what is coming.
          </p>
        </div>
      )}
    </StoreLayout>
  );
}
