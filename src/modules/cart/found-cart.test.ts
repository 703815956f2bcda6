// A guest's cart found with its lines in one statement: the same lines, in the same order, as
// reading them apart; nothing for a cart that is empty of lines but live, and null for one that
// expired, was checked out or belongs to a customer.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../platform/clock.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { markCartConverted } from './carts.ts';
import { Browser, shirt } from './test-support.ts';
import { cartLinesOf, getCart, guestCartWithLines, readCart } from './view.ts';

const DAY = 86_400_000;

describe('a guest cart with its lines', () => {
  const clock = fixedClock('2030-03-01T12:00:00Z');
  let store: TestStore;
  let sizes: { s: string; m: string; l: string };
  const db = () => store.platform.database.db;

  before(async () => {
    store = await createTestStore({ clock });
    sizes = await shirt(store);
  });
  after(() => store.close());

  async function guestCart(...variantIds: string[]): Promise<{ browser: Browser; id: string }> {
    const browser = new Browser(store);
    let id = '';
    for (const variantId of variantIds) {
      clock.advance(1_000);
      id = (await browser.api('POST', '/api/v1/cart/lines', { variantId, quantity: 2 })).json().id;
    }
    return { browser, id };
  }

  it('reads the cart and its lines in one statement, as reading them apart does', async () => {
    const { id } = await guestCart(sizes.m, sizes.s, sizes.l);
    const found = await guestCartWithLines(db(), id, clock.now());
    assert.ok(found);
    assert.equal(found.id, id);
    assert.deepEqual(found.lines, await cartLinesOf(db(), id));
    assert.ok(found.lines.every((line) => line.quantity === 2 && line.variant?.sku));
    assert.deepEqual(found.lines.map((line) => line.variantId), [sizes.m, sizes.s, sizes.l], 'oldest line first');
    assert.deepEqual(await readCart(db(), id, found.lines), await readCart(db(), id));
    assert.deepEqual(await getCart(db(), id, { stock: false, lines: found.lines }), await getCart(db(), id, { stock: false }));
  });

  it('finds a live cart whose lines were all removed, with no lines', async () => {
    const { browser, id } = await guestCart(sizes.s);
    const [line] = (await browser.cart()).lines;
    assert.equal((await browser.api('DELETE', `/api/v1/cart/lines/${line!.id}`)).statusCode, 200);
    assert.deepEqual(await guestCartWithLines(db(), id, clock.now()), { id, lines: [] });
  });

  it('finds nothing for a cart that expired, was checked out, belongs to a customer or does not exist', async () => {
    const expiring = await guestCart(sizes.s);
    assert.equal(await guestCartWithLines(db(), expiring.id, new Date(clock.now().getTime() + 31 * DAY)), null);

    const converted = await guestCart(sizes.m);
    await store.platform.database.transaction((tx) => markCartConverted(tx, converted.id, clock.now()));
    assert.equal(await guestCartWithLines(db(), converted.id, clock.now()), null);

    const customer = new Browser(store);
    assert.equal((await customer.api('POST', '/api/v1/auth/sign-up', { email: 'lines@example.com', name: 'Lin', password: 'correct horse battery' })).statusCode, 201);
    const customerCart = (await customer.api('POST', '/api/v1/cart/lines', { variantId: sizes.l, quantity: 1 })).json().id as string;
    assert.equal(await guestCartWithLines(db(), customerCart, clock.now()), null);

    assert.equal(await guestCartWithLines(db(), crypto.randomUUID(), clock.now()), null);
  });
});
