import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { handledEvents } from '../../../platform/events/schema.ts';
import { newId } from '../../../platform/ids.ts';
import { TestBrowser } from '../../../testing/browser.ts';
import { productInput, saveTestProduct, setTestStock } from '../../../testing/catalog.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { changeStock } from '../adjust.ts';
import { stockBackInStock, stockChanged } from '../events.ts';
import { backInStockRequests } from '../schema.ts';
import { defaultLocationId } from '../stock.ts';

/** A form sent from one of our pages (same origin; product pages carry no per-visitor token). */
const form = (browser: TestBrowser, url: string, fields: Record<string, string>) =>
  browser.request({
    method: 'POST',
    url,
    headers: {
      accept: 'text/html',
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'same-origin',
    },
    payload: new URLSearchParams(fields).toString(),
  });

/** The page's text without tags, spaces collapsed: what a reader sees. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/\s+/g, ' ');

describe('email me when it is back', () => {
  let store: TestStore;
  let sizes: string[];
  before(async () => {
    store = await createTestStore({ worker: true });
    sizes = await saveTestProduct(
      store,
      productInput(
        'wool-scarf',
        ['XS', 'S', 'M', 'L', 'XL', 'XXL'].map((size) => ({ options: [size], priceMinor: 2500 })),
      ),
    );
    await setTestStock(store, sizes, 0);
  });
  after(() => store.close());

  const db = () => store.platform.database.db;
  const requestsFor = (email: string) =>
    db().select().from(backInStockRequests).where(eq(backInStockRequests.email, email));
  const json = (body: object) =>
    new TestBrowser(store).request({
      method: 'POST',
      url: '/api/v1/stock-alerts',
      headers: { accept: 'application/json' },
      payload: body,
    });

  /** Changes stock and waits until the back-in-stock handler has dealt with that change. */
  async function restock(variantId: string, onHand: number) {
    await store.platform.database.transaction(async (tx) =>
      changeStock(
        store.platform,
        tx,
        [{ variantId, locationId: await defaultLocationId(tx), set: onHand, reason: 'count' }],
        'test',
        'restock',
      ),
    );
    const events = await store.platform.events.history(db(), stockChanged.name, 1000);
    const last = events.at(-1)!;
    for (let i = 0; i < 200; i++) {
      const [handled] = await db()
        .select()
        .from(handledEvents)
        .where(
          and(
            eq(handledEvents.eventId, last.id),
            eq(handledEvents.handler, 'inventory.back-in-stock'),
          ),
        );
      if (handled) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the back-in-stock handler did not run within 10 s');
  }

  it('takes the request from the product page form (no JavaScript) and thanks without saying whether the address was known', async () => {
    const browser = new TestBrowser(store);
    const first = await form(browser, '/stock-alerts', { variantId: sizes[0]!, email: '  Ann@Example.com ' });
    assert.equal(first.statusCode, 303, first.body);
    assert.equal(first.headers.location, `/stock-alerts/thanks?variant=${sizes[0]}`);
    const again = await form(browser, '/stock-alerts', { variantId: sizes[0]!, email: 'ann@example.com' });
    assert.equal(
      again.headers.location,
      first.headers.location,
      'asking again is answered the same',
    );
    const rows = await requestsFor('ann@example.com');
    assert.equal(rows.length, 1, 'one open request per item and address');
    assert.equal(rows[0]!.notifiedAt, null);

    const thanks = await browser.request({
      method: 'GET',
      url: first.headers.location!,
      headers: { accept: 'text/html' },
    });
    assert.equal(thanks.statusCode, 200);
    assert.match(
      text(thanks.body),
      /We will send one email to the address you gave as soon as Wool scarf — XS is back in stock\. Asking again changes nothing/,
    );
    assert.doesNotMatch(thanks.body, /ann@example\.com/i, 'the address is not repeated back');
    assert.match(thanks.body, new RegExp(`href="/products/wool-scarf\\?variant=${sizes[0]}"`));
  });

  it('refuses a form from another site', async () => {
    const response = await new TestBrowser(store).request({
      method: 'POST',
      url: '/stock-alerts',
      headers: {
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'cross-site',
      },
      payload: `variantId=${sizes[1]}&email=mallory%40example.com`,
    });
    assert.equal(response.statusCode, 403);
    assert.equal((await requestsFor('mallory@example.com')).length, 0);
  });

  it('explains a bad address next to the field, keeping what was typed', async () => {
    const browser = new TestBrowser(store);
    const response = await form(browser, '/stock-alerts', { variantId: sizes[1]!, email: 'not an address' });
    assert.equal(response.statusCode, 400);
    assert.match(
      response.body,
      /<input class="input" id="field-email" name="email" type="email" value="not an address" autocomplete="email" required maxlength="254" aria-invalid="true"/,
    );
    assert.match(text(response.body), /Error: Enter an email address like name@example\.com\./);
    assert.match(response.body, new RegExp(`name="variantId" value="${sizes[1]}"`));
  });

  it('answers JSON the same way, and refuses what it cannot take', async () => {
    const recorded = await json({ variantId: sizes[1], email: 'bo@example.com' });
    assert.equal(recorded.statusCode, 202, recorded.body);
    assert.equal(recorded.json().status, 'recorded');
    assert.deepEqual(
      (await json({ variantId: sizes[1], email: 'BO@example.com' })).json(),
      recorded.json(),
    );

    const badEmail = await json({ variantId: sizes[1], email: 'bo@' });
    assert.equal(badEmail.statusCode, 400);
    assert.equal(badEmail.json().type, '/problems/invalid-email');
    assert.equal(
      (await json({ variantId: newId(), email: 'bo@example.com' })).json().type,
      '/problems/unknown-variant',
    );
    assert.equal((await json({ variantId: 'nope', email: 'bo@example.com' })).statusCode, 400);

    await setTestStock(store, [sizes[5]!], 3);
    const inStock = await json({ variantId: sizes[5], email: 'bo@example.com' });
    assert.equal(inStock.statusCode, 409);
    assert.equal(inStock.json().type, '/problems/in-stock');
    await setTestStock(store, [sizes[5]!], 0);
  });

  it('takes at most five new requests a minute from one address', async () => {
    for (const variantId of sizes.slice(0, 5))
      assert.equal((await json({ variantId, email: 'cy@example.com' })).statusCode, 202);
    const sixth = await json({ variantId: sizes[5], email: 'cy@example.com' });
    assert.equal(sixth.statusCode, 429);
    assert.equal(sixth.headers['retry-after'], '60');
    assert.equal(
      (await json({ variantId: sizes[0], email: 'cy@example.com' })).statusCode,
      202,
      'asking again for the same item is still answered',
    );
  });

  it('answers each request once when the item is back in stock, and announces it for its email', async () => {
    const variantId = sizes[2]!;
    assert.equal((await json({ variantId, email: 'dee@example.com' })).statusCode, 202);
    const announcedFor = async () =>
      (await store.platform.events.history(db(), stockBackInStock.name)).filter(
        (e) => e.payload.variantId === variantId,
      );
    await restock(variantId, 0);
    assert.equal((await announcedFor()).length, 0, 'still sold out: nothing announced');

    await restock(variantId, 5);
    const [request] = await requestsFor('dee@example.com');
    assert.ok(request!.notifiedAt, 'the request is answered');
    const [cy] = (await requestsFor('cy@example.com')).filter((r) => r.variantId === variantId);
    assert.ok(cy!.notifiedAt, 'everyone waiting for it is answered');
    const announced = await announcedFor();
    assert.equal(announced.length, 1, 'announced once');
    assert.deepEqual(
      [...(announced[0]!.payload.requestIds as string[])].sort(),
      [request!.id, cy!.id].sort(),
      'with ids only (the notifications module writes the emails)',
    );

    await restock(variantId, 4);
    await restock(variantId, 9);
    assert.equal((await announcedFor()).length, 1, 'once, however often stock changes');

    // Once answered, the address may ask again for the next time.
    await restock(variantId, 0);
    assert.equal((await json({ variantId, email: 'dee@example.com' })).statusCode, 202);
    const open = (await requestsFor('dee@example.com')).filter((r) => r.notifiedAt === null);
    assert.equal(open.length, 1);
  });
});
