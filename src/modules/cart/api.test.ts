import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { carts } from './schema.ts';
import { Browser, productInput, saveTestProduct, shirt, stock } from './test-support.ts';

describe('cart JSON API', () => {
  let store: TestStore;
  let sizes: { s: string; m: string; l: string };
  before(async () => {
    store = await createTestStore();
    sizes = await shirt(store);
  });
  after(() => store.close());

  async function cartCount() {
    return (await store.platform.database.db.select({ id: carts.id }).from(carts)).length;
  }

  it('gives a new visitor an empty cart and creates nothing for looking', async () => {
    const browser = new Browser(store);
    const before = await cartCount();
    const summary = await browser.api('GET', '/api/v1/cart/summary');
    assert.equal(summary.statusCode, 200);
    assert.deepEqual(summary.json(), { itemCount: 0 });
    assert.match(String(summary.headers['cache-control']), /no-store/);
    const cart = await browser.api('GET', '/api/v1/cart');
    assert.equal(cart.statusCode, 200);
    assert.deepEqual(cart.json(), { id: null, itemCount: 0, subtotal: { amount: 0, currency: 'USD', formatted: '$0.00' }, readyForCheckout: false, lines: [] });
    const page = await browser.page('/cart');
    assert.equal(page.statusCode, 200);
    assert.equal(browser.cookies.has('cart'), false, 'no cart cookie for a plain visit');
    assert.equal(await cartCount(), before, 'no cart row for a plain visit');
  });

  it('creates the cart on the first add, with a signed HttpOnly SameSite=Lax cookie kept 30 days', async () => {
    const browser = new Browser(store);
    const added = await browser.api('POST', '/api/v1/cart/lines', { variantId: sizes.m, quantity: 2 });
    assert.equal(added.statusCode, 201, added.body);
    const setCookie = ([] as string[]).concat(added.headers['set-cookie'] as string[]).find((c) => c.startsWith('cart='))!;
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Lax/i);
    assert.match(setCookie, /Path=\//);
    assert.match(setCookie, /Max-Age=2592000/);
    assert.doesNotMatch(setCookie, /Secure/, 'not Secure on an http store');
    const cart = added.json();
    assert.doesNotMatch(browser.cookies.get('cart')!, new RegExp(`^${cart.id}$`), 'the cookie is not the bare id');
    assert.equal(cart.itemCount, 2);
    assert.equal(cart.lines.length, 1);
    const [line] = cart.lines;
    assert.equal(line.variantId, sizes.m);
    assert.equal(line.title, 'Linen shirt');
    assert.equal(line.url, '/products/linen-shirt');
    assert.deepEqual(line.options, [{ name: 'Size', value: 'M' }]);
    assert.match(line.image.url, /^\/images\/placeholder\/[0-9a-f-]+\.svg$/);
    assert.equal(line.unitPrice.amount, 1200);
    assert.equal(line.lineTotal.formatted, '$24.00');
    assert.deepEqual(line.availability, { state: 'in_stock', label: 'In stock', maxOrderable: 10 });
    assert.deepEqual(line.issues, []);
    assert.equal(cart.subtotal.amount, 2400);
    assert.equal(cart.readyForCheckout, true);
    assert.deepEqual((await browser.api('GET', '/api/v1/cart/summary')).json(), { itemCount: 2 });
  });

  it('answers a first add with the cart exactly as reading it back shows it', async () => {
    const browser = new Browser(store);
    const added = await browser.api('POST', '/api/v1/cart/lines', { variantId: sizes.l, quantity: 3 });
    assert.equal(added.statusCode, 201, added.body);
    assert.deepEqual(added.json(), (await browser.api('GET', '/api/v1/cart')).json());
    // The same for a backordered line, whose promise waits on the restock.
    const waiting = (await saveTestProduct(store, productInput('waiting-mug', [{ options: ['One'], priceMinor: 900 }])))[0]!;
    await stock(store, [waiting], 0, 'backorder');
    const later = new Browser(store);
    const first = await later.api('POST', '/api/v1/cart/lines', { variantId: waiting, quantity: 1 });
    assert.equal(first.statusCode, 201, first.body);
    assert.deepEqual(first.json(), (await later.api('GET', '/api/v1/cart')).json());
  });

  it('adds up the same variant, sets and removes lines', async () => {
    const browser = new Browser(store);
    await browser.api('POST', '/api/v1/cart/lines', { variantId: sizes.s, quantity: 1 });
    const again = await browser.api('POST', '/api/v1/cart/lines', { variantId: sizes.s, quantity: 3 });
    assert.equal(again.statusCode, 201);
    assert.equal(again.json().lines.length, 1);
    assert.equal(again.json().lines[0].quantity, 4);

    const withL = (await browser.api('POST', '/api/v1/cart/lines', { variantId: sizes.l, quantity: 1 })).json();
    const [small, large] = withL.lines;
    assert.equal(small.variantId, sizes.s, 'lines keep the order they were added in');

    const set = await browser.api('PATCH', `/api/v1/cart/lines/${small.id}`, { quantity: 7 });
    assert.equal(set.statusCode, 200, set.body);
    assert.equal(set.json().lines[0].quantity, 7);
    assert.equal(set.json().itemCount, 8);

    const zero = await browser.api('PATCH', `/api/v1/cart/lines/${small.id}`, { quantity: 0 });
    assert.equal(zero.statusCode, 200);
    assert.deepEqual(zero.json().lines.map((l: { id: string }) => l.id), [large.id]);

    const removed = await browser.api('DELETE', `/api/v1/cart/lines/${large.id}`);
    assert.equal(removed.statusCode, 200);
    assert.equal(removed.json().lines.length, 0);
    assert.equal(removed.json().itemCount, 0);

    const gone = await browser.api('DELETE', `/api/v1/cart/lines/${large.id}`);
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.json().type, '/problems/line-not-found');
  });

  it('refuses bad input with 400 problem+json and leaves the cart unchanged', async () => {
    const browser = new Browser(store);
    const start = (await browser.api('POST', '/api/v1/cart/lines', { variantId: sizes.s, quantity: 2 })).json();
    const lineId = start.lines[0].id;
    const adds: object[] = [
      { variantId: sizes.m, quantity: -1 },
      { variantId: sizes.m, quantity: 0 },
      { variantId: sizes.m, quantity: 100 },
      { variantId: sizes.m, quantity: 1e12 },
      { variantId: sizes.m, quantity: 2.5 },
      { variantId: sizes.m, quantity: 'many' },
      { variantId: sizes.m },
      { variantId: 'not-a-uuid', quantity: 1 },
      { variantId: "1' or '1'='1", quantity: 1 },
      { variantId: '00000000-0000-4000-8000-000000000000', quantity: 1 },
      { quantity: 1 },
    ];
    for (const body of adds) {
      const response = await browser.api('POST', '/api/v1/cart/lines', body);
      assert.equal(response.statusCode, 400, `${JSON.stringify(body)} → ${response.body}`);
      assert.match(String(response.headers['content-type']), /application\/problem\+json/);
    }
    const unknown = await browser.api('POST', '/api/v1/cart/lines', { variantId: '00000000-0000-4000-8000-000000000000', quantity: 1 });
    assert.equal(unknown.json().type, '/problems/unknown-variant');

    for (const quantity of [-1, 100, 3.5, 'x', 1e9]) {
      const response = await browser.api('PATCH', `/api/v1/cart/lines/${lineId}`, { quantity });
      assert.equal(response.statusCode, 400, `${quantity} → ${response.body}`);
    }
    assert.equal((await browser.api('PATCH', '/api/v1/cart/lines/not-a-uuid', { quantity: 1 })).statusCode, 400);
    assert.equal((await browser.api('DELETE', '/api/v1/cart/lines/12345')).statusCode, 400);
    assert.deepEqual(await browser.cart(), start, 'cart unchanged');
  });

  it('keeps a line within 99 units and a cart within 100 lines', async () => {
    const browser = new Browser(store);
    await browser.api('POST', '/api/v1/cart/lines', { variantId: sizes.s, quantity: 9 });
    await stock(store, [sizes.s], 500);
    const before = await browser.cart();
    const over = await browser.api('POST', '/api/v1/cart/lines', { variantId: sizes.s, quantity: 91 });
    assert.equal(over.statusCode, 409);
    assert.equal(over.json().type, '/problems/quantity-limit');
    assert.match(over.json().detail, /up to 99 of Linen shirt \(S\); 9 already in your cart/);
    assert.deepEqual(await browser.cart(), before);
    await stock(store, [sizes.s], 10);

    const many = Array.from({ length: 101 }, (_, i) => ({ options: [String(i + 1)], priceMinor: 100 }));
    const ids = await saveTestProduct(store, productInput('button-assortment', many));
    await stock(store, ids, 5);
    const lines = new Browser(store);
    for (const id of ids.slice(0, 100)) assert.equal((await lines.api('POST', '/api/v1/cart/lines', { variantId: id, quantity: 1 })).statusCode, 201);
    const full = await lines.cart();
    const refused = await lines.api('POST', '/api/v1/cart/lines', { variantId: ids[100], quantity: 1 });
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().type, '/problems/too-many-lines');
    const more = await lines.api('POST', '/api/v1/cart/lines', { variantId: ids[0], quantity: 1 });
    assert.equal(more.statusCode, 201, 'a variant already in the full cart can still be added to');
    assert.equal(more.json().lines.length, 100);
    assert.equal(full.lines.length, 100);
  });

  it('refuses more than can be ordered, in words, never reducing silently', async () => {
    const [few, none] = await saveTestProduct(
      store,
      productInput('clay-vase', [
        { options: ['Small'], priceMinor: 2500 },
        { options: ['Large'], priceMinor: 4500 },
      ]),
    );
    await stock(store, [few!], 3);
    await stock(store, [none!], 0);
    const browser = new Browser(store);
    const tooMany = await browser.api('POST', '/api/v1/cart/lines', { variantId: few, quantity: 4 });
    assert.equal(tooMany.statusCode, 409);
    assert.equal(tooMany.json().type, '/problems/insufficient-stock');
    assert.equal(tooMany.json().title, 'Only 3 left');
    assert.equal(tooMany.json().detail, 'Only 3 left of Clay vase (Small).');
    assert.equal(tooMany.json().maxOrderable, 3);
    assert.equal((await browser.cart()).id, null, 'a refused first add creates no cart');
    assert.equal(browser.cookies.has('cart'), false);

    const two = await browser.api('POST', '/api/v1/cart/lines', { variantId: few, quantity: 2 });
    assert.equal(two.statusCode, 201);
    assert.deepEqual(two.json().lines[0].availability, { state: 'low_stock', label: 'Only 3 left', maxOrderable: 3 });
    const twoMore = await browser.api('POST', '/api/v1/cart/lines', { variantId: few, quantity: 2 });
    assert.equal(twoMore.statusCode, 409);
    assert.equal(twoMore.json().detail, 'Only 3 left of Clay vase (Small), and 2 are already in your cart.');
    const raise = await browser.api('PATCH', `/api/v1/cart/lines/${two.json().lines[0].id}`, { quantity: 4 });
    assert.equal(raise.statusCode, 409);
    assert.equal((await browser.cart()).lines[0]!.quantity, 2, 'unchanged');

    const soldOut = await browser.api('POST', '/api/v1/cart/lines', { variantId: none, quantity: 1 });
    assert.equal(soldOut.statusCode, 409);
    assert.equal(soldOut.json().type, '/problems/sold-out');
    assert.equal(soldOut.json().detail, 'Sold out — Clay vase (Large) cannot be ordered right now.');

    // Stock falls below what is in the cart: the line says so, and lowering it is allowed.
    await stock(store, [few!], 1);
    const flagged = await browser.cart();
    assert.deepEqual(flagged.lines[0]!.issues, ['insufficient-stock']);
    assert.equal(flagged.readyForCheckout, false);
    const lower = await browser.api('PATCH', `/api/v1/cart/lines/${flagged.lines[0]!.id}`, { quantity: 1 });
    assert.equal(lower.statusCode, 200);
    assert.deepEqual(lower.json().lines[0].issues, []);
    await stock(store, [few!], 0);
    assert.deepEqual((await browser.cart()).lines[0]!.issues, ['sold-out']);
  });

  it('flags a price change and applies the new price only once accepted', async () => {
    const input = productInput('wool-scarf', [{ options: [], priceMinor: 3000 }]);
    const [id] = await saveTestProduct(store, input);
    await stock(store, [id!], 20);
    const browser = new Browser(store);
    const added = (await browser.api('POST', '/api/v1/cart/lines', { variantId: id, quantity: 2 })).json();
    assert.deepEqual(added.lines[0].options, []);

    await saveTestProduct(store, { ...input, variants: [{ ...input.variants[0]!, priceMinor: 3600 }] });
    const changed = await browser.cart();
    const [line] = changed.lines;
    assert.equal(line!.priceChanged, true);
    assert.equal(line!.unitPrice.amount, 3000, 'still at the price seen');
    assert.equal(line!.currentPrice!.amount, 3600);
    assert.equal(line!.lineTotal.amount, 6000);
    assert.deepEqual(line!.issues, ['price-changed']);
    assert.equal(changed.readyForCheckout, false);

    // Adding more keeps the price first seen; the flag stays until accepted.
    const more = (await browser.api('POST', '/api/v1/cart/lines', { variantId: id, quantity: 1 })).json();
    assert.equal(more.lines[0].unitPrice.amount, 3000);
    assert.equal(more.lines[0].priceChanged, true);

    const accepted = await browser.api('POST', `/api/v1/cart/lines/${line!.id}/accept-price`);
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().lines[0].unitPrice.amount, 3600);
    assert.equal(accepted.json().lines[0].priceChanged, false);
    assert.equal(accepted.json().subtotal.amount, 3 * 3600);
    assert.equal(accepted.json().readyForCheckout, true);
  });

  it('shows a line whose product is no longer active as unavailable, outside the totals', async () => {
    const input = productInput('paper-lamp', [{ options: [], priceMinor: 5000 }]);
    const [lamp] = await saveTestProduct(store, input);
    await stock(store, [lamp!], 5);
    const draftInput = productInput('secret-lamp', [{ options: [], priceMinor: 5000 }], { status: 'draft' });
    const [draft] = await saveTestProduct(store, draftInput);
    await stock(store, [draft!], 5);
    const browser = new Browser(store);
    const draftAdd = await browser.api('POST', '/api/v1/cart/lines', { variantId: draft, quantity: 1 });
    assert.equal(draftAdd.statusCode, 400);
    assert.equal(draftAdd.json().type, '/problems/unknown-variant', 'a draft is not public');

    await browser.api('POST', '/api/v1/cart/lines', { variantId: lamp, quantity: 1 });
    await browser.api('POST', '/api/v1/cart/lines', { variantId: sizes.l, quantity: 1 });
    await saveTestProduct(store, { ...input, status: 'archived' });
    const cart = await browser.cart();
    const gone = cart.lines.find((l) => l.variantId === lamp)!;
    assert.equal(gone.available, false);
    assert.deepEqual(gone.issues, ['unavailable']);
    assert.equal(gone.lineTotal.amount, 0);
    assert.equal(gone.availability, null);
    assert.equal(cart.subtotal.amount, 1200, 'only the shirt counts');
    assert.equal(cart.readyForCheckout, false);

    const readd = await browser.api('POST', '/api/v1/cart/lines', { variantId: lamp, quantity: 1 });
    assert.equal(readd.statusCode, 409);
    assert.equal(readd.json().type, '/problems/no-longer-available');
    assert.equal((await browser.api('PATCH', `/api/v1/cart/lines/${gone.id}`, { quantity: 2 })).statusCode, 409);
    const removed = await browser.api('DELETE', `/api/v1/cart/lines/${gone.id}`);
    assert.equal(removed.statusCode, 200);
    assert.equal(removed.json().readyForCheckout, true);
  });

  it('ignores a forged, garbled or borrowed cookie: a new empty cart, never a 500', async () => {
    const owner = new Browser(store);
    const ownerCart = (await owner.api('POST', '/api/v1/cart/lines', { variantId: sizes.s, quantity: 1 })).json();
    const token = owner.cookies.get('cart')!;
    const [body, mac] = token.split('.');
    const payload = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const otherId = Buffer.from(JSON.stringify({ ...payload, d: { id: '00000000-0000-4000-8000-000000000001' } })).toString('base64url');
    const csrfToken = (await owner.page('/cart')).body.match(/name="_csrf" value="([^"]+)"/)![1]!;

    for (const cookie of [
      'garbage',
      '%%%',
      `${otherId}.${mac}`,
      ownerCart.id,
      `${body}.${mac!.slice(0, -2)}AA`,
      'a'.repeat(5000),
      csrfToken,
      `${Buffer.from('{"p":"cart","d":{"id":"x\'; drop table carts; --"},"e":99999999999}').toString('base64url')}.${mac}`,
    ]) {
      const visitor = new Browser(store);
      visitor.cookies.set('cart', cookie);
      const cart = await visitor.api('GET', '/api/v1/cart');
      assert.equal(cart.statusCode, 200, cookie);
      assert.equal(cart.json().id, null);
      assert.equal(visitor.cookies.has('cart'), false, 'a cookie that is not ours is cleared');
      visitor.cookies.set('cart', cookie);
      const added = await visitor.api('POST', '/api/v1/cart/lines', { variantId: sizes.m, quantity: 1 });
      assert.equal(added.statusCode, 201);
      assert.notEqual(added.json().id, ownerCart.id);
      assert.equal(added.json().lines.length, 1);
    }
    assert.deepEqual((await owner.cart()).lines.map((l) => l.variantId), [sizes.s], 'the owner’s cart is untouched');
  });

  it('does not let one visitor change another’s lines', async () => {
    const owner = new Browser(store);
    const line = (await owner.api('POST', '/api/v1/cart/lines', { variantId: sizes.s, quantity: 1 })).json().lines[0];
    const stranger = new Browser(store);
    await stranger.api('POST', '/api/v1/cart/lines', { variantId: sizes.m, quantity: 1 });
    for (const attempt of [
      stranger.api('PATCH', `/api/v1/cart/lines/${line.id}`, { quantity: 5 }),
      stranger.api('DELETE', `/api/v1/cart/lines/${line.id}`),
      stranger.api('POST', `/api/v1/cart/lines/${line.id}/accept-price`),
      new Browser(store).api('DELETE', `/api/v1/cart/lines/${line.id}`),
    ]) {
      assert.equal((await attempt).statusCode, 404);
    }
    assert.equal((await owner.cart()).lines[0]!.quantity, 1);
  });

  it('documents the cart API in the OpenAPI document', async () => {
    const doc = (await store.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    for (const path of ['/api/v1/cart', '/api/v1/cart/summary', '/api/v1/cart/lines', '/api/v1/cart/lines/{lineId}', '/api/v1/cart/lines/{lineId}/accept-price']) {
      assert.ok(doc.paths[path], path);
    }
    assert.ok(doc.paths['/api/v1/cart/lines'].post.requestBody);
    assert.ok(doc.paths['/api/v1/cart/lines/{lineId}'].patch);
    assert.ok(doc.paths['/api/v1/cart/lines/{lineId}'].delete);
  });
});
