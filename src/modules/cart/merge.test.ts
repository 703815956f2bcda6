import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { carts } from './schema.ts';
import { Browser, productInput, saveTestProduct, shirt, stock } from './test-support.ts';

const PASSWORD = 'correct horse battery';

async function signUp(browser: Browser, email: string) {
  const response = await browser.api('POST', '/api/v1/auth/sign-up', { email, name: 'Cara Cart', password: PASSWORD });
  assert.equal(response.statusCode, 201, response.body);
}

async function signIn(browser: Browser, email: string) {
  const response = await browser.api('POST', '/api/v1/auth/sign-in', { email, password: PASSWORD });
  assert.equal(response.statusCode, 200, response.body);
}

const quantities = (cart: { lines: { variantId: string; quantity: number }[] }) =>
  Object.fromEntries(cart.lines.map((line) => [line.variantId, line.quantity]));

describe('customer carts: one per account, merged on sign-in', () => {
  let store: TestStore;
  let sizes: { s: string; m: string; l: string };
  before(async () => {
    store = await createTestStore();
    sizes = await shirt(store);
    await stock(store, [sizes.s, sizes.m, sizes.l], 200);
  });
  after(() => store.close());

  async function cartRow(id: string) {
    const [row] = await store.platform.database.db.select().from(carts).where(eq(carts.id, id));
    return row;
  }

  it('shows a signed-in customer the same cart on every device', async () => {
    const laptop = new Browser(store);
    await signUp(laptop, 'two.devices@example.com');
    const added = await laptop.api('POST', '/api/v1/cart/lines', { variantId: sizes.s, quantity: 2 });
    assert.equal(added.statusCode, 201);
    assert.equal(laptop.cookies.has('cart'), false, 'a customer’s cart needs no cart cookie');
    assert.ok((await cartRow(added.json().id))!.customerId);

    const phone = new Browser(store);
    await signIn(phone, 'two.devices@example.com');
    const onPhone = await phone.cart();
    assert.equal(onPhone.id, added.json().id);
    assert.deepEqual(quantities(onPhone), { [sizes.s]: 2 });

    await phone.api('POST', '/api/v1/cart/lines', { variantId: sizes.m, quantity: 1 });
    assert.deepEqual(quantities(await laptop.cart()), { [sizes.s]: 2, [sizes.m]: 1 });
    assert.deepEqual((await laptop.api('GET', '/api/v1/cart/summary')).json(), { itemCount: 3 });

    // Signed out, the browser is a guest again with no cart; the account keeps its cart.
    await phone.api('POST', '/api/v1/auth/sign-out');
    assert.equal((await phone.cart()).id, null);
    assert.deepEqual(quantities(await laptop.cart()), { [sizes.s]: 2, [sizes.m]: 1 });
  });

  it('merges the guest cart on the next cart access after signing in, summing quantities', async () => {
    const laptop = new Browser(store);
    await signUp(laptop, 'merge.me@example.com');
    await laptop.api('POST', '/api/v1/cart/lines', { variantId: sizes.s, quantity: 3 });
    await laptop.api('POST', '/api/v1/cart/lines', { variantId: sizes.m, quantity: 98 });
    await laptop.api('POST', '/api/v1/auth/sign-out');

    const guest = new Browser(store);
    const guestCart = (await guest.api('POST', '/api/v1/cart/lines', { variantId: sizes.s, quantity: 2 })).json();
    await guest.api('POST', '/api/v1/cart/lines', { variantId: sizes.m, quantity: 5 });
    await guest.api('POST', '/api/v1/cart/lines', { variantId: sizes.l, quantity: 1 });
    const guestToken = guest.cookies.get('cart')!;

    await signIn(guest, 'merge.me@example.com');
    const summary = await guest.api('GET', '/api/v1/cart/summary');
    assert.deepEqual(summary.json(), { itemCount: 5 + 99 + 1 });
    assert.equal(guest.cookies.has('cart'), false, 'the guest cookie is cleared');
    assert.equal((await cartRow(guestCart.id))!.state, 'merged');

    const merged = await guest.cart();
    assert.notEqual(merged.id, guestCart.id);
    assert.deepEqual(quantities(merged), { [sizes.s]: 5, [sizes.m]: 99, [sizes.l]: 1 }, 'summed, capped at 99 per line');
    assert.deepEqual(quantities(await laptop.cart()), {}, 'the signed-out laptop is a guest');
    await signIn(laptop, 'merge.me@example.com');
    assert.equal((await laptop.cart()).id, merged.id, 'the other device sees the merged cart');

    // The old cookie, replayed, merges nothing twice.
    const replay = new Browser(store);
    for (const [name, value] of guest.cookies) replay.cookies.set(name, value);
    replay.cookies.set('cart', guestToken);
    assert.deepEqual(quantities(await replay.cart()), quantities(merged));
  });

  it('keeps the price first seen when the same item is in both carts', async () => {
    const input = productInput('oak-board', [{ options: [], priceMinor: 2000 }]);
    const [board] = await saveTestProduct(store, input);
    await stock(store, [board!], 50);
    const customer = new Browser(store);
    await signUp(customer, 'early.price@example.com');
    await customer.api('POST', '/api/v1/cart/lines', { variantId: board, quantity: 1 });
    await customer.api('POST', '/api/v1/auth/sign-out');

    await saveTestProduct(store, { ...input, variants: [{ ...input.variants[0]!, priceMinor: 2600 }] });
    const guest = new Browser(store);
    await guest.api('POST', '/api/v1/cart/lines', { variantId: board, quantity: 2 });
    await signIn(guest, 'early.price@example.com');
    const [line] = (await guest.cart()).lines;
    assert.equal(line!.quantity, 3);
    assert.equal(line!.unitPrice.amount, 2000);
    assert.equal(line!.priceChanged, true);
  });

  it('turns a guest cart into the customer’s cart when the account had none', async () => {
    const guest = new Browser(store);
    await guest.api('POST', '/api/v1/cart/lines', { variantId: sizes.l, quantity: 4 });
    await signUp(guest, 'fresh.account@example.com');
    const page = await guest.page('/cart');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Linen shirt/);
    assert.equal(guest.cookies.has('cart'), false);
    const cart = await guest.cart();
    assert.deepEqual(quantities(cart), { [sizes.l]: 4 });
    assert.ok((await cartRow(cart.id!))!.customerId);
  });

  it('merges once when several requests arrive together right after sign-in', async () => {
    const customer = new Browser(store);
    await signUp(customer, 'busy.header@example.com');
    await customer.api('POST', '/api/v1/cart/lines', { variantId: sizes.s, quantity: 1 });
    await customer.api('POST', '/api/v1/auth/sign-out');
    const guest = new Browser(store);
    await guest.api('POST', '/api/v1/cart/lines', { variantId: sizes.s, quantity: 2 });
    await guest.api('POST', '/api/v1/cart/lines', { variantId: sizes.m, quantity: 1 });
    await signIn(guest, 'busy.header@example.com');

    const answers = await Promise.all([
      guest.api('GET', '/api/v1/cart/summary'),
      guest.api('GET', '/api/v1/cart'),
      guest.page('/cart'),
      guest.api('GET', '/api/v1/cart/summary'),
      guest.api('POST', '/api/v1/cart/lines', { variantId: sizes.l, quantity: 1 }),
    ]);
    for (const answer of answers) assert.ok(answer.statusCode < 300, `${answer.statusCode} ${answer.body.slice(0, 200)}`);
    assert.deepEqual(quantities(await guest.cart()), { [sizes.s]: 3, [sizes.m]: 1, [sizes.l]: 1 });
    const active = await store.platform.database.db.select().from(carts).where(eq(carts.state, 'active'));
    const customerIds = active.map((c) => c.customerId).filter(Boolean);
    assert.equal(new Set(customerIds).size, customerIds.length, 'one active cart per customer');
  });
});
