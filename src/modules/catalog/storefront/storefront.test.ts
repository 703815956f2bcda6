import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { newId } from '../../../platform/ids.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { refreshAvailability } from '../products/availability-sync.ts';
import { collectionProducts, collections, products } from '../schema.ts';
import { productInput, saveTestProduct, stockVariants, variant } from './test-support.ts';

const HOSTILE_TITLE = 'Evil </script><script>alert(1)</script> & "Friends" <!-- Stool';

describe('storefront pages', () => {
  let store: TestStore;
  const ids = new Map<string, { productId: string; variantIds: string[] }>();
  let shirtsId: string;

  before(async () => {
    store = await createTestStore();
    const save = async (input: ReturnType<typeof productInput>, onHand = 10) => {
      const saved = await saveTestProduct(store, input);
      await stockVariants(store, saved.variants.map((v) => v.id), onHand);
      ids.set(input.handle, { productId: saved.productId, variantIds: saved.variants.map((v) => v.id) });
    };
    await save(
      productInput('varsity-top', {
        optionNames: ['Size'],
        productType: 'Shirts',
        images: [
          { src: 'https://cdn.example/varsity.jpg', alt: 'A grey varsity top', position: 1 },
          { src: 'https://cdn.example/varsity-back.jpg', alt: 'Its back', position: 2 },
        ],
        variants: [variant(['Small'], 6000), variant(['Large'], 6500, { compareAtMinor: 8000, imageSrc: 'https://cdn.example/varsity-back.jpg' })],
      }),
    );
    await save(productInput('evil-stool', { title: HOSTILE_TITLE, productType: 'Furniture', bodyHtml: '<p>Sturdy <b>oak</b>.</p>' }), 2);
    await save(
      productInput('linen-dress', {
        optionNames: ['Size', 'Color'],
        variants: [variant(['S', 'Sand'], 9000), variant(['M', 'Sand'], 9000), variant(['M', 'Moss'], 9500)],
      }),
    );
    await save(productInput('secret-draft', { status: 'draft' }));
    await save(productInput('old-archived', { status: 'archived' }));
    for (let i = 1; i <= 26; i++) {
      await save(productInput(`plain-tee-${i}`, { title: `Plain Tee ${i}`, productType: 'Shirts', vendor: i % 2 ? 'Northwind' : 'Acme', variants: [variant([], 1000 + i * 10)] }), i === 26 ? 0 : 5);
    }
    // Stock events update the listing flag through a job; tests run it directly.
    await store.platform.database.transaction((tx) => refreshAvailability(store.platform, tx, ids.get('plain-tee-26')!.variantIds));

    const db = store.platform.database.db;
    shirtsId = newId();
    const furnitureId = newId();
    await db.insert(collections).values([
      { id: shirtsId, handle: 'shirts', title: 'Shirts', description: 'Tops for every day.', position: 1 },
      { id: newId(), handle: 'hidden', title: 'Hidden', status: 'draft' },
      { id: newId(), handle: 'empty', title: 'Empty shelf', position: 2 },
      { id: furnitureId, handle: 'furniture', title: 'Furniture', position: 3 },
    ]);
    await db.insert(collectionProducts).values([
      { collectionId: shirtsId, productId: ids.get('varsity-top')!.productId, position: 1, source: 'manual' },
      ...Array.from({ length: 26 }, (_, i) => ({ collectionId: shirtsId, productId: ids.get(`plain-tee-${i + 1}`)!.productId, position: i + 2, source: 'manual' as const })),
      { collectionId: furnitureId, productId: ids.get('evil-stool')!.productId, position: 1, source: 'manual' },
      { collectionId: furnitureId, productId: ids.get('linen-dress')!.productId, position: 2, source: 'manual' },
    ]);
    store.platform.cache.invalidate('catalog');
  });
  after(() => store.close());

  const page = (url: string, headers: Record<string, string> = {}) => store.app.inject({ method: 'GET', url, headers: { accept: 'text/html', ...headers } });
  const cardHandles = (html: string) => [...html.matchAll(/class="product-card__title"><a href="\/products\/([^"]+)"/g)].map((m) => m[1]);
  const jsonLd = (html: string) => {
    const found = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
    assert.ok(found, 'the page has JSON-LD');
    return { raw: found[1]!, data: JSON.parse(found[1]!) as Record<string, unknown> & { offers: Record<string, unknown>[] } };
  };

  describe('home', () => {
    it('shows the featured collections in the header and on the page, and new arrivals', async () => {
      const response = await page('/');
      assert.equal(response.statusCode, 200);
      const nav = /<nav class="site-nav" aria-label="Main">([\s\S]*?)<\/nav>/.exec(response.body)![1]!;
      assert.deepEqual([...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]), ['/collections/shirts', '/collections/empty', '/collections/furniture', '/collections/all']);
      assert.match(response.body, /<h2 id="shelf-0" class="shelf__title"><a href="\/collections\/shirts">Shirts<\/a><\/h2>/);
      assert.match(response.body, /See all 27/);
      assert.match(response.body, /New arrivals/);
      assert.match(response.body, /Shop all 29 products/);
      assert.doesNotMatch(response.body, /secret-draft|old-archived|Hidden/);
    });

    it('reaches every active product in two clicks: home → collection → product', async () => {
      const home = (await page('/')).body;
      const collectionLinks = [...new Set([...home.matchAll(/href="(\/collections\/[^"?]+)"/g)].map((m) => m[1]!))];
      const reachable = new Set(cardHandles(home));
      for (const link of collectionLinks) {
        // The first page of each collection, and the listing's own page links.
        const first = (await page(link)).body;
        cardHandles(first).forEach((h) => reachable.add(h));
      }
      const active = await store.platform.database.db.select({ handle: products.handle }).from(products).where(eq(products.status, 'active'));
      const missing = active.map((p) => p.handle).filter((h) => !reachable.has(h));
      assert.deepEqual(missing, []);
    });
  });

  describe('collections', () => {
    it('lists 24 products a page, in the merchant’s order, with a count and page links', async () => {
      const response = await page('/collections/shirts');
      assert.equal(response.statusCode, 200);
      const handles = cardHandles(response.body);
      assert.equal(handles.length, 24);
      assert.deepEqual(handles.slice(0, 3), ['varsity-top', 'plain-tee-1', 'plain-tee-2']);
      assert.match(response.body, /Showing 1–24 of 27 products/);
      assert.match(response.body, /href="\/collections\/shirts\?page=2" rel="next"/);
      assert.match(response.body, /<link rel="canonical" href="http:\/\/store.test\/collections\/shirts"\/>/);
      assert.match(response.body, /<a href="\/collections\/shirts" aria-current="page">Shirts<\/a>/);

      const second = await page('/collections/shirts?page=2');
      assert.deepEqual(cardHandles(second.body), ['plain-tee-24', 'plain-tee-25', 'plain-tee-26']);
      assert.match(second.body, /Showing 25–27 of 27 products/);
    });

    it('sorts and filters from the query string, and ignores nonsense', async () => {
      const cheap = await page('/collections/shirts?sort=price-asc&price_max=10.30');
      assert.deepEqual(cardHandles(cheap.body), ['plain-tee-1', 'plain-tee-2', 'plain-tee-3']);
      assert.match(cheap.body, /<option value="price-asc" selected>Price, low to high<\/option>/);
      assert.match(cheap.body, /Up to \$10\.30/, 'the active filter is shown, with a link to remove it');

      const acme = await page('/collections/shirts?vendor=Acme&in_stock=1&sort=price-desc');
      assert.deepEqual(cardHandles(acme.body).slice(0, 3), ['varsity-top', 'plain-tee-24', 'plain-tee-22'], 'the sold-out plain-tee-26 is left out');
      assert.match(acme.body, /name="vendor" value="Acme" checked/);

      const nonsense = await page('/collections/shirts?sort=%27%3Bdrop&page=-4&price_min=abc&option=%3Cscript%3E');
      assert.equal(nonsense.statusCode, 200);
      assert.equal(cardHandles(nonsense.body).length, 24);
    });

    it('shows a next step when filters or the collection leave nothing', async () => {
      const none = await page('/collections/shirts?price_min=9999');
      assert.match(none.body, /No products match these filters/);
      assert.match(none.body, /href="\/collections\/shirts">\s*Clear all filters/);
      const empty = await page('/collections/empty');
      assert.equal(empty.statusCode, 200);
      assert.match(empty.body, /Nothing in this collection yet/);
      assert.match(empty.body, /href="\/collections\/all"/);
    });

    it('lists every active product under "All products"', async () => {
      const response = await page('/collections/all?page=2');
      assert.equal(response.statusCode, 200);
      assert.match(response.body, /Showing 25–29 of 29 products/);
    });

    it('answers an unknown or draft collection with a friendly 404', async () => {
      for (const url of ['/collections/nope', '/collections/hidden', '/collections/NOT%20A%20HANDLE']) {
        const response = await page(url);
        assert.equal(response.statusCode, 404, url);
        assert.match(response.body, /We could not find that collection/);
        assert.match(response.body, /<input class="input" id="not-found-search-q" type="search" name="q"/);
        assert.ok(cardHandles(response.body).length > 0, 'it offers products to look at');
      }
    });
  });

  describe('product page', () => {
    it('shows the product with price, options, availability, add-to-cart and related products', async () => {
      const response = await page('/products/varsity-top');
      assert.equal(response.statusCode, 200);
      const html = response.body;
      assert.match(html, /<h1 class="product__title">Varsity Top<\/h1>/);
      assert.match(html, /<span class="price__now">\$60\.00<\/span>/);
      assert.match(html, /<form class="add-to-cart" method="post" action="\/cart\/add">/);
      const [small, large] = ids.get('varsity-top')!.variantIds;
      // One option: its radios carry the variant id, so the form works without JavaScript.
      assert.match(html, new RegExp(`type="radio" id="option-0-0" name="variantId" value="${small}" checked`));
      assert.match(html, new RegExp(`name="variantId" value="${large}"`));
      assert.match(html, /name="quantity" value="1" min="1" max="10"/);
      assert.match(html, /data-slot="delivery-promise"[^>]*><p class="delivery-promise__headline"><span class="delivery-promise__dot" aria-hidden="true"><\/span>In stock/);
      assert.match(html, /<img id="product-image-main" class="gallery__main" src="\/images\/placeholder\/[0-9a-f-]+\.svg" alt="A grey varsity top" width="800" height="1000"/);
      assert.match(html, /<section class="shelf" aria-labelledby="related-products">/);
      assert.ok(cardHandles(html).every((h) => h !== 'varsity-top' && h !== 'plain-tee-26'), 'related products are others, in stock');
      assert.match(html, /<script type="module" src="\/assets\/product-buy-box-[A-Z0-9]+\.js"><\/script>/);
    });

    it('selects a variant from ?variant= (and from option values), keeping one canonical URL', async () => {
      const [, large] = ids.get('varsity-top')!.variantIds;
      const response = await page(`/products/varsity-top?variant=${large}`);
      assert.match(response.body, new RegExp(`name="variantId" value="${large}" checked`));
      assert.match(response.body, /<span class="price__now price__now--sale">\$65\.00<\/span>/);
      assert.match(response.body, /<s class="price__was">\$80\.00<\/s>/);
      assert.match(response.body, /alt="Its back"/, 'the variant’s own picture is shown first');
      assert.match(response.body, /<link rel="canonical" href="http:\/\/store.test\/products\/varsity-top"\/>/);

      const byOption = await page('/products/varsity-top?option1=Large');
      assert.match(byOption.body, new RegExp(`name="variantId" value="${large}" checked`));
      const junk = await page('/products/varsity-top?variant=not-a-uuid&option1=%3Cb%3E');
      assert.equal(junk.statusCode, 200);
    });

    it('chooses among several options with a GET form, and says when a combination does not exist', async () => {
      const { body } = await page('/products/linen-dress');
      assert.match(body, /<form class="variant-form" method="get" action="\/products\/linen-dress">/);
      assert.match(body, /type="radio" id="option-0-0" name="option1" value="S" checked/);
      assert.match(body, /type="radio" id="option-1-1" name="option2" value="Moss"\/><label class="option-value__label option-value__label--unavailable"/, 'Moss does not come in S');
      assert.match(body, /Show this choice/);
      const [, , moss] = ids.get('linen-dress')!.variantIds;
      const chosen = await page('/products/linen-dress?option1=M&option2=Moss');
      assert.match(chosen.body, new RegExp(`<input type="hidden" name="variantId" value="${moss}"/>`));
      assert.match(chosen.body, /\$95\.00/);
      const missing = await page('/products/linen-dress?option1=S&option2=Moss');
      assert.match(missing.body, /This combination is not available/);
      assert.match(missing.body, /type="submit" disabled>Unavailable<\/button>/);
    });

    it('describes the product to search engines and link previews', async () => {
      const { body } = await page('/products/varsity-top');
      assert.match(body, /<meta property="og:type" content="product"\/>/);
      assert.match(body, /<meta property="og:title" content="Varsity Top"\/>/);
      assert.match(body, /<meta property="og:url" content="http:\/\/store.test\/products\/varsity-top"\/>/);
      assert.match(body, /<meta property="product:price:amount" content="60.00"\/>/);
      const { data } = jsonLd(body);
      assert.equal(data['@type'], 'Product');
      assert.equal(data.name, 'Varsity Top');
      assert.equal(data.offers.length, 2);
      const [small, large] = ids.get('varsity-top')!.variantIds;
      assert.deepEqual(
        data.offers.map((o) => [o.sku, o.price, o.priceCurrency, o.availability, o.url]),
        [
          ['VARSITY-TOP-SMALL', '60.00', 'USD', 'https://schema.org/InStock', `http://store.test/products/varsity-top?variant=${small}`],
          ['VARSITY-TOP-LARGE', '65.00', 'USD', 'https://schema.org/InStock', `http://store.test/products/varsity-top?variant=${large}`],
        ],
      );
    });

    it('escapes a hostile title everywhere, JSON-LD included', async () => {
      const { body } = await page('/products/evil-stool');
      assert.equal(body.match(/<script/g)!.length, body.match(/<script (type="module" src=|type="application\/ld\+json")/g)!.length, 'no injected script element');
      assert.doesNotMatch(body, /<script>alert/);
      const { raw, data } = jsonLd(body);
      assert.doesNotMatch(raw, /</, 'no "<" inside the JSON-LD');
      assert.equal(data.name, HOSTILE_TITLE, 'the escaped JSON still means the title');
      assert.match(body, /<h1 class="product__title">Evil &lt;\/script>&lt;script>alert\(1\)&lt;\/script> &amp; &quot;Friends&quot; &lt;!-- Stool<\/h1>/);
      assert.match(body, /<div class="prose"><p>Sturdy <b>oak<\/b>.<\/p><\/div>/);
      assert.match(body, /Only 2 left/);
    });

    it('maps inventory states to schema.org availability', async () => {
      const { variantIds } = ids.get('evil-stool')!;
      const cases = [
        { onHand: 0, policy: 'deny', schema: 'OutOfStock', words: 'Sold out' },
        { onHand: 0, policy: 'backorder', schema: 'BackOrder', words: 'Backordered' },
        { onHand: 0, policy: 'preorder', schema: 'PreOrder', words: 'Pre-order' },
        { onHand: 0, policy: 'made_to_order', schema: 'BackOrder', words: 'Made to order' },
        { onHand: 40, policy: 'deny', schema: 'InStock', words: 'In stock' },
      ] as const;
      for (const { onHand, policy, schema, words } of cases) {
        await stockVariants(store, variantIds, onHand, policy);
        const { body } = await page('/products/evil-stool');
        assert.equal(jsonLd(body).data.offers[0]!.availability, `https://schema.org/${schema}`, policy);
        // The state comes first; a ship day or delivery dates follow it when there are any.
        assert.match(body, new RegExp(`</span>${words}( — [^<]+)?</p>`), words);
        assert.equal(/class="button button--primary add-to-cart__button" type="submit"( disabled)?>/.exec(body)![1] === ' disabled', words === 'Sold out');
      }
    });

    it('is a 404 for drafts, archived and unknown products, with a search box and products to see', async () => {
      for (const url of ['/products/secret-draft', '/products/old-archived', '/products/no-such-thing', '/products/%3Cscript%3E']) {
        const response = await page(url);
        assert.equal(response.statusCode, 404, url);
        assert.match(response.body, /We could not find that product/);
        assert.match(response.body, /role="search"/);
        assert.match(response.body, /name="q"/);
        assert.match(response.body, /You might like these/);
        assert.doesNotMatch(response.body, /Secret Draft/);
      }
    });
  });

  describe('page cache', () => {
    it('serves cached pages with an etag and shows a new price on the next request', async () => {
      const first = await page('/products/varsity-top');
      const second = await page('/products/varsity-top');
      assert.equal(second.headers['x-page-cache'], 'hit');
      assert.equal(second.headers.etag, first.headers.etag);
      const notModified = await page('/products/varsity-top', { 'if-none-match': String(first.headers.etag) });
      assert.equal(notModified.statusCode, 304);
      const listing = await page('/collections/shirts');
      assert.match(listing.body, /\$60\.00/);

      await saveTestProduct(
        store,
        productInput('varsity-top', {
          optionNames: ['Size'],
          productType: 'Shirts',
          images: [
            { src: 'https://cdn.example/varsity.jpg', alt: 'A grey varsity top', position: 1 },
            { src: 'https://cdn.example/varsity-back.jpg', alt: 'Its back', position: 2 },
          ],
          variants: [variant(['Small'], 5500), variant(['Large'], 6500, { compareAtMinor: 8000, imageSrc: 'https://cdn.example/varsity-back.jpg' })],
        }),
      );
      const after = await page('/products/varsity-top');
      assert.equal(after.headers['x-page-cache'], 'miss');
      assert.match(after.body, /<span class="price__now">\$55\.00<\/span>/);
      assert.doesNotMatch(after.body, /\$60\.00/);
      assert.match((await page('/collections/shirts')).body, /\$55\.00/);
    });

    it('shows a stock change on the next request', async () => {
      await page('/products/varsity-top');
      await stockVariants(store, ids.get('varsity-top')!.variantIds, 1);
      const after = await page('/products/varsity-top');
      assert.equal(after.headers['x-page-cache'], 'miss');
      assert.match(after.body, /Only 1 left/);
    });
  });

  describe('sitemap and robots', () => {
    it('lists home, collections and active products with their last change', async () => {
      const response = await store.app.inject({ url: '/sitemap.xml' });
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^application\/xml/);
      const locs = [...response.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
      assert.equal(locs[0], 'http://store.test/');
      assert.ok(locs.includes('http://store.test/collections/shirts'));
      assert.ok(locs.includes('http://store.test/collections/all'));
      assert.ok(!locs.includes('http://store.test/collections/hidden'));
      assert.ok(locs.includes('http://store.test/products/varsity-top'));
      assert.ok(!locs.some((l) => /secret-draft|old-archived/.test(l!)));
      assert.equal(locs.length, 2 + 3 + 29, "home, all products, three active collections, 29 active products");
      assert.match(response.body, /<url><loc>http:\/\/store.test\/products\/varsity-top<\/loc><lastmod>\d{4}-\d\d-\d\dT[\d:.]+Z<\/lastmod><\/url>/);
    });

    it('keeps crawlers out of private areas and points them to the sitemap', async () => {
      const response = await store.app.inject({ url: '/robots.txt' });
      assert.equal(response.statusCode, 200);
      for (const path of ['/admin', '/account', '/cart', '/api']) assert.match(response.body, new RegExp(`^Disallow: ${path}$`, 'm'));
      assert.match(response.body, /^Sitemap: http:\/\/store.test\/sitemap.xml$/m);
    });
  });
});
