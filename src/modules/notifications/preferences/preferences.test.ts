// The reader's side of "not spam": the preference centre opened from an email's signed link
// shows and saves the two topics (with the site's CSRF rule), a forged or garbled link gets a
// friendly page and changes nothing, and RFC 8058's one-click unsubscribe works with one
// cross-site POST while a GET of the same link only shows the button.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser, formFields } from '../../../testing/admin.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { maskAddress, PREFERENCES_PATH } from './pages.tsx';
import { DEFAULT_PREFERENCES, preferencesOf, preferencesUrl, savePreferences, unsubscribeUrl } from './preferences.ts';

describe('notifications: preferences', () => {
  let store: TestStore;
  before(async () => {
    store = await createTestStore();
  });
  after(() => store.close());

  const db = () => store.platform.database.db;
  const local = (url: string) => url.replace(store.platform.config.baseUrl, '');
  const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');

  describe('preference centre', () => {
    it('shows the address, both topics ticked by default and why order emails still come', async () => {
      const browser = new Browser(store);
      const page = await browser.get(local(preferencesUrl(store.platform, 'Grace@Example.com')));
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['referrer-policy'], 'no-referrer');
      const body = text(page.body);
      assert.match(body, /Email preferences/);
      assert.ok(body.includes(maskAddress('grace@example.com')), 'the address, partly masked');
      assert.ok(!body.includes('grace@example.com'), 'not in full');
      assert.match(body, /Product suggestions in order emails/);
      assert.match(body, /Service announcements/);
      assert.match(body, /Emails about your orders, deliveries and questions to us always come/);
      const fields = formFields(page.body, PREFERENCES_PATH);
      assert.equal(fields.get('recommendations'), 'yes');
      assert.equal(fields.get('announcements'), 'yes');
    });

    it('saves what the reader ticks', async () => {
      const browser = new Browser(store);
      const page = await browser.get(local(preferencesUrl(store.platform, 'grace@example.com')));
      const fields = formFields(page.body, PREFERENCES_PATH);
      fields.delete('recommendations');
      const saved = await browser.post(PREFERENCES_PATH, fields);
      assert.equal(saved.statusCode, 200);
      assert.match(text(saved.body), /Saved/);
      assert.deepEqual(await preferencesOf(db(), 'grace@example.com'), { recommendations: false, announcements: true });
      // The saved page shows the new choices.
      assert.equal(formFields(saved.body, PREFERENCES_PATH).get('recommendations'), null);
    });

    it('needs the page’s CSRF token to save, like every form on the site', async () => {
      const browser = new Browser(store);
      const page = await browser.get(local(preferencesUrl(store.platform, 'hopper@example.com')));
      const fields = formFields(page.body, PREFERENCES_PATH);
      fields.delete('announcements');
      fields.set('_csrf', 'forged.token');
      assert.equal((await browser.post(PREFERENCES_PATH, fields)).statusCode, 403);
      assert.deepEqual(await preferencesOf(db(), 'hopper@example.com'), DEFAULT_PREFERENCES);
    });

    it('answers a forged or garbled link with a friendly page and a next step, and saves nothing', async () => {
      const browser = new Browser(store);
      const good = new URL(preferencesUrl(store.platform, 'lin@example.com')).searchParams.get('token')!;
      for (const token of ['', 'garbage', `${good.slice(0, -3)}abc`]) {
        const page = await browser.get(`${PREFERENCES_PATH}?token=${encodeURIComponent(token)}`);
        assert.equal(page.statusCode, 404, token);
        assert.match(text(page.body), /This link does not work/);
        assert.match(page.body, /href="\/help"/);
      }
      await browser.get(local(preferencesUrl(store.platform, 'lin@example.com')));
      const refused = await browser.post(PREFERENCES_PATH, { token: `${good.slice(0, -3)}abc` });
      assert.equal(refused.statusCode, 404);
      assert.deepEqual(await preferencesOf(db(), 'lin@example.com'), DEFAULT_PREFERENCES);
    });
  });

  describe('one-click unsubscribe (RFC 8058)', () => {
    it('turns the topic off with one POST from the mail provider, no cookie and no CSRF token', async () => {
      const url = local(unsubscribeUrl(store.platform, 'ada@example.com', 'recommendations'));
      const response = await store.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
        payload: 'List-Unsubscribe=One-Click',
      });
      assert.equal(response.statusCode, 200);
      assert.match(text(response.body), /You are unsubscribed/);
      assert.deepEqual(await preferencesOf(db(), 'ada@example.com'), { recommendations: false, announcements: true });
      // Posting again (a retrying provider) is just as fine.
      assert.equal((await store.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' })).statusCode, 200);
    });

    it('takes the one field as multipart/form-data too, as RFC 8058 allows', async () => {
      const boundary = 'oneclick';
      const response = await store.app.inject({
        method: 'POST',
        url: local(unsubscribeUrl(store.platform, 'ken@example.com', 'announcements')),
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
      });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(await preferencesOf(db(), 'ken@example.com'), { recommendations: true, announcements: false });
    });

    it('on GET only shows a button that posts the same thing: a mail scanner following the link changes nothing', async () => {
      const url = local(unsubscribeUrl(store.platform, 'mary@example.com', 'announcements'));
      const browser = new Browser(store);
      const page = await browser.get(url);
      assert.equal(page.statusCode, 200);
      assert.match(text(page.body), /Stop service announcements\?/);
      assert.deepEqual(await preferencesOf(db(), 'mary@example.com'), DEFAULT_PREFERENCES);
      const action = url.replace(/&/g, '&amp;');
      const fields = formFields(page.body, action);
      assert.equal(fields.get('List-Unsubscribe'), 'One-Click');
      const done = await browser.post(url, fields);
      assert.equal(done.statusCode, 200);
      assert.deepEqual(await preferencesOf(db(), 'mary@example.com'), { recommendations: true, announcements: false });
    });

    it('refuses a forged token or an unknown topic with the friendly page, changing nothing', async () => {
      await savePreferences(db(), 'zoe@example.com', DEFAULT_PREFERENCES, store.platform.clock.now());
      const good = local(unsubscribeUrl(store.platform, 'zoe@example.com', 'announcements'));
      for (const url of [good.replace('topic=announcements', 'topic=everything'), good.replace(/token=[^&]+/, 'token=forged')]) {
        const response = await store.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
        assert.equal(response.statusCode, 404, url);
        assert.match(text(response.body), /This link does not work/);
      }
      assert.deepEqual(await preferencesOf(db(), 'zoe@example.com'), DEFAULT_PREFERENCES);
    });
  });
});
