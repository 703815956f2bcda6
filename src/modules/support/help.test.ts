// "Ask about this order" as a customer meets it: the section on the order page, the form
// opened with the order's signed link (or as its signed-in owner), one ticket however often
// the form is sent, the confirmation; a stranger gets the order page's 404 and creates
// nothing; a refused form comes back with what was typed and writes nothing.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../platform/clock.ts';
import { rows } from '../../platform/db/database.ts';
import { Browser, formFields } from '../../testing/admin.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { findOrCreateCustomerByEmail } from '../customers/index.ts';
import { orderPageUrl, type Order } from '../orders/index.ts';
import { countTicketsTagged, ticketByNumber, ticketMessagesOf, ticketsForOrder } from './read.ts';
import { WHERE_IS_MY_ORDER_TAG } from './tags.ts';
import { pageText, recordTestOrder } from './test-support.ts';

describe('support: help', () => {
  const clock = fixedClock('2026-11-23T15:00:00Z');
  let store: TestStore;

  before(async () => {
    store = await createTestStore({ clock });
  });
  after(() => store.close());

  const db = () => store.platform.database.db;
  /** The path and query of an absolute link to this store. */
  const pathOf = (url: string) => new URL(url).pathname + new URL(url).search;
  const tokenOf = (url: string) => new URL(url, 'http://x').searchParams.get('t')!;
  const helpAction = (order: Order) => `/orders/${order.number}/help`;
  const decode = (href: string) => href.replace(/&amp;/g, '&');

  async function ticketCount(): Promise<number> {
    return (await rows<{ n: number }>(db(), sql`select count(*)::int as n from tickets`))[0]!.n;
  }

  /** A guest's browser on the help form, reached from the order page's link as they would. */
  async function guestOnForm(order: Order): Promise<{ browser: Browser; form: URLSearchParams; formPage: string }> {
    const browser = new Browser(store);
    const page = await browser.get(pathOf(orderPageUrl(store.platform, order)));
    assert.equal(page.statusCode, 200);
    const href = /href="(\/orders\/[^"]+\/help\?t=[^"]+)"/.exec(page.body)?.[1];
    assert.ok(href, 'the order page links to the help form with the order’s token');
    const formPage = decode(href);
    const response = await browser.get(formPage);
    assert.equal(response.statusCode, 200);
    return { browser, form: formFields(response.body, helpAction(order)), formPage };
  }

  describe('asking about an order with its signed link', () => {
    it('opens one ticket linked to the order, however often the form is sent', async () => {
      const order = await recordTestOrder(store);
      const { browser, form, formPage } = await guestOnForm(order);
      const formHtml = (await browser.get(formPage)).body;
      assert.match(pageText(formHtml), /Ask about order DS-/);
      assert.match(formHtml, /<input[^>]*id="field-email"[^>]*value="ada\.buyer@example\.com" readonly/, 'the order’s email, read-only');
      assert.ok(form.get('t'), 'the link token travels with the form');
      assert.ok(form.get('formToken'));

      form.set('topic', 'where');
      form.set('message', 'It was due Monday.\nStill nothing.');
      const sent = await browser.post(helpAction(order), form);
      assert.equal(sent.statusCode, 303);
      const location = sent.headers.location as string;
      assert.match(location, new RegExp(`^/orders/${order.number}/help/T-[1-9][0-9]{4}\\?t=`));
      // A double click, or the page sent again: the same ticket.
      const again = await browser.post(helpAction(order), form);
      assert.equal(again.statusCode, 303);
      assert.equal(again.headers.location, location);

      const tickets = await ticketsForOrder(db(), order.id);
      assert.equal(tickets.length, 1);
      const ticket = tickets[0]!;
      assert.equal(ticket.channel, 'order_page');
      assert.equal(ticket.email, 'ada.buyer@example.com');
      assert.equal(ticket.subject, `About order ${order.number}: Where is my order`);
      assert.deepEqual(ticket.tags, [WHERE_IS_MY_ORDER_TAG]);
      assert.deepEqual(
        ticket.orders.map((o) => o.orderNumber),
        [order.number],
      );
      const [message] = await ticketMessagesOf(db(), ticket.id);
      assert.equal(message!.body, 'It was due Monday.\nStill nothing.');
      assert.equal(message!.author, 'customer');
      const opened = await rows(db(), sql`select 1 from domain_events where type = 'support.ticket_opened' and payload->>'ticketId' = ${ticket.id}`);
      assert.equal(opened.length, 1, 'one event in the outbox');

      const confirmation = await browser.get(location);
      assert.equal(confirmation.statusCode, 200);
      assert.equal(confirmation.headers['referrer-policy'], 'no-referrer');
      const words = pageText(confirmation.body);
      assert.match(words, new RegExp(`Your request number ${ticket.number}`));
      assert.match(words, /We will answer by email at ada\.buyer@example\.com , by Tuesday, November 24, 11:00 AM \(New York time\)\./, 'the promise made when it opened: 10 support hours from Monday 10:00');
      const back = decode(/href="([^"]+)"[^>]*>\s*Back to order/.exec(confirmation.body)?.[1] ?? '');
      assert.equal(tokenOf(back), tokenOf(location), 'back to the order with the same link');
      const orderPage = await browser.get(back);
      assert.equal(orderPage.statusCode, 200);
      assert.match(pageText(orderPage.body), new RegExp(`You asked us on .* \\(request ${ticket.number} ?\\): received\\. We answer at ada\\.buyer@example\\.com`));
    });

    it('tags each topic, and counts the where-is-my-order ones', async () => {
      const since = clock.now();
      const before = await countTicketsTagged(db(), WHERE_IS_MY_ORDER_TAG, since);
      const order = await recordTestOrder(store);
      for (const [topic, tags, subject] of [
        ['item', ['item-problem'], 'A problem with an item'],
        ['other', [], 'Something else'],
        ['where', [WHERE_IS_MY_ORDER_TAG], 'Where is my order'],
      ] as const) {
        const { browser, form } = await guestOnForm(order);
        form.set('topic', topic);
        form.set('message', `About ${topic}`);
        const sent = await browser.post(helpAction(order), form);
        assert.equal(sent.statusCode, 303, topic);
        const number = /\/help\/(T-\d+)/.exec(sent.headers.location as string)![1]!;
        const ticket = (await ticketByNumber(db(), number))!;
        assert.deepEqual(ticket.tags, [...tags], topic);
        assert.equal(ticket.subject, `About order ${order.number}: ${subject}`);
      }
      assert.equal(await countTicketsTagged(db(), WHERE_IS_MY_ORDER_TAG, since), before + 1);
    });
  });

  describe('who may ask', () => {
    it('gives a stranger the 404 of the order page, and creates nothing', async () => {
      const order = await recordTestOrder(store);
      const other = await recordTestOrder(store);
      const { form } = await guestOnForm(order);
      form.set('topic', 'where');
      form.set('message', 'Let me in');
      const token = form.get('t')!;
      const tampered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
      const foreign = tokenOf(orderPageUrl(store.platform, other));
      const stranger = new Browser(store);
      await stranger.get('/orders/lookup');
      const before = await ticketCount();
      for (const [name, t] of [
        ['no link', ''],
        ['tampered', tampered],
        ['another order’s link', foreign],
      ] as const) {
        const query = t ? `?t=${encodeURIComponent(t)}` : '';
        const page = await stranger.get(`${helpAction(order)}${query}`);
        assert.equal(page.statusCode, 404, `GET ${name}`);
        assert.doesNotMatch(page.body, /Ask about order|ada\.buyer/, name);
        const fields = new URLSearchParams(form);
        fields.set('t', t);
        fields.set('_csrf', stranger.csrf);
        const posted = await stranger.post(helpAction(order), fields);
        assert.equal(posted.statusCode, 404, `POST ${name}`);
      }
      const unknown = order.number.endsWith('3') ? `${order.number.slice(0, -1)}4` : `${order.number.slice(0, -1)}3`;
      assert.equal((await stranger.get(`/orders/${unknown}/help?t=${encodeURIComponent(token)}`)).statusCode, 404, 'unknown number');
      assert.equal(await ticketCount(), before);
    });

    it('shows a confirmation only for a ticket about the order the link opens', async () => {
      const order = await recordTestOrder(store);
      const other = await recordTestOrder(store);
      const { browser, form } = await guestOnForm(order);
      form.set('topic', 'payment');
      form.set('message', 'Was I charged twice?');
      const number = /\/help\/(T-\d+)/.exec((await browser.post(helpAction(order), form)).headers.location as string)![1]!;
      const otherLink = tokenOf(orderPageUrl(store.platform, other));
      const response = await new Browser(store).get(`/orders/${other.number}/help/${number}?t=${encodeURIComponent(otherLink)}`);
      assert.equal(response.statusCode, 404);
      assert.doesNotMatch(response.body, /charged twice/);
    });

    it('lets the signed-in owner ask without a link', async () => {
      const email = `owner-${randomUUID().slice(0, 8)}@example.com`;
      const browser = new Browser(store);
      await browser.get('/account/sign-up');
      assert.equal((await browser.post('/account/sign-up', { email, name: 'Olive Owner', password: 'correct horse battery staple' })).statusCode, 303);
      const customer = await findOrCreateCustomerByEmail(db(), email);
      const order = await recordTestOrder(store, { email, customerId: customer.id });
      const orderPage = await browser.get(`/orders/${order.number}`);
      assert.equal(orderPage.statusCode, 200);
      assert.match(orderPage.body, new RegExp(`href="/orders/${order.number}/help"`), 'no token in the link for a signed-in owner');
      const formPage = await browser.get(helpAction(order));
      assert.equal(formPage.statusCode, 200);
      const form = formFields(formPage.body, helpAction(order));
      assert.equal(form.get('t'), null);
      form.set('topic', 'change');
      form.set('message', 'Please change the colour to red.');
      const sent = await browser.post(helpAction(order), form);
      assert.equal(sent.statusCode, 303);
      assert.match(sent.headers.location as string, new RegExp(`^/orders/${order.number}/help/T-\\d+$`));
      const [ticket] = await ticketsForOrder(db(), order.id);
      assert.equal(ticket!.customerId, customer.id);
      assert.equal((await ticketMessagesOf(db(), ticket!.id))[0]!.author, `customer:${customer.id}`);
      assert.equal((await browser.get(sent.headers.location as string)).statusCode, 200);
    });

    it('refuses a form without its CSRF token', async () => {
      const order = await recordTestOrder(store);
      const { browser, form } = await guestOnForm(order);
      form.set('topic', 'where');
      form.set('message', 'Hello');
      form.set('_csrf', 'forged');
      const before = await ticketCount();
      assert.equal((await browser.post(helpAction(order), form)).statusCode, 403);
      assert.equal(await ticketCount(), before);
    });
  });

  describe('a form that cannot be sent as it is', () => {
    it('comes back with the error and everything typed, and creates nothing', async () => {
      const order = await recordTestOrder(store);
      const { browser, form } = await guestOnForm(order);
      const before = await ticketCount();
      const cases: [string, Record<string, string>, RegExp][] = [
        ['empty message', { topic: 'where', message: '   ' }, /Your question: Write your question\./],
        ['too long', { topic: 'item', message: `It broke. ${'x'.repeat(5000)}` }, /Use at most 5,000 characters: this has 5,010\./],
        ['unknown topic', { topic: 'refund-me-now', message: 'My teapot <b>cracked</b> & leaks' }, /Topic: Choose what your question is about\./],
        ['no topic', { message: 'My teapot cracked' }, /Topic: Choose what your question is about\./],
      ];
      for (const [name, values, error] of cases) {
        const fields = new URLSearchParams(form);
        fields.delete('topic');
        for (const [key, value] of Object.entries(values)) fields.set(key, value);
        const response = await browser.post(helpAction(order), fields);
        assert.equal(response.statusCode, 400, name);
        assert.match(pageText(response.body), error, name);
        const kept = formFields(response.body, helpAction(order));
        assert.equal(kept.get('message'), values.message, `${name}: the text is kept`);
        if (values.topic === 'where' || values.topic === 'item') assert.equal(kept.get('topic'), values.topic, `${name}: the topic is kept`);
        assert.equal(kept.get('t'), form.get('t'), `${name}: the link still travels`);
        assert.equal(kept.get('formToken'), form.get('formToken'), `${name}: the same one-time token`);
      }
      assert.equal(await ticketCount(), before);
    });

    it('asks again, keeping the text, when the one-time token is forged or expired', async () => {
      const order = await recordTestOrder(store);
      const { browser, form } = await guestOnForm(order);
      form.set('topic', 'where');
      form.set('message', 'Where is it?');
      const before = await ticketCount();
      clock.advance(25 * 60 * 60 * 1000);
      let response;
      try {
        response = await browser.post(helpAction(order), form);
      } finally {
        clock.set('2026-11-23T15:00:00Z');
      }
      assert.equal(response.statusCode, 400);
      assert.match(pageText(response.body), /The form was open too long to be sent safely/);
      const kept = formFields(response.body, helpAction(order));
      assert.equal(kept.get('message'), 'Where is it?');
      assert.notEqual(kept.get('formToken'), form.get('formToken'), 'a fresh token');
      const forged = new URLSearchParams(form);
      forged.set('formToken', 'nonsense');
      assert.equal((await browser.post(helpAction(order), forged)).statusCode, 400);
      assert.equal(await ticketCount(), before);
      // Sent again from the page it got back: the ticket is opened.
      assert.equal((await browser.post(helpAction(order), kept)).statusCode, 303);
      assert.equal(await ticketCount(), before + 1);
    });
  });
});
