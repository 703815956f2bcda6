import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eq, inArray } from 'drizzle-orm';
import { fixedClock } from '../../platform/clock.ts';
import { createStore, type Store } from '../../store.ts';
import { copyPgliteTemplate, testDatabase } from '../../testing/database.ts';
import { createTestStore, testConfig, type TestStore } from '../../testing/store.ts';
import { DELETE_EXPIRED_JOB, deleteExpiredGuestCarts } from './expiry.ts';
import { cartLines, carts } from './schema.ts';
import { Browser, shirt } from './test-support.ts';

const DAY = 24 * 3600 * 1000;

describe('a cart survives a restart', () => {
  it('is still there, for a guest and for a customer, after the store stops and starts on the same database', async () => {
    // The real configuration path: an embedded database in DATA_DIR, or a PostgreSQL database by URL.
    const dataDir = mkdtempSync(join(tmpdir(), 'doorstep-cart-restart-'));
    const postgres = process.env.TEST_DATABASE_URL ? await testDatabase() : undefined;
    const config = { ...testConfig({ DATA_DIR: dataDir, ...(postgres ? { DATABASE_URL: postgres.connectionString! } : {}) }), worker: false };
    // The embedded database starts as the migrated test template (migrating from scratch takes far longer).
    if (!postgres) await copyPgliteTemplate(join(dataDir, 'pglite'));
    const open = async () => {
      const store = await createStore(config);
      await store.start();
      return store;
    };
    let store: Store | undefined;
    try {
      store = await open();
      const sizes = await shirt(store);
      const guest = new Browser(store);
      await guest.api('POST', '/api/v1/cart/lines', { variantId: sizes.s, quantity: 2 });
      await guest.api('POST', '/api/v1/cart/lines', { variantId: sizes.l, quantity: 1 });
      const customer = new Browser(store);
      assert.equal((await customer.api('POST', '/api/v1/auth/sign-up', { email: 'stays@example.com', name: 'Stay', password: 'correct horse battery' })).statusCode, 201);
      await customer.api('POST', '/api/v1/cart/lines', { variantId: sizes.m, quantity: 3 });
      const guestBefore = await guest.cart();
      const customerBefore = await customer.cart();
      await store.stop();

      store = await open();
      const guestAfter = new Browser(store);
      const customerAfter = new Browser(store);
      for (const [from, to] of [[guest, guestAfter], [customer, customerAfter]] as const) for (const [k, v] of from.cookies) to.cookies.set(k, v);
      assert.deepEqual(await guestAfter.cart(), guestBefore);
      assert.deepEqual(await customerAfter.cart(), customerBefore);
      assert.equal(guestBefore.itemCount, 3);
      assert.equal(customerBefore.itemCount, 3);
    } finally {
      await store?.stop().catch(() => {});
      await postgres?.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('expired guest carts', () => {
  const clock = fixedClock('2030-01-01T12:00:00Z');
  let store: TestStore;
  before(async () => {
    store = await createTestStore({ clock, worker: true });
  });
  after(() => store.close());

  it('are deleted 30 days after their last change; customers’ carts are kept', async () => {
    const sizes = await shirt(store);
    const idle = new Browser(store);
    const idleCart = (await idle.api('POST', '/api/v1/cart/lines', { variantId: sizes.s, quantity: 1 })).json();
    const busy = new Browser(store);
    const busyCart = (await busy.api('POST', '/api/v1/cart/lines', { variantId: sizes.s, quantity: 1 })).json();
    const customer = new Browser(store);
    assert.equal((await customer.api('POST', '/api/v1/auth/sign-up', { email: 'keeps@example.com', name: 'Kay', password: 'correct horse battery' })).statusCode, 201);
    const customerCart = (await customer.api('POST', '/api/v1/cart/lines', { variantId: sizes.m, quantity: 1 })).json();

    clock.advance(20 * DAY);
    await busy.api('POST', '/api/v1/cart/lines', { variantId: sizes.l, quantity: 1 });
    clock.advance(11 * DAY);

    assert.equal((await idle.cart()).id, null, 'the idle guest’s cookie has expired with its cart');
    const deleted = await deleteExpiredGuestCarts(store.platform.database.db, clock.now());
    assert.equal(deleted, 1);
    const left = await store.platform.database.db.select({ id: carts.id }).from(carts).where(inArray(carts.id, [idleCart.id, busyCart.id, customerCart.id]));
    assert.deepEqual(left.map((c) => c.id).sort(), [busyCart.id, customerCart.id].sort());
    assert.equal((await store.platform.database.db.select().from(cartLines).where(eq(cartLines.cartId, idleCart.id))).length, 0);
    assert.equal((await busy.cart()).itemCount, 2, 'a change keeps the cart 30 more days');
  });

  it('are deleted by the scheduled job', async () => {
    const sizes = await shirt(store, 'cotton-shirt');
    const guest = new Browser(store);
    const cart = (await guest.api('POST', '/api/v1/cart/lines', { variantId: sizes.s, quantity: 1 })).json();
    // The job compares with the store's clock; move it past the cart's 30 days and run the job now.
    clock.advance(31 * DAY);
    await store.platform.database.transaction((tx) => store.platform.jobs.send(tx, DELETE_EXPIRED_JOB, {}));
    for (let i = 0; i < 100; i++) {
      const [row] = await store.platform.database.db.select({ id: carts.id }).from(carts).where(eq(carts.id, cart.id));
      if (!row) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail('the job did not delete the expired cart within 10 s');
  });
});
