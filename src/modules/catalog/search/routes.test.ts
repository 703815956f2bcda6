import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { productInput, variant } from '../storefront/test-support.ts';
import { saveAll, SEARCH_CATALOG } from './fixtures.ts';

const HOSTILE = [
  `'; drop table products; --`,
  `"quoted" 'single' \\ back\\slash`,
  '<script>alert(1)</script>',
  "shirt' & !blue | (:*",
  '&|!():*',
  '💍 bracelet 🙂',
  '%00%ff%fe',
  'ｆｕｌｌｗｉｄｔｈ ＳＨＩＲＴ',
];

describe('search pages and API', () => {
  let store: TestStore;
  before(async () => {
    store = await createTestStore();
    await saveAll(store, [
      ...SEARCH_CATALOG,
      // Enough matches for two pages of results (24 a page).
      ...Array.from({ length: 26 }, (_, i) => productInput(`plain-tee-${i + 1}`, { title: `Plain Tee ${i + 1}`, productType: 'Tee', variants: [variant([], 1500 + i)] })),
    ]);
  });
  after(() => store.close());

  const page = (url: string) => store.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
  const api = (url: string) => store.app.inject({ method: 'GET', url, headers: { accept: 'application/json' } });
  const cardTitles = (html: string) => [...html.matchAll(/<h[23] class="product-card__title"><a href="\/products\/([^"]+)"/g)].map((m) => m[1]);

  it('shows ranked results with a count, filters and a sort', async () => {
    const response = await page('/search?q=bracelet');
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /Search results for “bracelet”/);
    assert.match(response.body, /3 products</);
    assert.deepEqual(cardTitles(response.body), ['silver-bracelet', 'beaded-anklet', 'gift-box']);
    assert.match(response.body, /<form class="filters" method="get" action="\/search"/);
    assert.match(response.body, /<input type="hidden" name="q" value="bracelet"\/>/, 'filtering keeps the query');
    assert.match(response.body, /<option value="relevance" selected>Best match<\/option>/);
    assert.match(response.body, /<meta name="robots" content="noindex, follow"\/>/);
  });

  it('filters and paginates like a collection', async () => {
    const filtered = await page('/search?q=bracelet&vendor=Company+123');
    assert.deepEqual(cardTitles(filtered.body), ['silver-bracelet']);
    assert.match(filtered.body, />1 product</);

    const first = await page('/search?q=tee');
    assert.match(first.body, /Showing 1–24 of 26 products/);
    assert.equal(cardTitles(first.body).length, 24);
    assert.match(first.body, /href="\/search\?q=tee&amp;page=2" rel="next"/);
    const second = await page('/search?q=tee&page=2');
    assert.equal(cardTitles(second.body).length, 2);
    assert.match(second.body, /href="\/search\?q=tee" rel="prev"/);
  });

  it('offers a spelling, other products and collections when nothing is found', async () => {
    const response = await page('/search?q=nekclace');
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /No products found for “nekclace”/);
    assert.match(response.body, /Did you mean <a href="\/search\?q=necklace">necklace<\/a>\?/);
    assert.match(response.body, /You might like these/);
    assert.ok(/class="product-card__title"/.test(response.body), 'shows products to browse');
  });

  it('shows the empty search page for an empty query', async () => {
    const response = await page('/search');
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /<h1>Search<\/h1>/);
    assert.match(response.body, /What are you looking for\?/);
  });

  it('echoes the query escaped and answers every hostile input without error', async () => {
    const scripted = await page(`/search?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    assert.equal(scripted.statusCode, 200);
    assert.doesNotMatch(scripted.body, /<script>alert/);
    assert.match(scripted.body, /&lt;script>alert\(1\)&lt;\/script>/);

    for (const q of [...HOSTILE, 'x'.repeat(10_000)]) {
      const html = await page(`/search?q=${encodeURIComponent(q)}&page=-1&price_min=abc&sort=evil`);
      assert.equal(html.statusCode, 200, q.slice(0, 40));
      const json = await api(`/api/v1/search?q=${encodeURIComponent(q.slice(0, 200))}`);
      assert.equal(json.statusCode, 200, q.slice(0, 40));
      const suggest = await api(`/api/v1/search/suggest?q=${encodeURIComponent(q.slice(0, 200))}`);
      assert.equal(suggest.statusCode, 200, q.slice(0, 40));
    }
    // A query string the parser reads as an object or list must not break the page either.
    assert.equal((await page('/search?q[a]=1&q=2&q=3')).statusCode, 200);
    assert.ok(cardTitles((await page('/search?q=bracelet')).body).length > 0, 'the catalogue is intact');
  });

  it('cuts a long query on the page and refuses it in the API', async () => {
    const long = 'bracelet '.repeat(100);
    const html = await page(`/search?q=${encodeURIComponent(long)}`);
    assert.equal(html.statusCode, 200);
    const refused = await api(`/api/v1/search?q=${encodeURIComponent(long)}`);
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
  });

  it('caches the page and shows a new product on the next request', async () => {
    const first = await page('/search?q=lantern');
    assert.match(first.body, /No products found/);
    assert.equal((await page('/search?q=lantern')).headers['x-page-cache'], 'hit');
    await saveAll(store, [productInput('paper-lantern', { title: 'Paper Lantern' })]);
    const after = await page('/search?q=lantern');
    assert.deepEqual(cardTitles(after.body), ['paper-lantern']);
  });

  it('answers the JSON search with cards, pages, facets and a spelling', async () => {
    const response = await api('/api/v1/search?q=bracelet&sort=price-asc');
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.query, 'bracelet');
    assert.equal(body.searched, true);
    assert.equal(body.total, 3);
    assert.equal(body.pageCount, 1);
    assert.equal(body.didYouMean, null);
    assert.deepEqual(body.products.map((p: { handle: string }) => p.handle), ['gift-box', 'beaded-anklet', 'silver-bracelet']);
    const card = body.products[2];
    assert.equal(card.url, '/products/silver-bracelet');
    assert.deepEqual(card.price, { amount: 4500, currency: 'USD', formatted: '$45.00' });
    assert.match(card.image.url, /^\/images\//);
    assert.deepEqual(body.facets.vendors.map((v: { value: string }) => v.value).sort(), ['Acme', 'Company 123']);

    const paged = (await api('/api/v1/search?q=bracelet&page_size=2&page=2')).json();
    assert.deepEqual([paged.pageCount, paged.products.length], [2, 1]);
    const filtered = (await api('/api/v1/search?q=tee&in_stock=true&price_max=15.05&page=1')).json();
    assert.equal(filtered.total, 6);
    const misspelt = (await api('/api/v1/search?q=nekclace')).json();
    assert.equal(misspelt.total, 0);
    assert.equal(misspelt.didYouMean, 'necklace');
    assert.equal((await api('/api/v1/search?q=tee&page=0')).statusCode, 400);
    assert.equal((await api('/api/v1/search?q=tee&sort=evil')).statusCode, 400);
  });

  it('suggests at most eight products while typing', async () => {
    const response = await api('/api/v1/search/suggest?q=Brac');
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.query, 'brac');
    assert.deepEqual(
      body.products.map((p: { url: string }) => p.url),
      ['/products/silver-bracelet', '/products/beaded-anklet', '/products/gift-box'],
    );
    assert.deepEqual(Object.keys(body.products[0]).sort(), ['id', 'imageUrl', 'price', 'priceVaries', 'title', 'url']);
    assert.equal((await api('/api/v1/search/suggest?q=tee')).json().products.length, 8);
    assert.deepEqual((await api('/api/v1/search/suggest?q=')).json().products, []);
    assert.equal((await api('/api/v1/search/suggest')).statusCode, 400);
  });

  it('documents both endpoints in the OpenAPI document', async () => {
    const document = (await api('/api/v1/openapi.json')).json();
    assert.ok(document.paths['/api/v1/search']?.get);
    assert.ok(document.paths['/api/v1/search/suggest']?.get);
  });

  it('puts the suggestions island on the header search box, in a form that works without it', async () => {
    const html = (await page('/search?q=bracelet')).body;
    assert.match(html, /<form class="site-search" role="search" aria-label="Site search" action="\/search" method="get">/);
    assert.match(html, /<div data-island="search-suggest" data-props="{&quot;id&quot;:&quot;site-search-q&quot;}">/);
    assert.match(html, /<input class="input" id="site-search-q" type="search" name="q"/);
    assert.equal(html.match(/<script type="module" src="\/assets\/search-suggest-[A-Z0-9]+\.js">/g)?.length, 1, 'one script for both boxes');
    assert.match(html, /<input class="input" id="search-page-q" type="search" name="q" [^>]*value="bracelet"/);
  });

  it('limits the rate of suggestion requests', async () => {
    let status = 200;
    for (let i = 0; i < 200 && status === 200; i++) status = (await api(`/api/v1/search/suggest?q=t${i}`)).statusCode;
    assert.equal(status, 429);
  });
});
