import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { newId } from '../../../platform/ids.ts';
import { collectionProducts, collections } from '../schema.ts';
import { productInput, saveTestProduct, stockVariants, variant } from '../storefront/test-support.ts';
import { refreshAvailability } from './availability-sync.ts';
import { computeListingSummary, listingSearchParams, listProducts, NO_FILTERS, parseListingQuery, type ListingOptions } from './listing.ts';
import { currentSummary, refreshListingSummaries } from './listing-summaries.ts';

describe('product listings', () => {
  let store: TestStore;
  let collectionId: string;
  before(async () => {
    store = await createTestStore();
    const shirt = (handle: string, price: number, colors: string[], extra = {}) =>
      saveTestProduct(
        store,
        productInput(handle, { vendor: 'Northwind', productType: 'Shirts', optionNames: ['Color'], variants: colors.map((c, i) => variant([c], price + i * 100)), ...extra }),
      );
    await shirt('red-shirt', 2000, ['Red']);
    await shirt('blue-shirt', 3000, ['Blue', 'Navy']);
    await shirt('green-shirt', 1000, ['Green'], { vendor: 'Acme' });
    await saveTestProduct(store, productInput('oak-stool', { productType: 'Furniture', variants: [variant([], 9000, { compareAtMinor: 12000 })] }));
    await saveTestProduct(store, productInput('draft-lamp', { status: 'draft' }));
    const sold = await saveTestProduct(store, productInput('sold-out-mug', { productType: 'Kitchen', variants: [variant([], 500)] }));
    await stockVariants(store, sold.variants.map((v) => v.id), 0);
    await store.platform.database.transaction((tx) => refreshAvailability(store.platform, tx, sold.variants.map((v) => v.id)));

    collectionId = newId();
    const db = store.platform.database.db;
    await db.insert(collections).values({ id: collectionId, handle: 'tops', title: 'Tops' });
  });
  after(() => store.close());

  const list = (options: Partial<ListingOptions> = {}) =>
    listProducts(store.platform.database.db, { filters: NO_FILTERS, sort: 'title-asc', page: 1, pageSize: 24, ...options });
  const handles = async (options: Partial<ListingOptions> = {}) => (await list(options)).cards.map((c) => c.handle);

  it('lists active products only, with their cards', async () => {
    const result = await list();
    assert.deepEqual(result.cards.map((c) => c.handle), ['blue-shirt', 'green-shirt', 'oak-stool', 'red-shirt', 'sold-out-mug']);
    assert.equal(result.total, 5);
    const blue = result.cards[0]!;
    assert.equal(blue.priceMinMinor, 3000);
    assert.equal(blue.priceMaxMinor, 3100);
    assert.equal(result.cards.find((c) => c.handle === 'oak-stool')!.compareAtMaxMinor, 12000);
    assert.equal(result.cards.find((c) => c.handle === 'sold-out-mug')!.available, false);
  });

  it('sorts by price, newest and title', async () => {
    assert.deepEqual(await handles({ sort: 'price-asc' }), ['sold-out-mug', 'green-shirt', 'red-shirt', 'blue-shirt', 'oak-stool']);
    assert.deepEqual(await handles({ sort: 'price-desc' }), ['oak-stool', 'blue-shirt', 'red-shirt', 'green-shirt', 'sold-out-mug']);
    assert.equal((await handles({ sort: 'newest' })).length, 5);
  });

  it('filters by price, stock, option values (or within an option), vendor and type', async () => {
    assert.deepEqual(await handles({ filters: { ...NO_FILTERS, priceMin: 1500, priceMax: 3000 } }), ['blue-shirt', 'red-shirt']);
    assert.deepEqual(await handles({ filters: { ...NO_FILTERS, inStock: true } }), ['blue-shirt', 'green-shirt', 'oak-stool', 'red-shirt']);
    assert.deepEqual(await handles({ filters: { ...NO_FILTERS, options: ['color:red', 'color:navy'] } }), ['blue-shirt', 'red-shirt']);
    assert.deepEqual(await handles({ filters: { ...NO_FILTERS, vendors: ['Northwind'], types: ['Shirts'] } }), ['blue-shirt', 'red-shirt']);
    assert.deepEqual(await handles({ filters: { ...NO_FILTERS, types: ['Nope'] } }), []);
  });

  it('counts facets with every filter but their own', async () => {
    const { facets } = await list({ filters: { ...NO_FILTERS, options: ['color:red'] } });
    const colors = facets.options.find((o) => o.name === 'color')!;
    assert.deepEqual(colors.values.map((v) => `${v.value}=${v.count}`), ['blue=1', 'green=1', 'navy=1', 'red=1']);
    // Vendors are counted among red products only.
    assert.deepEqual(facets.vendors, [{ value: 'Northwind', count: 1 }]);
    assert.deepEqual((await list()).facets.priceRange, { min: 500, max: 9000 });
    assert.deepEqual((await list()).facets.types.map((t) => t.value), ['Furniture', 'Kitchen', 'Shirts']);
  });

  it('pages through results and counts past the last page', async () => {
    const first = await list({ pageSize: 2 });
    assert.equal(first.pageCount, 3);
    assert.deepEqual(first.cards.map((c) => c.handle), ['blue-shirt', 'green-shirt']);
    const third = await list({ pageSize: 2, page: 3 });
    assert.deepEqual(third.cards.map((c) => c.handle), ['sold-out-mug']);
    const beyond = await list({ pageSize: 2, page: 9 });
    assert.deepEqual(beyond.cards, []);
    assert.equal(beyond.total, 5);
  });

  it('lists a collection in the merchant’s order', async () => {
    const db = store.platform.database.db;
    const all = await list();
    const byHandle = new Map(all.cards.map((c) => [c.handle, c.id]));
    await db.insert(collectionProducts).values([
      { collectionId, productId: byHandle.get('red-shirt')!, position: 2, source: 'manual' },
      { collectionId, productId: byHandle.get('green-shirt')!, position: 1, source: 'manual' },
    ]);
    assert.deepEqual(await handles({ collectionId, sort: 'featured' }), ['green-shirt', 'red-shirt']);
    const { facets, total } = await list({ collectionId });
    assert.equal(total, 2);
    assert.deepEqual(facets.vendors.map((v) => v.value), ['Acme', 'Northwind']);
  });

  it('plugs in an extra predicate and a rank', async () => {
    const { sql } = await import('drizzle-orm');
    const found = await handles({ extraWhere: sql`products.handle like '%shirt'`, rank: sql`products.price_min_minor`, sort: 'relevance' });
    assert.deepEqual(found, ['blue-shirt', 'red-shirt', 'green-shirt']);
  });

  it('reads query strings tolerantly and writes them back', () => {
    const parsed = parseListingQuery({ price_min: '30', price_max: 'abc', in_stock: '1', option: ['Color:Red', 'nonsense', 'x'.repeat(500) + ':y'], vendor: 'Acme', sort: 'drop table', page: '-2' });
    assert.deepEqual(parsed, {
      filters: { priceMin: 3000, priceMax: null, inStock: true, options: ['color:red'], vendors: ['Acme'], types: [] },
      sort: null,
      page: 1,
    });
    assert.deepEqual(parseListingQuery({ price_min: '50', price_max: '10.5', page: '3', sort: 'price-asc' }).filters.priceMin, 1050);
    assert.equal(listingSearchParams(parseListingQuery({ price_min: '10.5', option: 'size:l', page: '2', sort: 'newest' })).toString(), 'price_min=10.50&option=size%3Al&sort=newest&page=2');
    assert.deepEqual(parseListingQuery(null).filters, NO_FILTERS);
  });

  it('reads unfiltered counts and facets from a current summary, and never from one a change has outdated', async () => {
    const db = store.platform.database.db;
    const live = await list({ sort: 'newest' });
    await refreshListingSummaries(db, (id) => computeListingSummary(db, id));
    const summary = await currentSummary(db, undefined);
    assert.ok(summary, 'a refresh leaves a current summary');
    assert.equal(summary.total, live.total);
    assert.deepEqual(summary.facets, live.facets);
    assert.deepEqual(await list({ sort: 'newest' }), live, 'the summary gives the same listing');

    await saveTestProduct(store, productInput('linen-cap', { vendor: 'Northwind', productType: 'Hats', variants: [variant([], 1500)] }));
    assert.equal(await currentSummary(db, undefined), null, 'the change outdated it in its own transaction');
    const after = await list({ sort: 'newest' });
    assert.equal(after.total, live.total + 1);
    assert.ok(after.facets.types.some((t) => t.value === 'Hats'));

    await refreshListingSummaries(db, (id) => computeListingSummary(db, id));
    assert.equal((await currentSummary(db, undefined))?.total, live.total + 1);
  });
});
