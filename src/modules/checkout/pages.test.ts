// The checkout pages as a shopper meets them: start checkout from the cart, review every
// line's dates before payment, choose where it goes and how, lose the hold, lose the race
// for the last unit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../platform/clock.ts';
import { formFields } from '../../testing/admin.ts';
import { TestBrowser } from '../../testing/browser.ts';
import { productInput, saveTestProduct, setTestStock } from '../../testing/catalog.ts';
import { addTestSupply, releaseExpiredHolds, setTestPolicy } from '../../testing/inventory.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { ensureDemoShipping } from '../shipping/index.ts';

describe('checkout: pages', () => {
  // Monday 23 November 2026, 10:00 in New York (the store's default time zone).
  const clock = fixedClock('2026-11-23T15:00:00Z');
  let store: TestStore;
  let counter = 0;

  before(async () => {
    store = await createTestStore({ clock });
    await ensureDemoShipping(store.platform);
  });
  after(() => store.close());

  const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/\s+/g, ' ');

  async function item(onHand: number, title = 'Teapot'): Promise<string> {
    counter++;
    const [variantId] = await saveTestProduct(store, productInput(`${title.toLowerCase()}-${counter}`, [{ options: [], priceMinor: 4000 }], { title }));
    await setTestStock(store, [variantId!], onHand);
    return variantId!;
  }

  async function shopper(lines: [string, number][]): Promise<TestBrowser> {
    const browser = new TestBrowser(store);
    for (const [variantId, quantity] of lines) assert.equal((await browser.api('POST', '/api/v1/cart/lines', { variantId, quantity })).statusCode, 201);
    await browser.page('/cart');
    return browser;
  }

  describe('the checkout review', () => {
    it('holds the items and shows every line’s dates before payment, a mixed cart with its one-parcel date', async () => {
      const teapot = await item(5, 'Teapot');
      const kettle = await item(0, 'Kettle');
      await setTestPolicy(store, kettle, { policy: 'backorder' });
      const browser = await shopper([
        [teapot, 1],
        [kettle, 2],
      ]);
      await addTestSupply(store, kettle, 10, '2027-01-12');

      const started = await browser.form('/checkout', {});
      assert.equal(started.statusCode, 303);
      assert.equal(started.headers.location, '/checkout');
      const review = await browser.page('/checkout');
      assert.equal(review.statusCode, 200);
      const page = text(review.body);
      assert.match(page, /Checkout .*Contact .*Shipping address .*Shipping method .*Review your items .*Order total .*Place order/);
      assert.match(page, /We’re holding these items for you until 10:15/);
      // Standard shipping, 3–5 business days; the demo calendar keeps Thanksgiving.
      assert.match(page, /Teapot .*In stock — arrives Mon, Nov 30 – Wed, Dec 2/);
      assert.match(page, /Kettle .*Backordered — ships around Wed, Jan 13, arrives Mon, Jan 18 – Wed, Jan 20/);
      assert.match(page, /Your items are ready on different days/);
      assert.match(page, /one parcel when the last one is ready: it arrives Mon, Jan 18 – Wed, Jan 20/);
      assert.match(review.headers['cache-control'] as string, /private/);
    });

    it('shows the dates and price for the destination and method the shopper picks', async () => {
      const teapot = await item(5);
      const browser = await shopper([[teapot, 1]]);
      await browser.form('/checkout', {});
      const review = await browser.page('/checkout');
      const express = /<input type="radio" name="method" value="([^"]+)"[^>]*>\s*<span><span class="checkout-method__name">Express/.exec(review.body)?.[1];
      assert.ok(express, 'the methods to the destination are offered');
      const fields = formFields(review.body, '/checkout/details');
      fields.set('method', express);
      fields.set('intent', 'update');
      const updated = await browser.form('/checkout/details', Object.fromEntries(fields));
      assert.equal(updated.statusCode, 303);
      assert.equal(updated.headers.location, '/checkout#shipping-method');
      const faster = text((await browser.page('/checkout')).body);
      assert.match(faster, /In stock — arrives Wed, Nov 25 – Fri, Nov 27/);
      assert.match(faster, /Shipping \(Express\) \$14\.99/);
      fields.set('country', 'FR');
      await browser.form('/checkout/details', Object.fromEntries(fields));
      const abroad = text((await browser.page('/checkout')).body);
      assert.match(abroad, /Shipping \(International\) \$24\.99/);
    });

    it('says why the shopper is back from placing the order', async () => {
      const teapot = await item(5);
      const browser = await shopper([[teapot, 1]]);
      await browser.form('/checkout', {});
      assert.match(text((await browser.page('/checkout?check=1&notice=rehold#review')).body), /Your hold on the items had ended, so we held them again/);
      const unknown = await browser.page('/checkout?notice=whatever');
      assert.equal(unknown.statusCode, 200);
      assert.doesNotMatch(unknown.body, /alert--warning/);
    });

    it('asks to hold again once the hold ran out, and when the cart changed', async () => {
      const teapot = await item(5);
      const browser = await shopper([[teapot, 1]]);
      await browser.form('/checkout', {});
      clock.advance(16 * 60_000);
      await releaseExpiredHolds(store);
      assert.match(text((await browser.page('/checkout')).body), /Your hold on these items ended/);
      await browser.form('/checkout', {});
      assert.match(text((await browser.page('/checkout')).body), /Review your items/);
      await browser.api('POST', '/api/v1/cart/lines', { variantId: teapot, quantity: 1 });
      assert.match(text((await browser.page('/checkout')).body), /Your cart changed/);
    });

    it('tells the one who lost the race for the last unit what they can do, before any payment', async () => {
      const last = await item(1, 'Lamp');
      const first = await shopper([[last, 1]]);
      const second = await shopper([[last, 1]]);
      assert.equal((await first.form('/checkout', {})).statusCode, 303);
      const lost = await second.form('/checkout', {});
      assert.equal(lost.statusCode, 409);
      const page = text(lost.body);
      assert.match(page, /Sold out while you were shopping/);
      assert.match(page, /Nothing has been charged/);
      assert.match(page, /Email me when it’s back/);
      assert.match(page, /Remove it/);
      // The winner's own cart does not call their held unit sold out.
      const cart = text((await first.page('/cart')).body);
      assert.doesNotMatch(cart, /Sold out/);
    });

    it('offers fewer when some are left', async () => {
      const mugs = await item(3, 'Mug');
      const first = await shopper([[mugs, 2]]);
      const second = await shopper([[mugs, 3]]);
      await first.form('/checkout', {});
      const short = await second.form('/checkout', {});
      assert.match(text(short.body), /Only 1 available/);
      const lineId = /action="\/cart\/lines\/([^"/]+)"/.exec(short.body)?.[1];
      assert.ok(lineId);
      const fewer = await second.form(`/cart/lines/${lineId}`, { quantity: '1' });
      assert.equal(fewer.statusCode, 303);
      assert.equal((await second.form('/checkout', {})).statusCode, 303);
    });

    it('releases the items when the shopper leaves checkout', async () => {
      const teapot = await item(1);
      const browser = await shopper([[teapot, 1]]);
      await browser.form('/checkout', {});
      await browser.page('/checkout');
      assert.equal((await browser.form('/checkout/leave', {})).statusCode, 303);
      const other = await shopper([[teapot, 1]]);
      assert.equal((await other.form('/checkout', {})).statusCode, 303, 'the unit is free again');
    });

    it('sends a visitor without a cart to the cart page', async () => {
      const browser = new TestBrowser(store);
      const response = await browser.page('/checkout');
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/cart');
    });
  });
});
