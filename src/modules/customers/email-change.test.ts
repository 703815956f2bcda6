// Changing an account's email address through the pages: asked with the current password,
// confirmed only from the signed link to the new address (a page whose button POSTs), never
// onto an address already on record, and not from a forged, expired, used or replaced link.
// The emails themselves are the notifications module's (touch-points/account.test.ts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { fixedClock } from '../../platform/clock.ts';
import { TestBrowser } from '../../testing/browser.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { EMAIL_CHANGE_TTL_MS, emailChangeUrl } from './email-change.ts';
import { findOrCreateCustomerByEmail } from './index.ts';
import { customerEmailChanges, customers } from './schema.ts';
import { closeStore } from './test-support.ts';

describe('customers: email-change', () => {
  const PASSWORD = 'correct horse battery';
  const clock = fixedClock('2026-12-07T15:00:00Z');
  let store: TestStore;

  before(async () => {
    store = await createTestStore({ clock });
  });
  after(async () => {
    await closeStore(store);
  });

  let counter = 0;
  /** A signed-up, signed-in customer with a fresh address. */
  async function signedIn(): Promise<{ browser: TestBrowser; email: string; id: string }> {
    const email = `owner${++counter}@example.com`;
    const browser = new TestBrowser(store);
    const created = await browser.api('POST', '/api/v1/auth/sign-up', {
      email,
      name: 'Olive Owner',
      password: PASSWORD,
    });
    assert.equal(created.statusCode, 201, created.body);
    await browser.page('/account');
    return { browser, email, id: created.json().customer.id };
  }

  async function ask(browser: TestBrowser, email: string, password = PASSWORD) {
    await browser.page('/account');
    return browser.form('/account/email', { email, password });
  }

  async function emailOf(id: string): Promise<string | undefined> {
    const [row] = await store.platform.database.db
      .select({ email: customers.email })
      .from(customers)
      .where(eq(customers.id, id));
    return row?.email;
  }

  /** The link the confirmation email carries, for the customer's latest request. */
  async function latestLink(customerId: string): Promise<string> {
    const rows = await store.platform.database.db
      .select()
      .from(customerEmailChanges)
      .where(eq(customerEmailChanges.customerId, customerId));
    const latest = rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0]!;
    return new URL(emailChangeUrl(store.platform, latest)).pathname;
  }

  async function events(type: string) {
    return store.platform.events.history(store.platform.database.db, type);
  }

  describe('changing the email address of an account', () => {
    it('offers the form on the account page, for signed-in customers only', async () => {
      const { browser } = await signedIn();
      const page = await browser.page('/account');
      assert.match(page.body, /Change your email address/);
      assert.match(page.body, /action="\/account\/email"/);
      assert.match(page.body, /autocomplete="current-password"/);
      const stranger = new TestBrowser(store);
      await stranger.page('/account/sign-in');
      const anonymous = await stranger.form('/account/email', {
        email: 'x@example.com',
        password: PASSWORD,
      });
      assert.equal(anonymous.statusCode, 401);
    });

    it('asks, confirms from the link on a page whose button posts, and moves the account', async () => {
      const { browser, email, id } = await signedIn();
      clock.advance(1000);
      const asked = await ask(browser, ' New.Home@Example.com ');
      assert.equal(asked.statusCode, 303, asked.body);
      assert.equal(asked.headers.location, '/account?emailChangeSent=1#email');
      const account = await browser.page('/account?emailChangeSent=1');
      assert.match(account.body, /Check your new mailbox/);
      assert.match(account.body, /We sent a link to New\.Home@Example\.com/);
      assert.equal(await emailOf(id), email, 'nothing changes before the link is followed');

      const [requested] = (await events('customer.email_change_requested')).slice(-1);
      assert.deepEqual(Object.keys(requested!.payload).sort(), ['customerId', 'requestId']);
      assert.equal(requested!.payload.customerId, id);

      const link = await latestLink(id);
      // Opened on the phone that reads the new mailbox: no session needed, and opening changes nothing.
      const phone = new TestBrowser(store);
      const landing = await phone.page(link);
      assert.equal(landing.statusCode, 200);
      assert.equal(landing.headers['referrer-policy'], 'no-referrer');
      assert.match(landing.body, /Confirm your new email address/);
      assert.match(
        landing.body,
        new RegExp(`action="${link.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`),
      );
      assert.match(landing.body, /Use New\.Home@Example\.com/);
      assert.equal(await emailOf(id), email, 'a GET changes nothing');

      const confirmed = await phone.form(link, {});
      assert.equal(confirmed.statusCode, 303);
      assert.equal(confirmed.headers.location, '/account/sign-in?emailChanged=1');
      assert.equal(await emailOf(id), 'New.Home@Example.com');
      const signInPage = await phone.page('/account/sign-in?emailChanged=1');
      assert.match(signInPage.body, /Sign in with the new one/);

      const [changed] = (await events('customer.email_changed')).slice(-1);
      assert.deepEqual(changed!.payload, { customerId: id, requestId: requested!.payload.requestId });

      const signIn = (address: string) =>
        new TestBrowser(store).api('POST', '/api/v1/auth/sign-in', {
          email: address,
          password: PASSWORD,
        });
      assert.equal((await signIn('new.home@example.com')).statusCode, 200);
      assert.equal((await signIn(email)).statusCode, 401);
      assert.equal(
        (await browser.page('/account')).statusCode,
        200,
        'the session that asked stays signed in',
      );

      const again = await phone.page(link);
      assert.equal(again.statusCode, 410, 'the link works once');
      assert.doesNotMatch(again.body, /<form[^>]*action="\/account\/email\/confirm/);
      assert.equal((await phone.form(link, {})).statusCode, 410);
    });

    it('sends the customer who confirms while signed in back to their account', async () => {
      const { browser, id } = await signedIn();
      await ask(browser, `moved-${id}@example.com`);
      const link = await latestLink(id);
      await browser.page(link);
      const confirmed = await browser.form(link, {});
      assert.equal(confirmed.headers.location, '/account?emailChanged=1');
      const account = await browser.page('/account?emailChanged=1');
      assert.match(account.body, /Your email address is changed/);
      assert.match(account.body, new RegExp(`moved-${id}@example.com`));
    });

    it('refuses a wrong password, and counts it towards the sign-in lock', async () => {
      const { browser, email, id } = await signedIn();
      const wrong = await ask(browser, 'elsewhere@example.com', 'not my password');
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /That is not your current password/);
      assert.match(wrong.body, /value="elsewhere@example.com"/, 'the address typed is kept');
      assert.doesNotMatch(wrong.body, /not my password/);
      for (let i = 0; i < 4; i++) await ask(browser, 'elsewhere@example.com', `guess ${i} here`);
      const locked = await ask(browser, 'elsewhere@example.com');
      assert.equal(locked.statusCode, 429, 'five wrong guesses lock it, as at sign-in');
      assert.match(locked.body, /paused for 15 minutes/);
      const rows = await store.platform.database.db
        .select()
        .from(customerEmailChanges)
        .where(eq(customerEmailChanges.customerId, id));
      assert.equal(rows.length, 0);
      assert.equal(await emailOf(id), email);
      clock.advance(15 * 60 * 1000);
    });

    it('explains a missing or malformed address and the address already in use', async () => {
      const { browser, email } = await signedIn();
      const empty = await ask(browser, '', '');
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /Enter your email address/);
      assert.match(empty.body, /Enter your current password/);
      const malformed = await ask(browser, 'not an address');
      assert.match(malformed.body, /Enter an email address like name@example.com/);
      const same = await ask(browser, email.toUpperCase());
      assert.equal(same.statusCode, 400);
      assert.match(same.body, /already the address of your account/);
    });

    it('refuses an address that holds another account, or guest orders and questions', async () => {
      const { browser, id, email } = await signedIn();
      const other = await signedIn();
      const taken = await ask(browser, other.email);
      assert.equal(taken.statusCode, 409);
      assert.match(taken.body, /Another account already uses this address/);

      await store.platform.database.transaction((tx) =>
        findOrCreateCustomerByEmail(tx, 'guest-orders@example.com', 'Gil'),
      );
      const guest = await ask(browser, 'Guest-Orders@example.com');
      assert.equal(guest.statusCode, 409);
      assert.match(guest.body, /orders or questions made without an account/);
      assert.match(guest.body, /<a href="\/help">Contact us<\/a>/);
      assert.equal(await emailOf(id), email);
    });

    it('refuses at confirmation an address that came on record meanwhile', async () => {
      const { browser, id, email } = await signedIn();
      await ask(browser, `later-guest-${id}@example.com`);
      const link = await latestLink(id);
      await store.platform.database.transaction((tx) =>
        findOrCreateCustomerByEmail(tx, `later-guest-${id}@example.com`),
      );
      const phone = new TestBrowser(store);
      await phone.page(link);
      const refused = await phone.form(link, {});
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /We already know this address/);
      assert.doesNotMatch(refused.body, /<form[^>]*action="\/account\/email\/confirm/);
      assert.equal(await emailOf(id), email);
    });

    it('refuses a forged, an expired or a replaced link, changing nothing', async () => {
      const { browser, id, email } = await signedIn();
      await ask(browser, `first-${id}@example.com`);
      const first = await latestLink(id);
      const phone = new TestBrowser(store);
      await phone.page('/account/sign-in');

      const token = first.split('/').pop()!;
      const forged = `/account/email/confirm/${token.split('.')[0]}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
      assert.equal((await phone.page(forged)).statusCode, 410);
      const forgedPost = await phone.form(forged, {});
      assert.equal(forgedPost.statusCode, 410);
      assert.match(forgedPost.body, /This link no longer works/);
      // Another signed link of the store (a password reset) is not an email-change link.
      const otherPurpose = store.platform.signer.sign(
        'password-reset',
        { r: id },
        new Date(clock.now().getTime() + 60_000),
      );
      assert.equal((await phone.form(`/account/email/confirm/${otherPurpose}`, {})).statusCode, 410);

      clock.advance(60_000);
      await ask(browser, `second-${id}@example.com`);
      const second = await latestLink(id);
      assert.equal((await phone.page(first)).statusCode, 410, 'only the latest request counts');
      assert.equal((await phone.form(first, {})).statusCode, 410);

      clock.advance(EMAIL_CHANGE_TTL_MS + 1000);
      const expired = await phone.page(second);
      assert.equal(expired.statusCode, 410);
      assert.equal((await phone.form(second, {})).statusCode, 410);
      assert.equal(await emailOf(id), email);
      const account = await browser.page('/account');
      assert.doesNotMatch(
        account.body,
        /Waiting for you to confirm/,
        'an expired request is not shown',
      );
    });
  });
});
