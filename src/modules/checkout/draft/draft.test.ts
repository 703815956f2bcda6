// Nothing typed at checkout is lost: the form post and the autosave keep every value (wrong
// ones with their error), a reload or another device shows them again, two tabs cannot undo
// each other's edits, and signing in midway keeps what the guest typed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../../platform/clock.ts';
import { formFields } from '../../../testing/admin.ts';
import type { TestStore } from '../../../testing/store.ts';
import { verifyPlaceOrderToken } from '../place/token.ts';
import { deleteStaleDrafts, loadDraft } from './drafts.ts';
import { checkoutStore, heldShopper, islandProps, NEW_YORK, sellable, Shopper, text } from './test-support.ts';

describe('checkout: draft', () => {
  // Monday 23 November 2026, 10:00 in New York.
  const clock = fixedClock('2026-11-23T15:00:00Z');
  let store: TestStore;
  let teapot: string;

  before(async () => {
    store = await checkoutStore(clock);
    teapot = await sellable(store, 4000);
  });
  after(() => store.close());

  const PASSWORD = 'correct horse battery';
  const cartIdOf = (token: string) => verifyPlaceOrderToken(store.platform, token)!.cartId;

  describe('the checkout form without JavaScript', () => {
    it('keeps every value posted, shows the wrong ones with their error, and leads to the first', async () => {
      const shopper = await heldShopper(store, [[teapot, 1]]);
      const page = await shopper.page('/checkout');
      const fields = formFields(page.body, '/checkout/details');
      const typed = { email: 'ada at example', name: 'Ada Lovelace', line1: '', line2: 'Flat 3', city: 'Albany', region: 'NY', postalCode: '1220', country: 'US', phone: '555 0100' };
      for (const [name, value] of Object.entries(typed)) fields.set(name, value);
      fields.set('intent', 'continue');
      const posted = await shopper.form('/checkout/details', Object.fromEntries(fields));
      assert.equal(posted.statusCode, 303);
      assert.equal(posted.headers.location, '/checkout?check=1#review');

      const shown = await shopper.page('/checkout?check=1');
      assert.equal(shown.statusCode, 200);
      for (const value of ['ada at example', 'Flat 3', 'Albany', '1220', '555 0100']) assert.match(shown.body, new RegExp(`value="${value}"`));
      assert.match(shown.body, /<option value="NY" selected/);
      const page2 = text(shown.body);
      assert.match(page2, /Your details are saved\. Please check these before you place your order: Email: Enter an email address like name@example\.com\. Address line 1: Enter the street address or PO box\. ZIP code: Enter a valid ZIP code, like 94103\./);
      assert.match(shown.body, /id="error-summary" tabindex="-1" autofocus/);
      assert.match(shown.body, /<a href="#field-email">/);
      assert.match(shown.body, /id="field-email"[^>]*aria-invalid="true"[^>]*aria-describedby="field-email-hint field-email-error"/);
      assert.match(shown.body, /id="field-postalCode"[^>]*aria-invalid="true"/);
      assert.doesNotMatch(shown.body, /id="field-city"[^>]*aria-invalid/);

      const cartId = cartIdOf(islandProps(shown.body).state.orderToken);
      const saved = await loadDraft(store.platform.database.db, cartId);
      assert.deepEqual({ ...saved, cartId: undefined, version: undefined, methodId: undefined }, { ...typed, cartId: undefined, version: undefined, methodId: undefined });
    });

    it('gives every field its label, autocomplete and error link, and shows errors only when asked', async () => {
      const shopper = await heldShopper(store, [[teapot, 1]]);
      const body = (await shopper.page('/checkout')).body;
      const autocomplete: Record<string, string> = { email: 'email', name: 'name', line1: 'address-line1', line2: 'address-line2', city: 'address-level2', region: 'address-level1', postalCode: 'postal-code', country: 'country', phone: 'tel' };
      for (const [name, token] of Object.entries(autocomplete)) {
        assert.match(body, new RegExp(`<label class="field__label" for="field-${name}">`), `${name} has a label`);
        assert.match(body, new RegExp(`id="field-${name}" name="${name}"[^>]*autocomplete="${token}"`), `${name} autocompletes as ${token}`);
      }
      assert.match(body, /id="field-email" name="email" type="email" inputmode="email"/);
      assert.match(body, /id="field-phone" name="phone" type="tel" inputmode="tel"/);
      assert.match(body, /id="field-postalCode" name="postalCode" type="text" inputmode="numeric"/);
      assert.doesNotMatch(body, /aria-invalid/, 'a fresh form shows no errors');
      assert.doesNotMatch(body, /error-summary/);
      assert.match(text(body), /Have an account\? Sign in/);
    });

    it('sends a visitor without a cart to the cart, and refuses a post without the form’s token', async () => {
      const stranger = new Shopper(store);
      await stranger.page('/account/sign-in');
      const posted = await stranger.form('/checkout/details', { email: 'x@example.com' });
      assert.equal(posted.statusCode, 303);
      assert.equal(posted.headers.location, '/cart');
      const shopper = await heldShopper(store, [[teapot, 1]]);
      const forged = await shopper.form('/checkout/details', { email: 'forged@example.com' }, null);
      assert.equal(forged.statusCode, 403);
    });
  });

  describe('the autosave', () => {
    it('saves only the fields it carries and answers the checkout worked out again', async () => {
      const shopper = await heldShopper(store, [[teapot, 1]]);
      const first = await shopper.save({ email: 'ada@example.com' });
      assert.equal(first.statusCode, 200, first.body);
      assert.equal(first.json().version, 1);
      const second = await shopper.save({ region: 'NY', postalCode: '12207', country: 'US' }, 1);
      assert.equal(second.statusCode, 200);
      const checkout = second.json();
      assert.equal(checkout.version, 2);
      assert.equal(checkout.values.email, 'ada@example.com', 'the earlier field is kept');
      // $40.00 + Standard $5.99; New York taxes both at 4 %: 160 + 24.
      assert.deepEqual(checkout.amounts, { currency: 'USD', subtotalMinor: 4000, shippingMinor: 599, taxMinor: 184, totalMinor: 4783, pricesIncludeTax: false });
      assert.deepEqual(checkout.totals.tax, { label: 'Sales tax', amount: '$1.84', included: false });
      assert.deepEqual(checkout.errors.map((e: { field: string }) => e.field), ['name', 'line1', 'city']);
      assert.match(String(shopper.cookies.get('checkout_draft')), /\./, 'a guest is remembered for signing in midway');
    });

    it('refuses a save based on an older version and answers the draft as it is now', async () => {
      const shopper = await heldShopper(store, [[teapot, 1]]);
      await shopper.save({ name: 'Tab One' }, 0);
      const other = await shopper.save({ city: 'Other tab city' }, 1);
      assert.equal(other.statusCode, 200);
      const stale = await shopper.save({ name: 'Tab One, later' }, 1);
      assert.equal(stale.statusCode, 409);
      const problem = stale.json();
      assert.equal(problem.type, '/problems/draft-changed');
      assert.equal(problem.checkout.version, 2);
      assert.equal(problem.checkout.values.name, 'Tab One', 'nothing of the stale save was written');
      assert.equal(problem.checkout.values.city, 'Other tab city');
      const retried = await shopper.save({ name: 'Tab One, later' }, 2);
      assert.equal(retried.statusCode, 200);
      assert.deepEqual([retried.json().values.name, retried.json().values.city], ['Tab One, later', 'Other tab city']);
    });

    it('keeps over-long and invalid values to show them back, and refuses what is not a draft', async () => {
      const shopper = await heldShopper(store, [[teapot, 1]]);
      const long = 'x'.repeat(150);
      const saved = await shopper.save({ name: long, email: 'nope', method: 'not-a-method-id' });
      assert.equal(saved.statusCode, 200);
      assert.equal(saved.json().values.name, long);
      assert.deepEqual(
        saved.json().errors.filter((e: { field: string }) => ['name', 'email'].includes(e.field)),
        [
          { field: 'email', message: 'Enter an email address like name@example.com.' },
          { field: 'name', message: 'Use at most 100 characters.' },
        ],
      );
      assert.equal(saved.json().values.method, '', 'a method id that is not one chooses nothing');
      const nul = await shopper.save({ city: 'Al\u0000bany' });
      assert.equal(nul.json().values.city, 'Albany');
      assert.equal((await shopper.save({ name: 'x'.repeat(501) })).statusCode, 400);
      assert.equal((await shopper.request({ method: 'PUT', url: '/api/v1/checkout/draft', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ changes: { total: '1' } }) })).statusCode, 400);
      // A cross-site form can send text/plain without asking: it is not a JSON object.
      const plain = await shopper.request({ method: 'PUT', url: '/api/v1/checkout/draft', headers: { 'content-type': 'text/plain' }, payload: '{"changes":{"email":"evil@example.com"}}' });
      assert.equal(plain.statusCode, 400);
      assert.equal((await shopper.checkout()).values.email, 'nope');
    });

    it('answers a visitor without a cart with a problem', async () => {
      const response = await new Shopper(store).save({ email: 'ada@example.com' });
      assert.equal(response.statusCode, 409);
      assert.equal(response.json().type, '/problems/empty-cart');
    });
  });

  describe('coming back', () => {
    it('shows the saved values after a reload', async () => {
      const shopper = await heldShopper(store, [[teapot, 1]]);
      await shopper.save(NEW_YORK);
      const body = (await shopper.page('/checkout')).body;
      for (const value of ['ada@example.com', 'Ada Lovelace', '1 Main Street', 'Albany', '12207']) assert.match(body, new RegExp(`value="${value}"`));
      assert.deepEqual(islandProps(body).unsaved, []);
      assert.equal(islandProps(body).state.readyToPlace, true);
    });

    it('follows a signed-in customer to another device, email filled in from the account', async () => {
      const laptop = new Shopper(store);
      const signedUp = await laptop.api('POST', '/api/v1/auth/sign-up', { email: 'grace@example.com', name: 'Grace Hopper', password: PASSWORD });
      assert.equal(signedUp.statusCode, 201, signedUp.body);
      await laptop.add(teapot);
      await laptop.hold();
      const first = islandProps((await laptop.page('/checkout')).body);
      assert.deepEqual([first.state.values.email, first.state.values.name, first.state.values.country], ['grace@example.com', 'Grace Hopper', 'US']);
      assert.deepEqual(first.unsaved, ['email', 'name', 'country'], 'filled in for her, saved by the form');
      assert.doesNotMatch(text((await laptop.page('/checkout')).body), /Have an account\?/);
      await laptop.save({ ...NEW_YORK, email: 'grace@example.com', name: 'Grace Hopper', line1: '2 Navy Way' });

      const phone = new Shopper(store);
      assert.equal((await phone.api('POST', '/api/v1/auth/sign-in', { email: 'grace@example.com', password: PASSWORD })).statusCode, 200);
      const onPhone = await phone.page('/checkout');
      assert.equal(onPhone.statusCode, 200);
      assert.match(onPhone.body, /value="2 Navy Way"/);
      assert.deepEqual(islandProps(onPhone.body).unsaved, []);
    });

    it('keeps what a guest typed when they sign in halfway', async () => {
      const shopper = await heldShopper(store, [[teapot, 1]]);
      await shopper.page('/checkout');
      await shopper.save({ name: 'Guest Typed', line1: '3 Guest Road', city: 'Albany' });
      assert.equal((await shopper.api('POST', '/api/v1/auth/sign-up', { email: 'halfway@example.com', name: 'Half Way', password: PASSWORD })).statusCode, 201);
      // The guest cart joins the customer's, which holds nothing yet.
      assert.match(text((await shopper.page('/checkout')).body), /Ready to check out\?/);
      await shopper.hold();
      const props = islandProps((await shopper.page('/checkout')).body);
      assert.deepEqual([props.state.values.name, props.state.values.line1, props.state.values.email], ['Guest Typed', '3 Guest Road', 'halfway@example.com']);
      assert.deepEqual(props.unsaved, ['email', 'name', 'line1', 'city', 'country']);
      const saved = await shopper.save({ name: 'Guest Typed', line1: '3 Guest Road', city: 'Albany', email: 'halfway@example.com', country: 'US' }, 0);
      assert.equal(saved.statusCode, 200);
      assert.equal(saved.json().values.line1, '3 Guest Road');
    });
  });

  describe('the order token', () => {
    it('names the cart and the draft version shown, and cannot be forged', async () => {
      const shopper = await heldShopper(store, [[teapot, 1]]);
      const before = islandProps((await shopper.page('/checkout')).body).state.orderToken;
      assert.match((await shopper.page('/checkout')).body, /<input type="hidden" name="orderToken" value="[^"]+" form="checkout-form"/);
      const claim = verifyPlaceOrderToken(store.platform, before)!;
      assert.equal(claim.version, 0);
      const saved = (await shopper.save({ name: 'Ada' })).json();
      assert.deepEqual(verifyPlaceOrderToken(store.platform, saved.orderToken), { cartId: claim.cartId, version: 1 });
      assert.equal(verifyPlaceOrderToken(store.platform, `${before.slice(0, -2)}xx`), null);
      assert.equal(verifyPlaceOrderToken(store.platform, 'garbage'), null);
    });
  });

  describe('keeping drafts', () => {
    it('deletes drafts untouched for 30 days and keeps the others', async () => {
      const idle = await heldShopper(store, [[teapot, 1]]);
      await idle.save({ name: 'Idle' });
      const idleCart = cartIdOf((await idle.checkout()).orderToken);
      const db = store.platform.database.db;
      const day = 86_400_000;
      assert.equal(await deleteStaleDrafts(db, new Date(clock.now().getTime() + 29 * day), 30), 0);
      assert.ok(await deleteStaleDrafts(db, new Date(clock.now().getTime() + 31 * day), 30) >= 1);
      assert.equal(await loadDraft(db, idleCart), null);
    });
  });
});
