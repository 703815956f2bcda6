// The home page's data: a shelf per featured collection and the newest arrivals.
import type { Db } from '../../../platform/db/database.ts';
import { featuredCollections } from '../collections/read.ts';
import { listProducts, NO_FILTERS } from '../products/listing.ts';
import { ALL_PRODUCTS } from './navigation.ts';
import type { HomeShelf } from './pages/HomePage.tsx';

const SHELF_SIZE = 4;
const NEW_ARRIVALS = 8;

export async function loadHome(db: Db): Promise<{ shelves: HomeShelf[]; newArrivals: HomeShelf['cards']; productCount: number }> {
  const collections = (await featuredCollections(db)).filter((c) => c.handle !== ALL_PRODUCTS.handle);
  const shelves = await Promise.all(
    collections.map(async (collection) => {
      const { cards, total } = await listProducts(db, { collectionId: collection.id, filters: NO_FILTERS, sort: collection.sortOrder, page: 1, pageSize: SHELF_SIZE, facets: false, manualOrder: collection.kind === 'manual' });
      return { collection, cards, total };
    }),
  );
  const newest = await listProducts(db, { filters: NO_FILTERS, sort: 'newest', page: 1, pageSize: NEW_ARRIVALS, facets: false });
  return { shelves, newArrivals: newest.cards, productCount: newest.total };
}
