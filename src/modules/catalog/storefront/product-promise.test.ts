import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../../platform/clock.ts';
import { productInput, saveTestProduct, setTestStock } from '../../../testing/catalog.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { ensureDemoShipping } from '../../shipping/index.ts';

// 10:00 in New York on Monday 23 November 2026; Thanksgiving is on Thursday.
const MONDAY_MORNING = '2026-11-23T15:00:00Z';

/** ICU sets the dash of a date range between thin spaces; plain ones keep the tests readable. */
const plain = (html: string) => html.replaceAll('\u2009', ' ');
/** The delivery promise the server rendered in the buy box. */
const promiseOf = (html: string) => /data-slot="delivery-promise"[^>]*><p class="delivery-promise__headline"><span[^>]*><\/span>([^<]*)<\/p>/.exec(plain(html))?.[1];
const addButton = (html: string) => /<button class="button button--primary add-to-cart__button" type="submit"( disabled)?>([^<]*)<\/button>/.exec(html);

describe('the product page promises delivery dates (no JavaScript needed)', () => {
  let store: TestStore;
  let small: string;
  let large: string;
  let tall: string;
  before(async () => {
    store = await createTestStore({ clock: fixedClock(MONDAY_MORNING) });
    await ensureDemoShipping(store.platform);
    [small, large, tall] = (await saveTestProduct(
      store,
      productInput('oak-bench', [
        { options: ['Small'], priceMinor: 12000 },
        { options: ['Large'], priceMinor: 15000 },
        { options: ['Tall'], priceMinor: 16000 },
      ]),
    )) as [string, string, string];
    await setTestStock(store, [small], 10);
    await setTestStock(store, [large], 0, 'backorder');
    await setTestStock(store, [tall], 0);
  });
  after(() => store.close());

  const page = (url: string) => store.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });

  it('says when an item in stock arrives, and for which method and destination', async () => {
    const { body } = await page('/products/oak-bench');
    assert.equal(promiseOf(body), 'In stock — arrives Mon, Nov 30 – Wed, Dec 2');
    assert.match(body, /<p class="delivery-promise__detail">Dates for Standard to United States<\/p>/);
    assert.deepEqual(addButton(body)?.slice(1), [undefined, 'Add to cart']);
    assert.doesNotMatch(body, /action="\/stock-alerts"/, 'nothing to wait for');
    // The island gets every variant's promise, so choosing another one needs no request.
    assert.match(plain(body), /Backordered — ships around Wed, Dec 9, arrives Mon, Dec 14 – Wed, Dec 16/);
    assert.match(body, /<script type="module" src="\/assets\/product-buy-box-[A-Z0-9]+\.js"><\/script>/);
  });

  it('says when a backordered item ships and arrives, and offers to email when it is back', async () => {
    const { body } = await page(`/products/oak-bench?variant=${large}`);
    assert.equal(promiseOf(body), 'Backordered — ships around Wed, Dec 9, arrives Mon, Dec 14 – Wed, Dec 16');
    assert.deepEqual(addButton(body)?.slice(1), [undefined, 'Add to cart'], 'a backorder can be ordered');
    assert.match(body, /<form class="stock-alert__form" method="post" action="\/stock-alerts">/);
    assert.match(body, new RegExp(`<input type="hidden" name="variantId" value="${large}"/><label for="stock-alert-email">Email</label>`));
    assert.match(body, /<input class="input" id="stock-alert-email" type="email" name="email" autocomplete="email" maxlength="254" required/);
  });

  it('says a sold-out item is sold out, disables adding it and offers to email when it is back', async () => {
    const { body } = await page(`/products/oak-bench?variant=${tall}`);
    assert.equal(promiseOf(body), 'Sold out');
    assert.deepEqual(addButton(body)?.slice(1), [' disabled', 'Sold out']);
    assert.match(body, /<h2 class="stock-alert__title" id="stock-alert-title">Email me when it’s back<\/h2>/);
  });

  it('follows stock changes: the cached page is rendered again', async () => {
    await setTestStock(store, [small], 2);
    assert.equal(promiseOf((await page('/products/oak-bench')).body), 'Only 2 left — arrives Mon, Nov 30 – Wed, Dec 2');
    await setTestStock(store, [small], 10);
  });

  it('sends a notify-me request from the page’s form as the page is cached: checked by origin', async () => {
    const response = await store.app.inject({
      method: 'POST',
      url: '/stock-alerts',
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      payload: new URLSearchParams({ variantId: tall, email: 'eve@example.com' }).toString(),
    });
    assert.equal(response.statusCode, 303, response.body);
  });
});
