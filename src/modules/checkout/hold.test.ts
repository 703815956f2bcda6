// Holding a cart at the start of checkout, through the real HTTP API on a listening socket,
// so concurrent buyers really race (on PostgreSQL, each on its own pooled connection).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { productInput, saveTestProduct, setTestStock } from '../../testing/catalog.ts';
import { setTestPolicy, stockFigures } from '../../testing/inventory.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';

describe('checkout: hold', () => {
  let store: TestStore;
  let base: string;
  let counter = 0;

  before(async () => {
    store = await createTestStore();
    await store.app.listen({ port: 0, host: '127.0.0.1' });
    const address = store.app.server.address();
    assert.ok(address && typeof address === 'object');
    base = `http://127.0.0.1:${address.port}`;
  });
  after(() => store.close());

  async function product(onHand: number): Promise<string> {
    counter++;
    const [variantId] = await saveTestProduct(store, productInput(`race-${counter}`, [{ options: [], priceMinor: 2500 }]));
    await setTestStock(store, [variantId!], onHand);
    return variantId!;
  }

  /** A buyer: their own cart (cookie) with `quantity` of the variant in it. */
  async function buyer(variantId: string, quantity: number): Promise<string> {
    const response = await fetch(`${base}/api/v1/cart/lines`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ variantId, quantity }),
    });
    assert.equal(response.status, 201, await response.clone().text());
    const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');
    assert.ok(cookie.includes('cart='));
    return cookie;
  }

  function hold(cookie: string, method = 'POST') {
    return fetch(`${base}/api/v1/checkout/hold`, { method, headers: { cookie, accept: 'application/json' } });
  }

  describe('the race for the last units', () => {
    for (const quantity of [1, 3]) {
      it(`gives 10 units to exactly as many of 50 concurrent buyers of ${quantity} as they cover`, async () => {
        const variantId = await product(10);
        const cookies = await Promise.all(Array.from({ length: 50 }, () => buyer(variantId, quantity)));
        const responses = await Promise.all(cookies.map((cookie) => hold(cookie)));
        const bodies = await Promise.all(responses.map((r) => r.json() as Promise<Record<string, unknown>>));
        const won = responses.filter((r) => r.status === 200).length;
        const winners = Math.floor(10 / quantity);
        assert.equal(won, winners);
        const refused = bodies.filter((_, i) => responses[i]!.status === 409);
        assert.equal(refused.length, 50 - winners, 'everyone else is refused');
        for (const body of refused) {
          assert.equal(body.type, '/problems/insufficient-stock');
          const [line] = body.lines as { available: number; message: string; alternatives: { lowerQuantity: number | null; notifyMeUrl: string } }[];
          // What is left is less than they asked for: all of it is offered, or they are told it is gone.
          const left = 10 - winners * quantity;
          assert.equal(line!.available, left);
          assert.equal(line!.message, left === 0 ? 'Sold out' : `Only ${left} available`);
          assert.equal(line!.alternatives.lowerQuantity, left === 0 ? null : left);
          assert.match(line!.alternatives.notifyMeUrl, /^\/products\/race-\d+\?variant=.*#notify$/);
        }
        const { level, ledger } = await stockFigures(store, variantId);
        assert.deepEqual(level, { onHand: 10, reserved: winners * quantity });
        assert.deepEqual(ledger, level, 'the ledger explains the level');
      });
    }
  });

  describe('checkout hold API', () => {
    it('answers each line with its delivery promise, extends and releases the hold', async () => {
      const variantId = await product(5);
      const cookie = await buyer(variantId, 2);
      const started = await hold(cookie);
      assert.equal(started.status, 200);
      const body = (await started.json()) as { expiresAt: string; lines: { held: number; promise: { state: string; label: string } }[]; shipping: { country: string | null } };
      assert.equal(body.lines[0]!.held, 2);
      assert.match(body.lines[0]!.promise.label, /^In stock — /);
      const read = await hold(cookie, 'GET');
      assert.equal(read.status, 200);
      const kept = await fetch(`${base}/api/v1/checkout/hold/keep`, { method: 'POST', headers: { cookie } });
      assert.equal(kept.status, 200);
      const left = await hold(cookie, 'DELETE');
      assert.equal(left.status, 204);
      assert.deepEqual((await stockFigures(store, variantId)).level, { onHand: 5, reserved: 0 });
      const gone = await hold(cookie, 'GET');
      assert.equal(gone.status, 409);
      assert.equal(((await gone.json()) as { type: string }).type, '/problems/hold-ended');
    });

    it('holds a backorder beyond stock and dates it before payment', async () => {
      const variantId = await product(1);
      await setTestPolicy(store, variantId, { policy: 'backorder', leadTimeDays: 10 });
      const cookie = await buyer(variantId, 3);
      const started = await hold(cookie);
      assert.equal(started.status, 200);
      const body = (await started.json()) as { lines: { held: number; backordered: number; promise: { state: string; label: string } }[] };
      assert.deepEqual([body.lines[0]!.held, body.lines[0]!.backordered], [3, 2]);
      assert.equal(body.lines[0]!.promise.state, 'backorder');
      assert.match(body.lines[0]!.promise.label, /^Backordered — ships around /);
    });

    it('refuses an empty cart and a visitor without one', async () => {
      const none = await fetch(`${base}/api/v1/checkout/hold`, { method: 'POST', headers: { accept: 'application/json' } });
      assert.equal(none.status, 409);
      assert.equal(((await none.json()) as { type: string }).type, '/problems/empty-cart');
    });
  });
});
