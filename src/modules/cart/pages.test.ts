import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { Browser, productInput, saveTestProduct, shirt, stock } from './test-support.ts';

/** The page's text without tags, spaces collapsed: what a reader sees. */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/\s+/g, ' ');
}

describe('cart page and forms (no JavaScript)', () => {
  let store: TestStore;
  let sizes: { s: string; m: string; l: string };
  before(async () => {
    store = await createTestStore();
    sizes = await shirt(store);
  });
  after(() => store.close());

  it('shows an empty cart with a way back to the shop, privately and unindexed', async () => {
    const page = await new Browser(store).page('/cart');
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['cache-control']), /private/);
    assert.match(page.body, /<meta name="robots" content="noindex"/);
    assert.match(page.body, /<link rel="canonical" href="http:\/\/store\.test\/cart"/);
    assert.match(text(page.body), /Your cart is empty/);
    assert.match(page.body, /href="\/"[^>]*>Start shopping/);
  });

  it('adds from the product page form and shows the line with its forms', async () => {
    const browser = new Browser(store);
    // The product page is cached for everyone and has no per-visitor token: the origin is checked.
    const added = await browser.form('/cart/add', { variantId: sizes.m, quantity: '2' }, null);
    assert.equal(added.statusCode, 303, added.body);
    assert.equal(added.headers.location, '/cart');
    assert.ok(browser.cookies.get('cart'));

    const page = await browser.page('/cart');
    const seen = text(page.body);
    assert.match(seen, /Linen shirt/);
    assert.match(seen, /Size: M/);
    assert.match(seen, /In stock/);
    assert.match(seen, /2 × \$12\.00/);
    assert.match(seen, /Line total: \$24\.00/);
    assert.match(seen, /Subtotal \$24\.00/);
    assert.match(page.body, /href="\/products\/linen-shirt"/);
    assert.match(page.body, /<img class="cart-line__image" src="\/images\/placeholder\/[0-9a-f-]+\.svg"/);
    assert.match(page.body, /<form[^>]*action="\/checkout"[\s\S]*?>Checkout<\/button>/);
    const lineId = /action="\/cart\/lines\/([0-9a-f-]+)"/.exec(page.body)![1]!;
    assert.match(page.body, new RegExp(`<label for="quantity-${lineId}">Quantity`));
    assert.match(page.body, new RegExp(`action="/cart/lines/${lineId}/remove"`));

    // Without a quantity field the form adds one.
    assert.equal((await browser.form('/cart/add', { variantId: sizes.m }, null)).statusCode, 303);
    assert.equal((await browser.cart()).lines[0]!.quantity, 3);
  });

  it('refuses an add posted from another site', async () => {
    const browser = new Browser(store);
    const crossSite = await browser.request({
      method: 'POST',
      url: '/cart/add',
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      payload: `variantId=${sizes.m}&quantity=1`,
    });
    assert.equal(crossSite.statusCode, 403);
    const foreignOrigin = await browser.request({
      method: 'POST',
      url: '/cart/add',
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', host: 'store.test' },
      payload: `variantId=${sizes.m}&quantity=1`,
    });
    assert.equal(foreignOrigin.statusCode, 403);
    assert.equal((await browser.cart()).id, null);
  });

  it('explains a refused add on the cart page, with the way back, and changes nothing', async () => {
    const [vase] = await saveTestProduct(store, productInput('stone-vase', [{ options: [], priceMinor: 2000 }]));
    await stock(store, [vase!], 3);
    const browser = new Browser(store);
    await browser.form('/cart/add', { variantId: sizes.s, quantity: '1' }, null);
    const start = await browser.cart();

    const cases: [Record<string, string>, number, RegExp][] = [
      [{ variantId: vase!, quantity: '4' }, 409, /Only 3 left.*Only 3 left of Stone vase\..*Back to Stone vase/],
      [{ variantId: vase!, quantity: 'abc' }, 400, /Choose a whole number from 1 to 99/],
      [{ variantId: vase!, quantity: '-1' }, 400, /Choose a whole number from 1 to 99/],
      [{ variantId: vase!, quantity: '0' }, 400, /Choose a whole number from 1 to 99/],
      [{ variantId: vase!, quantity: '100' }, 400, /Choose a whole number from 1 to 99/],
      [{ variantId: vase!, quantity: '99999999999999999999' }, 400, /Choose a whole number from 1 to 99/],
      [{ variantId: vase!, quantity: '1.5' }, 400, /Choose a whole number from 1 to 99/],
      [{ variantId: 'nope', quantity: '1' }, 400, /We could not find that item/],
      [{ variantId: '00000000-0000-4000-8000-000000000000', quantity: '1' }, 400, /We could not find that item/],
      [{ quantity: '1' }, 400, /We could not find that item/],
      [{ variantId: '<script>alert(1)</script>', quantity: '1' }, 400, /We could not find that item/],
    ];
    for (const [fields, status, message] of cases) {
      const response = await browser.form('/cart/add', fields, null);
      assert.equal(response.statusCode, status, JSON.stringify(fields));
      assert.match(response.headers['content-type'] as string, /text\/html/);
      assert.match(text(response.body), message, JSON.stringify(fields));
      assert.match(text(response.body), /Linen shirt/, 'the cart is shown below the message');
      assert.doesNotMatch(response.body, /<script>alert/);
    }
    assert.deepEqual(await browser.cart(), start);
  });

  it('updates, removes and checks quantities with the CSRF token', async () => {
    const browser = new Browser(store);
    await browser.form('/cart/add', { variantId: sizes.s, quantity: '1' }, null);
    await browser.form('/cart/add', { variantId: sizes.l, quantity: '1' }, null);
    const page = await browser.page('/cart');
    const [small, large] = [...page.body.matchAll(/action="\/cart\/lines\/([0-9a-f-]+)"/g)].map((m) => m[1]!);

    const noToken = await browser.form(`/cart/lines/${small}`, { quantity: '4' }, null);
    assert.equal(noToken.statusCode, 403, 'the cart page forms carry a per-visitor token');
    const forged = await browser.form(`/cart/lines/${small}`, { quantity: '4' }, 'forged.token');
    assert.equal(forged.statusCode, 403);

    const updated = await browser.form(`/cart/lines/${small}`, { quantity: '4' });
    assert.equal(updated.statusCode, 303);
    assert.equal(updated.headers.location, '/cart');
    assert.equal((await browser.cart()).lines[0]!.quantity, 4);

    const tooMany = await browser.form(`/cart/lines/${small}`, { quantity: '11' });
    assert.equal(tooMany.statusCode, 409);
    assert.match(text(tooMany.body), /Only 10 left of Linen shirt \(S\), and 4 are already in your cart\./);
    const bad = await browser.form(`/cart/lines/${small}`, { quantity: 'lots' });
    assert.equal(bad.statusCode, 400);
    assert.match(text(bad.body), /Choose a whole number from 0 to 99/);
    const missing = await browser.form(`/cart/lines/${small}`, {});
    assert.equal(missing.statusCode, 400);
    const unknownLine = await browser.form('/cart/lines/not-a-line', { quantity: '1' });
    assert.equal(unknownLine.statusCode, 404);
    assert.match(text(unknownLine.body), /That item is not in your cart/);
    assert.equal((await browser.cart()).lines[0]!.quantity, 4, 'refusals change nothing');

    assert.equal((await browser.form(`/cart/lines/${small}`, { quantity: '0' })).statusCode, 303);
    assert.deepEqual((await browser.cart()).lines.map((l) => l.id), [large]);
    assert.equal((await browser.form(`/cart/lines/${large}/remove`, {})).statusCode, 303);
    assert.equal((await browser.cart()).lines.length, 0);
    assert.match(text((await browser.page('/cart')).body), /Your cart is empty/);
  });

  it('flags a changed price on the page until the shopper says OK', async () => {
    const input = productInput('felt-hat', [{ options: [], priceMinor: 3000 }]);
    const [hat] = await saveTestProduct(store, input);
    await stock(store, [hat!], 5);
    const browser = new Browser(store);
    await browser.form('/cart/add', { variantId: hat!, quantity: '1' }, null);
    await saveTestProduct(store, { ...input, variants: [{ ...input.variants[0]!, priceMinor: 3600 }] });

    const page = await browser.page('/cart');
    assert.match(text(page.body), /Price changed from \$30\.00 to \$36\.00\. OK ?, use the new price for Felt hat/);
    assert.match(text(page.body), /Some items need your attention before checkout/);
    const lineId = /action="\/cart\/lines\/([0-9a-f-]+)\/accept-price"/.exec(page.body)![1]!;
    assert.equal((await browser.form(`/cart/lines/${lineId}/accept-price`, {})).statusCode, 303);
    const after = await browser.page('/cart');
    assert.doesNotMatch(text(after.body), /Price changed/);
    assert.match(text(after.body), /1 × \$36\.00/);
  });

  it('shows a line that is no longer sold with only a remove button', async () => {
    const input = productInput('old-kettle', [{ options: [], priceMinor: 4000 }]);
    const [kettle] = await saveTestProduct(store, input);
    await stock(store, [kettle!], 5);
    const browser = new Browser(store);
    await browser.form('/cart/add', { variantId: kettle!, quantity: '1' }, null);
    await browser.form('/cart/add', { variantId: sizes.s, quantity: '1' }, null);
    await saveTestProduct(store, { ...input, status: 'archived' });

    const page = await browser.page('/cart');
    const seen = text(page.body);
    assert.match(seen, /Old kettle No longer available\. Please remove it from your cart\./);
    assert.match(seen, /Not in the total/);
    assert.match(seen, /Subtotal \$12\.00/);
    assert.doesNotMatch(page.body, /href="\/products\/old-kettle"/);
    const kettleLine = (await browser.cart()).lines.find((l) => l.variantId === kettle)!;
    assert.doesNotMatch(page.body, new RegExp(`id="quantity-${kettleLine.id}"`));
    assert.match(page.body, new RegExp(`action="/cart/lines/${kettleLine.id}/remove"`));
  });

  it('escapes what it prints', async () => {
    const [odd] = await saveTestProduct(store, productInput('odd-name', [{ options: [], priceMinor: 100 }], { title: '<img src=x onerror=alert(1)> & "Co"' }));
    await stock(store, [odd!], 5);
    const browser = new Browser(store);
    await browser.form('/cart/add', { variantId: odd!, quantity: '1' }, null);
    const page = await browser.page('/cart');
    assert.doesNotMatch(page.body, /<img src=x/);
    assert.match(page.body, /&lt;img src=x onerror=alert\(1\)>/);
  });
});

describe('cart cookie on an https store', () => {
  let store: TestStore;
  before(async () => {
    store = await createTestStore({ env: { BASE_URL: 'https://shop.example' } });
  });
  after(() => store.close());

  it('is Secure', async () => {
    const [id] = await saveTestProduct(store, productInput('tin-cup', [{ options: [], priceMinor: 500 }]));
    await stock(store, [id!], 5);
    const added = await new Browser(store).api('POST', '/api/v1/cart/lines', { variantId: id, quantity: 1 });
    assert.equal(added.statusCode, 201);
    const cookie = ([] as string[]).concat(added.headers['set-cookie'] as string[]).find((c) => c.startsWith('cart='))!;
    assert.match(cookie, /; Secure/);
    assert.match(cookie, /HttpOnly/);
  });
});
