import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../platform/clock.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { ensureDemoShipping } from '../shipping/index.ts';
import { Browser, productInput, saveTestProduct, stock } from './test-support.ts';

// 10:00 in New York on Monday 23 November 2026; Thanksgiving is on Thursday.
const MONDAY_MORNING = '2026-11-23T15:00:00Z';

/** The page's text without tags, spaces collapsed: what a reader sees. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('\u2009', ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/\s+/g, ' ');

interface PromiseJson {
  state: string;
  orderable: boolean;
  label: string;
}
interface LineJson {
  id: string;
  variantId: string;
  quantity: number;
  promise: PromiseJson | null;
  alternatives: { quantity: number; promise: PromiseJson }[];
  issues: string[];
}

describe('cart lines say when they arrive', () => {
  let store: TestStore;
  let chair: string;
  let lamp: string;
  let rug: string;
  before(async () => {
    store = await createTestStore({ clock: fixedClock(MONDAY_MORNING) });
    await ensureDemoShipping(store.platform);
    [chair, lamp, rug] = (await saveTestProduct(
      store,
      productInput('reading-nook', [
        { options: ['Chair'], priceMinor: 9000 },
        { options: ['Lamp'], priceMinor: 4000 },
        { options: ['Rug'], priceMinor: 6000 },
      ]),
    )) as [string, string, string];
    await stock(store, [chair], 10);
    await stock(store, [lamp], 0, 'backorder');
    await stock(store, [rug], 10);
  });
  after(() => store.close());

  async function cartWith(lines: [string, number][]) {
    const browser = new Browser(store);
    for (const [variantId, quantity] of lines) assert.equal((await browser.api('POST', '/api/v1/cart/lines', { variantId, quantity })).statusCode, 201);
    return browser;
  }
  const linesOf = async (browser: Browser) => ((await browser.api('GET', '/api/v1/cart')).json() as { lines: LineJson[] }).lines.map((l) => ({ ...l, promise: l.promise && { ...l.promise, label: l.promise.label.replaceAll('\u2009', ' ') } }));

  it('shows each line of a mixed cart with its own dates, for the method and destination named', async () => {
    const browser = await cartWith([
      [chair, 2],
      [lamp, 1],
    ]);
    const page = await browser.page('/cart');
    assert.equal(page.statusCode, 200);
    const seen = text(page.body);
    assert.match(seen, /Size: Chair In stock — arrives Mon, Nov 30 – Wed, Dec 2 /);
    assert.match(seen, /Size: Lamp Backordered — ships around Wed, Dec 9, arrives Mon, Dec 14 – Wed, Dec 16 /);
    assert.match(seen, /Dates for Standard to United States/);
    assert.match(page.body, /<script type="module" src="\/assets\/cart-line-promise-[A-Z0-9]+\.js"><\/script>/, 'the promises follow stock live');
    // A backorder with nothing on the shelf: the shopper may rather wait for stock.
    assert.match(page.body, new RegExp(`<input type="hidden" name="variantId" value="${lamp}"/><label for="stock-alert-[0-9a-f-]+">Email me when it’s back`));

    const lines = await linesOf(browser);
    const chairLine = lines.find((l) => l.variantId === chair);
    const lampLine = lines.find((l) => l.variantId === lamp);
    assert.deepEqual(chairLine!.promise && [chairLine!.promise.state, chairLine!.promise.orderable, chairLine!.promise.label], ['in_stock', true, 'In stock — arrives Mon, Nov 30 – Wed, Dec 2']);
    assert.equal(lampLine!.promise?.state, 'backorder');
    assert.deepEqual(lampLine!.alternatives, []);
  });

  it('offers a quantity that can be ordered when a line wants more than there is, and applies it', async () => {
    const browser = await cartWith([[rug, 5]]);
    await stock(store, [rug], 3);
    try {
      const page = await browser.page('/cart');
      const seen = text(page.body);
      assert.match(seen, /Only 3 available/);
      assert.match(seen, /Only 3 can be ordered now\. Choose a quantity that can, to check out\./);
      assert.match(seen, /Change to 3 of Reading nook Only 3 left — arrives Mon, Nov 30 – Wed, Dec 2/);
      assert.doesNotMatch(page.body, /Email me when it’s back/, 'three are on the shelf: nothing to wait for');

      const [line] = await linesOf(browser);
      assert.deepEqual(line!.issues, ['insufficient-stock']);
      assert.equal(line!.promise?.orderable, false);
      assert.deepEqual(line!.alternatives.map((a) => [a.quantity, a.promise.orderable]), [[3, true]]);

      const lineId = line!.id;
      assert.match(page.body, new RegExp(`<form action="/cart/lines/${lineId}" class="cart-line__alternative" method="post"><input type="hidden" name="_csrf" value="[^"]+"/><input type="hidden" name="quantity" value="3"/>`));
      const changed = await browser.form(`/cart/lines/${lineId}`, { quantity: '3' });
      assert.equal(changed.statusCode, 303);
      const [after] = await linesOf(browser);
      assert.deepEqual([after!.quantity, after!.issues, after!.promise?.orderable], [3, [], true]);
    } finally {
      await stock(store, [rug], 10);
    }
  });

  it('offers the units on the shelf when a backordered line is partly in stock', async () => {
    await stock(store, [lamp], 2, 'backorder');
    try {
      const browser = await cartWith([[lamp, 4]]);
      const [line] = await linesOf(browser);
      assert.equal(line!.promise?.state, 'backorder');
      assert.deepEqual(line!.issues, [], 'a backorder can be ordered as it is');
      assert.deepEqual(line!.alternatives.map((a) => [a.quantity, a.promise.label.replaceAll('\u2009', ' ')]), [[2, 'Only 2 left — arrives Mon, Nov 30 – Wed, Dec 2']]);
      assert.match(text((await browser.page('/cart')).body), /Change to 2 of Reading nook Only 2 left — arrives/);
    } finally {
      await stock(store, [lamp], 0, 'backorder');
    }
  });

  it('says a sold-out line is sold out and offers to email when it is back', async () => {
    const browser = await cartWith([[rug, 1]]);
    await stock(store, [rug], 0);
    try {
      const page = await browser.page('/cart');
      const seen = text(page.body);
      assert.match(seen, /Sold out — remove it to check out, or ask us to email you when it’s back\./);
      assert.match(page.body, /<input class="input" id="stock-alert-[0-9a-f-]+" type="email" name="email" autocomplete="email" maxlength="254" required/);
      const sent = await browser.form('/stock-alerts', { variantId: rug, email: 'fay@example.com' });
      assert.equal(sent.statusCode, 303);
    } finally {
      await stock(store, [rug], 10);
    }
  });
});
