// The account emails, from the customers module's events to the dev mailbox: welcome, a
// password reset per request, and both emails of an email change, each with both parts, no
// selling, and one email however often its event is delivered.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../../platform/clock.ts';
import type { EventPayload } from '../../../platform/events/events.ts';
import { readDevMailbox } from '../../../platform/mail/mailer.ts';
import { TestBrowser } from '../../../testing/browser.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { deliverDue } from '../queue/deliver.ts';
import { queueTouchPoint } from '../queue/enqueue.ts';
import {
  accountEmailChange,
  accountEmailChanged,
  accountPasswordReset,
  accountWelcome,
} from './account.ts';
import { touchPointByKey } from './catalogue.ts';
import type { TouchPoint } from './define.ts';

describe('notifications: touch-points: account', () => {
  const PASSWORD = 'correct horse battery';
  const clock = fixedClock('2026-12-07T15:00:00Z');
  let store: TestStore;

  before(async () => {
    store = await createTestStore({ clock });
  });
  after(async () => {
    await store.close();
  });

  /** Runs the touch point for the latest event it listens to (as the outbox would), then sends. */
  async function deliverLatest(touchPoint: TouchPoint, times = 1): Promise<number> {
    const { platform } = store;
    const history = await platform.events.history(platform.database.db, touchPoint.event.name, 1000);
    const event = history.at(-1)!;
    let queued = 0;
    for (let i = 0; i < times; i++) {
      queued += await platform.database.transaction((tx) =>
        queueTouchPoint(platform, tx, touchPoint as TouchPoint<EventPayload>, event),
      );
    }
    await deliverDue(platform);
    return queued;
  }

  const mailTo = (address: string) => readDevMailbox(store.platform.database.db, address);

  /** Every link of the text part, as paths of this store. */
  function links(text: string): string[] {
    return [...text.matchAll(/https?:\/\/\S+/g)].map((match) => match[0]);
  }

  async function signUp(email: string, name = 'Wren Walker'): Promise<TestBrowser> {
    const browser = new TestBrowser(store);
    const created = await browser.api('POST', '/api/v1/auth/sign-up', {
      email,
      name,
      password: PASSWORD,
    });
    assert.equal(created.statusCode, 201, created.body);
    return browser;
  }

  describe('account touch points', () => {
    it('are in the catalogue, under Account, and none sells', () => {
      for (const key of [
        'account.welcome',
        'account.password-reset',
        'account.email-change',
        'account.email-changed',
      ]) {
        const touchPoint = touchPointByKey(key);
        assert.equal(touchPoint?.group, 'Account', key);
        assert.equal(touchPoint?.sells, false, key);
        assert.equal(touchPoint?.kind, 'transactional', key);
      }
    });

    it('welcomes a new account once, however often the event comes', async () => {
      await signUp('wren@example.com');
      assert.equal(await deliverLatest(accountWelcome, 3), 1);
      const [mail, ...more] = await mailTo('wren@example.com');
      assert.equal(more.length, 0);
      assert.equal(mail!.subject, 'Welcome to Doorstep');
      assert.match(mail!.text, /^Hello Wren,/);
      assert.match(mail!.text, /Your Doorstep account is ready\./);
      assert.match(mail!.text, /Go to your account: http:\/\/store\.test\/account\n/);
      assert.match(mail!.text, /If you did not create this account, just reply to this email/);
      assert.match(mail!.html!, /href="http:\/\/store\.test\/account"/);
      const headers = mail!.headers as Record<string, string>;
      assert.equal(headers['List-Unsubscribe'], undefined, 'transactional: no unsubscribe header');
      assert.doesNotMatch(mail!.text, /You might also like/);
    });

    it('sends a working reset link for each request', async () => {
      const browser = await signUp('ryan@example.com', 'Ryan');
      await browser.api('POST', '/api/v1/auth/password-reset', { email: 'ryan@example.com' });
      assert.equal(await deliverLatest(accountPasswordReset, 2), 1);
      clock.advance(60_000);
      await browser.api('POST', '/api/v1/auth/password-reset', { email: 'ryan@example.com' });
      assert.equal(
        await deliverLatest(accountPasswordReset),
        1,
        'a second request gets its own email',
      );

      const resets = (await mailTo('ryan@example.com')).filter((mail) => /Reset/.test(mail.subject));
      assert.equal(resets.length, 2);
      const [latest] = resets;
      assert.equal(latest!.subject, 'Reset your Doorstep password');
      assert.match(latest!.text, /The link works once, for 60 minutes/);
      const link = links(latest!.text).find((url) => url.includes('/account/reset/'))!;
      assert.ok(latest!.html!.includes(link), 'the HTML part carries the same link');
      const page = await new TestBrowser(store).page(new URL(link).pathname);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Choose a new password/);
    });

    it('sends the confirmation link to the new address and the notice to the old one', async () => {
      const browser = await signUp('old-home@example.com', 'Ola Mover');
      await browser.page('/account');
      const asked = await browser.form('/account/email', {
        email: 'New-Home@example.com',
        password: PASSWORD,
      });
      assert.equal(asked.statusCode, 303, asked.body);
      assert.equal(await deliverLatest(accountEmailChange, 2), 1);

      const [confirm, ...more] = await mailTo('new-home@example.com');
      assert.equal(more.length, 0);
      assert.equal(confirm!.subject, 'Confirm your new email address for Doorstep');
      assert.match(confirm!.text, /^Hello Ola,/);
      assert.match(
        confirm!.text,
        /You asked to use New-Home@example\.com for your Doorstep account instead of old-home@example\.com\./,
      );
      assert.match(confirm!.text, /The link works once, for 24 hours/);
      assert.equal(
        (await mailTo('old-home@example.com')).filter((mail) => /email address/.test(mail.subject))
          .length,
        0,
        'the old address hears only once it is done',
      );

      const link = links(confirm!.text).find((url) => url.includes('/account/email/confirm/'))!;
      assert.ok(confirm!.html!.includes(link));
      const phone = new TestBrowser(store);
      assert.equal((await phone.page(new URL(link).pathname)).statusCode, 200);
      const done = await phone.form(new URL(link).pathname, {});
      assert.equal(done.statusCode, 303);
      assert.equal(await deliverLatest(accountEmailChanged, 2), 1);

      const notices = (await mailTo('old-home@example.com')).filter((mail) =>
        /email address was changed/.test(mail.subject),
      );
      assert.equal(notices.length, 1);
      const notice = notices[0]!;
      assert.equal(notice.subject, 'Your Doorstep email address was changed');
      assert.match(notice.text, /now uses New-Home@example\.com instead of this address/);
      assert.match(notice.text, /Before: old-home@example\.com\nNow: New-Home@example\.com/);
      assert.match(notice.text, /If it was not you, reply to this email or contact us straight away/);
      assert.match(notice.text, /Contact us: http:\/\/store\.test\/help/);
      const headers = notice.headers as Record<string, string>;
      assert.equal(headers['List-Unsubscribe'], undefined);
      assert.equal(
        (await mailTo('new-home@example.com')).length,
        1,
        'the new address got only its link',
      );

      for (const url of [...links(confirm!.text), ...links(notice.text)]) {
        if (url.includes('/account/email/confirm/')) continue; // used above: now answers 410 by design
        const path = new URL(url).pathname + new URL(url).search;
        const response = await new TestBrowser(store).page(path);
        assert.ok(
          response.statusCode < 400 || response.statusCode === 401,
          `${path} answers ${response.statusCode}`,
        );
      }
    });

    it('shows no preview that would carry a working link', async () => {
      assert.equal(await accountPasswordReset.preview(store.platform.database.db, undefined), null);
      assert.equal(await accountEmailChange.preview(store.platform.database.db, undefined), null);
    });
  });
});
