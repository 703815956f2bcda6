import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newId } from '../../../platform/ids.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { collectionProducts, collections } from '../schema.ts';
import { productInput, saveTestProduct, stockVariants, variant } from '../storefront/test-support.ts';

describe('catalogue JSON API', () => {
  let store: TestStore;
  let shirtVariants: string[];

  before(async () => {
    store = await createTestStore();
    const shirt = await saveTestProduct(
      store,
      productInput('ocean-shirt', {
        title: 'Ocean Shirt',
        vendor: 'Northwind',
        optionNames: ['Size'],
        tags: ['summer'],
        images: [{ src: 'https://cdn.example/ocean.jpg', alt: 'A blue shirt', position: 1 }],
        variants: [variant(['Small'], 2500), variant(['Large'], 2700, { compareAtMinor: 3000 })],
      }),
    );
    shirtVariants = shirt.variants.map((v) => v.id);
    await stockVariants(store, [shirtVariants[0]!], 2);
    await stockVariants(store, [shirtVariants[1]!], 0, 'backorder');
    const mug = await saveTestProduct(store, productInput('clay-mug', { title: 'Clay Mug', productType: 'Kitchen', variants: [variant([], 900)] }));
    await stockVariants(store, mug.variants.map((v) => v.id), 9);
    await saveTestProduct(store, productInput('draft-lamp', { status: 'draft' }));

    const id = newId();
    await store.platform.database.db.insert(collections).values([
      { id, handle: 'summer', title: 'Summer', description: 'Light things.' },
      { id: newId(), handle: 'unpublished', title: 'Unpublished', status: 'draft' },
    ]);
    await store.platform.database.db.insert(collectionProducts).values({ collectionId: id, productId: shirt.productId, position: 1, source: 'manual' });
  });
  after(() => store.close());

  const get = (url: string) => store.app.inject({ method: 'GET', url, headers: { accept: 'application/json' } });

  it('lists active products with cards, facets and pages', async () => {
    const response = await get('/api/v1/products?sort=price-asc');
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.total, 2);
    assert.equal(body.pageCount, 1);
    assert.deepEqual(body.products.map((p: { handle: string }) => p.handle), ['clay-mug', 'ocean-shirt']);
    const ocean = body.products[1];
    assert.deepEqual(ocean.price, { amount: 2500, currency: 'USD', formatted: '$25.00' });
    assert.equal(ocean.priceVaries, true);
    assert.deepEqual(ocean.compareAtPrice, { amount: 3000, currency: 'USD', formatted: '$30.00' });
    assert.equal(ocean.url, '/products/ocean-shirt');
    assert.match(ocean.image.url, /^\/images\/placeholder\/[0-9a-f-]+\.svg$/);
    assert.equal(ocean.image.alt, 'A blue shirt');
    assert.deepEqual(body.facets.options, [{ name: 'size', values: [{ value: 'large', count: 1 }, { value: 'small', count: 1 }] }]);
    assert.deepEqual(body.facets.priceRange, { min: 900, max: 2500 });

    const filtered = (await get('/api/v1/products?option=size:small&vendor=Northwind&page_size=1')).json();
    assert.equal(filtered.total, 1);
    assert.equal(filtered.pageSize, 1);
    const cheap = (await get('/api/v1/products?price_max=10')).json();
    assert.deepEqual(cheap.products.map((p: { handle: string }) => p.handle), ['clay-mug']);
  });

  it('answers malformed listing parameters with a 400 problem', async () => {
    for (const url of ['/api/v1/products?page=0', '/api/v1/products?page_size=1000', '/api/v1/products?sort=drop', '/api/v1/products?price_min=abc']) {
      const response = await get(url);
      assert.equal(response.statusCode, 400, url);
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      assert.equal(response.json().type, '/problems/validation');
    }
  });

  it('gives one product with its variants and their availability', async () => {
    const response = await get('/api/v1/products/ocean-shirt');
    assert.equal(response.statusCode, 200);
    const { product } = response.json();
    assert.equal(product.title, 'Ocean Shirt');
    assert.deepEqual(product.optionNames, ['Size']);
    assert.equal(product.images.length, 1);
    assert.deepEqual(
      product.variants.map((v: { id: string; options: string[]; price: { amount: number }; availability: { state: string; canBuy: boolean; headline: string } }) => [
        v.id,
        v.options,
        v.price.amount,
        v.availability.state,
        v.availability.canBuy,
        v.availability.headline.split(' — ')[0],
      ]),
      [
        [shirtVariants[0], ['Small'], 2500, 'low_stock', true, 'Only 2 left'],
        [shirtVariants[1], ['Large'], 2700, 'backorder', true, 'Backordered'],
      ],
      'the headline starts with the state; the delivery dates follow it',
    );
    assert.equal(product.variants[0].sku, 'OCEAN-SHIRT-SMALL');
  });

  it('hides drafts and unknown handles behind a 404 problem, and refuses malformed handles', async () => {
    for (const url of ['/api/v1/products/draft-lamp', '/api/v1/products/nope', '/api/v1/collections/unpublished', '/api/v1/collections/nope']) {
      const response = await get(url);
      assert.equal(response.statusCode, 404, url);
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      assert.equal(response.json().type, '/problems/not-found');
    }
    assert.equal((await get('/api/v1/products/Not%20A%20Handle')).statusCode, 400);
  });

  it('lists collections and one collection with its products', async () => {
    const list = (await get('/api/v1/collections')).json();
    assert.deepEqual(list.collections, [{ handle: 'summer', title: 'Summer', description: 'Light things.', url: '/collections/summer' }]);
    const summer = (await get('/api/v1/collections/summer')).json();
    assert.equal(summer.collection.title, 'Summer');
    assert.deepEqual(summer.listing.products.map((p: { handle: string }) => p.handle), ['ocean-shirt']);
    const all = (await get('/api/v1/collections/all')).json();
    assert.equal(all.listing.total, 2);
  });

  it('documents its routes in the OpenAPI document', async () => {
    const doc = (await get('/api/v1/openapi.json')).json();
    for (const path of ['/api/v1/products', '/api/v1/products/{handle}', '/api/v1/collections', '/api/v1/collections/{handle}']) {
      assert.ok(doc.paths[path]?.get, path);
    }
  });
});
