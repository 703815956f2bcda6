// What checkout works out from the database alone: the methods to the address with their
// prices and dates, tax per line (added or contained), totals, and whether the order can be
// placed. Prices, quantities and totals sent by the browser are never read.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../platform/clock.ts';
import { Browser, createStaff, formFields } from '../../testing/admin.ts';
import { productInput, saveTestProduct, setTestStock } from '../../testing/catalog.ts';
import { releaseExpiredHolds } from '../../testing/inventory.ts';
import type { TestStore } from '../../testing/store.ts';
import { checkoutHolder, getCart } from '../cart/index.ts';
import { loadDraft } from './draft/drafts.ts';
import { checkoutStore, heldShopper, islandProps, NEW_YORK, sellable, text } from './draft/test-support.ts';
import { verifyPlaceOrderToken } from './place/token.ts';
import { checkoutSummary } from './summary.ts';

describe('checkout: summary', () => {
  // Monday 23 November 2026, 10:00 in New York.
  const clock = fixedClock('2026-11-23T15:00:00Z');
  let store: TestStore;
  let teapot: string;

  before(async () => {
    store = await checkoutStore(clock);
    teapot = await sellable(store, 4000);
  });
  after(() => store.close());

  const GB = { ...NEW_YORK, city: 'London', region: '', postalCode: 'SW1A 1AA', country: 'GB' };
  const ONTARIO = { ...NEW_YORK, city: 'Ottawa', region: 'ON', postalCode: 'K1A 0B1', country: 'CA' };

  describe('shipping methods', () => {
    it('offers the cheapest by default with each method’s price and dates, keeps a choice that is offered', async () => {
      const shopper = await heldShopper(store, [[teapot, 1]]);
      const checkout = await shopper.checkout();
      assert.deepEqual(
        checkout.methods.map((m) => [m.name, m.price, m.arrives?.replace(/\s/g, ' ')]),
        [
          ['Standard', '$5.99', 'Mon, Nov 30 – Wed, Dec 2'],
          ['Express', '$14.99', 'Wed, Nov 25 – Fri, Nov 27'],
        ],
      );
      assert.equal(checkout.methodId, checkout.methods[0]!.id);
      const express = checkout.methods[1]!.id;
      const chosen = (await shopper.save({ ...NEW_YORK, method: express })).json();
      assert.equal(chosen.methodId, express);
      assert.equal(chosen.amounts.shippingMinor, 1499);
      assert.match(text((await shopper.page('/checkout')).body), /Standard — \$5\.99 — arrives Mon, Nov 30 – Wed, Dec 2 Express — \$14\.99 — arrives Wed, Nov 25 – Fri, Nov 27/);

      // Express does not reach Canada: the cheapest method that does is taken, no questions asked.
      const abroad = (await shopper.save(ONTARIO)).json();
      assert.deepEqual(abroad.methods.map((m: { name: string }) => m.name), ['International']);
      assert.equal(abroad.methodId, abroad.methods[0].id);
      assert.equal(abroad.amounts.shippingMinor, 2499);
      assert.deepEqual(abroad.errors, []);
    });

    it('ships free over the method’s threshold', async () => {
      const shopper = await heldShopper(store, [[teapot, 2]]);
      const checkout = (await shopper.save(NEW_YORK)).json();
      assert.equal(checkout.methods[0].price, 'Free');
      assert.equal(checkout.amounts.shippingMinor, 0);
      assert.equal(checkout.totals.shipping, 'Free');
    });
  });

  describe('tax and totals', () => {
    it('adds the state’s tax, none where a state has no rate, and waits for the state before saying', async () => {
      const shopper = await heldShopper(store, [[teapot, 1]]);
      const pending = (await shopper.save({ ...NEW_YORK, region: '' })).json();
      assert.deepEqual(pending.totals.tax, { label: 'Tax', amount: null, included: false });
      assert.equal(pending.amounts.totalMinor, 4599);
      assert.match(text((await shopper.page('/checkout')).body), /Tax — Total \$45\.99 Tax is added once you have entered your address/);

      const oregon = (await shopper.save({ region: 'OR', postalCode: '97201' })).json();
      assert.deepEqual(oregon.totals.tax, { label: 'Tax', amount: '$0.00', included: false });
      assert.equal(oregon.amounts.totalMinor, 4599);

      // California taxes the goods, not the shipping: 4000 × 7.25 % = 290.
      const california = (await shopper.save({ region: 'CA', postalCode: '94103' })).json();
      assert.deepEqual([california.amounts.taxMinor, california.amounts.totalMinor], [290, 4889]);
      assert.match(text((await shopper.page('/checkout')).body), /Subtotal \$40\.00 Shipping \(Standard\) \$5\.99 Sales tax \$2\.90 Total \$48\.89/);
    });

    it('charges a province’s HST on goods and shipping', async () => {
      const shopper = await heldShopper(store, [[teapot, 1]]);
      const checkout = (await shopper.save(ONTARIO)).json();
      // 13 %: 4000 → 520, 2499 → 324.87 → 325.
      assert.deepEqual(checkout.amounts, { currency: 'USD', subtotalMinor: 4000, shippingMinor: 2499, taxMinor: 845, totalMinor: 7344, pricesIncludeTax: false });
      assert.equal(checkout.totals.tax!.label, 'HST');
    });

    it('works VAT out of prices that include it, rounding half to even', async () => {
      const admin = new Browser(store);
      await admin.signIn(await createStaff(store, 'admin'));
      assert.equal((await admin.post('/admin/tax/settings', { pricesIncludeTax: 'yes' })).statusCode, 303);
      try {
        const shopper = await heldShopper(store, [[teapot, 1]]);
        const checkout = (await shopper.save(GB)).json();
        // 20 % included: 4000 / 6 = 666.67 → 667; shipping 2499 / 6 = 416.5 → 416 (the even neighbour).
        assert.deepEqual(checkout.amounts, { currency: 'USD', subtotalMinor: 4000, shippingMinor: 2499, taxMinor: 1083, totalMinor: 6499, pricesIncludeTax: true });
        assert.deepEqual(checkout.totals.tax, { label: 'VAT', amount: '$10.83', included: true });
        assert.match(text((await shopper.page('/checkout')).body), /Total \$64\.99 incl\. VAT \$10\.83/);
      } finally {
        await admin.post('/admin/tax/settings', {});
      }
    });

    it('charges no tax on an item the merchant marked not taxable', async () => {
      const input = productInput('gift-card-summary', [{ options: [], priceMinor: 2500 }], { title: 'Gift card' });
      input.variants[0]!.taxable = false;
      const [giftCard] = await saveTestProduct(store, input);
      await setTestStock(store, [giftCard!], 50);
      const shopper = await heldShopper(store, [
        [teapot, 1],
        [giftCard!, 1],
      ]);
      const cartId = verifyPlaceOrderToken(store.platform, (await shopper.checkout()).orderToken)!.cartId;
      await shopper.save({ ...NEW_YORK, region: 'CA', postalCode: '94103' });
      const db = store.platform.database.db;
      const summary = await checkoutSummary(store.platform, { cart: await getCart(db, cartId), draft: await loadDraft(db, cartId), holder: checkoutHolder(cartId) });
      assert.deepEqual(
        summary.lines.map((l) => [l.line.product?.title, l.lineTotalMinor, l.taxMinor]).sort(),
        [
          ['Gift card', 2500, 0],
          ['Teapot', 4000, 290],
        ],
      );
      assert.deepEqual([summary.subtotalMinor, summary.shippingMinor, summary.taxMinor, summary.totalMinor], [6500, 599, 290, 7389]);
      assert.equal(summary.readyToPlace, true);
    });

    it('ignores prices, quantities and totals sent with the form', async () => {
      const shopper = await heldShopper(store, [[teapot, 1]]);
      const page = await shopper.page('/checkout');
      const fields = formFields(page.body, '/checkout/details');
      for (const [name, value] of Object.entries(NEW_YORK)) fields.set(name, value);
      for (const [name, value] of Object.entries({ subtotal: '1', total: '0.01', unitPriceMinor: '1', price: '1', quantity: '99', taxMinor: '0', shippingMinor: '0' })) fields.set(name, value);
      assert.equal((await shopper.form('/checkout/details', Object.fromEntries(fields))).statusCode, 303);
      const checkout = await shopper.checkout();
      assert.deepEqual(checkout.amounts, { currency: 'USD', subtotalMinor: 4000, shippingMinor: 599, taxMinor: 184, totalMinor: 4783, pricesIncludeTax: false });
      assert.equal(islandProps((await shopper.page('/checkout')).body).state.totals.total, '$47.83');
    });
  });

  describe('ready to place', () => {
    it('is ready with every detail right and the items held, and says why not once the hold ran out', async () => {
      const shopper = await heldShopper(store, [[teapot, 1]]);
      const empty = await shopper.checkout();
      assert.equal(empty.readyToPlace, false);
      assert.match(text((await shopper.page('/checkout')).body), /Before you place your order: Complete your details above\./);
      const ready = (await shopper.save(NEW_YORK)).json();
      assert.equal(ready.readyToPlace, true);
      assert.deepEqual(ready.problems, []);
      assert.doesNotMatch(text((await shopper.page('/checkout')).body), /Before you place your order/);

      clock.advance(16 * 60_000);
      await releaseExpiredHolds(store);
      const ended = await shopper.checkout();
      assert.equal(ended.readyToPlace, false);
      assert.deepEqual(ended.problems, ['Your hold on these items ended: hold them again to continue.']);
    });
  });
});
