// The emails admin: who may read and who may change it, the merchant's words refused with a
// broken placeholder (nothing saved), the live preview from a real order (nothing queued),
// a failed email sent again, and every email in the staff order page and the ticket page with
// what became of it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { count, eq } from 'drizzle-orm';
import { fixedClock } from '../../../platform/clock.ts';
import { newId } from '../../../platform/ids.ts';
import { devMailbox } from '../../../platform/mail/schema.ts';
import { Browser, createStaff } from '../../../testing/admin.ts';
import { orderingStore, placeTestOrder, sellable } from '../../../testing/orders.ts';
import type { TestStore } from '../../../testing/store.ts';
import type { Order } from '../../orders/index.ts';
import { openTicket } from '../../support/index.ts';
import { brandOf } from '../compose/brand.ts';
import { deliverDue } from '../queue/deliver.ts';
import { queueTouchPoint } from '../queue/enqueue.ts';
import { outgoingEmails, touchPointSettings } from '../schema.ts';
import { suppress } from '../suppression/suppressions.ts';
import { touchPointByKey } from '../touch-points/catalogue.ts';
import type { TouchPoint } from '../touch-points/define.ts';
import { orderRecorded, paymentConfirmed } from '../touch-points/orders.ts';
import { saveSettings, settingsOf } from '../touch-points/settings.ts';
import { previewTouchPoint } from './preview.ts';

describe('notifications: admin', () => {
  const clock = fixedClock('2026-12-07T15:00:00Z');
  let store: TestStore;
  let admin: Browser;
  let agent: Browser;
  let variantId: string;
  let order: Order;

  const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
  const db = () => store.platform.database.db;

  /** Queues a touch point for an order the way its outbox handler does. */
  async function queueFor(touchPoint: TouchPoint, about: Order): Promise<void> {
    await store.platform.database.transaction((tx) =>
      queueTouchPoint(store.platform, tx, touchPoint, { id: newId(), type: touchPoint.event.name, payload: { orderId: about.id, number: about.number, from: null }, actor: 'system', occurredAt: clock.now().toISOString() }),
    );
  }

  async function counted() {
    const [emails] = await db().select({ n: count() }).from(outgoingEmails);
    const [mailbox] = await db().select({ n: count() }).from(devMailbox);
    return { emails: emails!.n, mailbox: mailbox!.n };
  }

  before(async () => {
    store = await orderingStore(clock);
    admin = new Browser(store);
    await admin.signIn(await createStaff(store, 'admin'));
    agent = new Browser(store);
    await agent.signIn(await createStaff(store, 'agent'));
    variantId = await sellable(store, 2500);
    ({ order } = await placeTestOrder(store, [[variantId, 1]], { email: 'ada.reader@example.com' }));
  });
  after(() => store.close());

  describe('who may use the emails admin', () => {
    it('sends strangers to sign in, lets every staff role read, and keeps changes to administrators', async () => {
      const stranger = new Browser(store);
      const away = await stranger.get('/admin/notifications');
      assert.equal(away.statusCode, 303);
      assert.match(String(away.headers.location), /^\/staff\/sign-in/);

      const lead = new Browser(store);
      await lead.signIn(await createStaff(store, 'lead'));
      for (const reader of [agent, lead, admin]) {
        for (const url of ['/admin/notifications', '/admin/notifications/order.recorded', '/admin/notifications/outbox']) {
          assert.equal((await reader.get(url)).statusCode, 200, url);
        }
      }
      const agentView = await agent.get('/admin/notifications/order.recorded');
      assert.doesNotMatch(agentView.body, /name="subject"/, 'no edit form for an agent');
      assert.doesNotMatch(agentView.body, /href="\/admin\/notifications\/brand"/, 'no brand tab for an agent');
      assert.equal((await agent.get('/admin/notifications/brand')).statusCode, 403);
      const refused = await agent.post('/admin/notifications/order.recorded', { enabled: 'yes', subject: 'Mine', intro: '' });
      assert.equal(refused.statusCode, 403);
      assert.match(refused.body, /You are not allowed to do this/, 'refused for the permission, not for the form');
      assert.equal((await agent.post('/admin/notifications/order.recorded/preview', { subject: 'Mine', intro: '' })).statusCode, 403);
      assert.equal((await lead.post('/admin/notifications/brand', { senderName: 'X', logoUrl: '', accentColor: '#000000', footer: '' })).statusCode, 403);
      assert.equal((await agent.post(`/admin/notifications/outbox/${newId()}/retry`, {})).statusCode, 403);
      assert.equal((await admin.get('/admin/notifications/brand')).statusCode, 200);
      assert.equal((await admin.get('/admin/notifications/no.such-email')).statusCode, 404);
      assert.equal((await db().select().from(touchPointSettings)).length, 0, 'nothing was saved');
    });

    it('lists the touch points by group with their switch, subject, timing, suggestions and links', async () => {
      const page = await admin.get('/admin/notifications');
      const body = text(page.body);
      assert.match(body, /Orders Email On Subject When it goes Suggestions Sent \(7 days\) Failed \(7 days\)/);
      assert.match(body, /Order recorded On We have your order \{\{order\.number\}\} As soon as an order is recorded, before it is paid\. Never \d+ \d+/);
      assert.match(body, /Payment confirmed On .* May carry them/);
      assert.match(page.body, /href="\/admin\/notifications\/suppressions"/, 'the suppression list is one tab away');
      assert.match(page.body, /href="\/admin\/notifications\/outbox"/);
    });
  });

  describe('the merchant’s words', () => {
    it('refuses a broken placeholder beside its field, keeps what was typed and saves nothing', async () => {
      await admin.get('/admin/notifications/order.recorded');
      const refused = await admin.post('/admin/notifications/order.recorded', { enabled: 'yes', subject: 'Order {{order.numbr}} is in', intro: 'Thanks {{customer.name}' });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /id="field-subject-error"[^>]*>.*\{\{order\.numbr\}\} is not something this email knows/s);
      assert.match(refused.body, /id="field-intro-error"[^>]*>.*A placeholder is not closed/s);
      assert.match(refused.body, /value="Order \{\{order\.numbr\}\} is in"/, 'the typed subject is kept');
      assert.match(refused.body, />Thanks \{\{customer\.name\}<\/textarea>/, 'the typed introduction is kept');
      assert.match(text(refused.body), /Nothing was saved/);
      assert.equal((await db().select().from(touchPointSettings)).length, 0);
      assert.equal((await settingsOf(db(), orderRecorded as TouchPoint)).subject, orderRecorded.defaults.subject);
    });

    it('saves checked words and the switch, and goes back to the defaults', async () => {
      await admin.get('/admin/notifications/order.recorded');
      const saved = await admin.post('/admin/notifications/order.recorded', { subject: 'Got it: {{order.number}}', intro: 'Thank you, {{customer.name}}.' });
      assert.equal(saved.statusCode, 303);
      let settings = await settingsOf(db(), orderRecorded as TouchPoint);
      assert.deepEqual([settings.enabled, settings.subject, settings.intro], [false, 'Got it: {{order.number}}', 'Thank you, {{customer.name}}.']);
      const page = await admin.get(String(saved.headers.location));
      assert.match(text(page.body), /Saved\. The next emails use these words\..*No: this email is switched off\..*Changed .* by Test admin/);

      const reset = await admin.post('/admin/notifications/order.recorded/defaults', {});
      assert.equal(reset.statusCode, 303);
      settings = await settingsOf(db(), orderRecorded as TouchPoint);
      assert.deepEqual([settings.enabled, settings.subject, settings.intro], [false, orderRecorded.defaults.subject, orderRecorded.defaults.intro], 'the switch stays as it was');
      await admin.get('/admin/notifications/order.recorded');
      await admin.post('/admin/notifications/order.recorded', { enabled: 'yes', subject: orderRecorded.defaults.subject, intro: orderRecorded.defaults.intro });
      assert.equal((await settingsOf(db(), orderRecorded as TouchPoint)).enabled, true);
    });

    it('keeps an email the customer cannot do without switched on, while its words can change', async () => {
      const reset = touchPointByKey('account.password-reset')!;
      await admin.get('/admin/notifications/account.password-reset');
      const page = await admin.get('/admin/notifications/account.password-reset');
      assert.match(text(page.body), /This email is always sent/);
      assert.doesNotMatch(page.body, /name="enabled"/);
      const saved = await admin.post('/admin/notifications/account.password-reset', { subject: 'Your new password link', intro: '' });
      assert.equal(saved.statusCode, 303);
      const settings = await settingsOf(db(), reset);
      assert.deepEqual([settings.enabled, settings.subject], [true, 'Your new password link']);
    });
  });

  describe('the live preview', () => {
    it('renders the typed words from a real order in a sandboxed frame, and queues and sends nothing', async () => {
      const before = await counted();
      const page = await admin.get('/admin/notifications/order.recorded');
      assert.equal(page.statusCode, 200);
      assert.match(text(page.body), new RegExp(`Written from order ${order.number} with the saved words`));

      const typed = await admin.post('/admin/notifications/order.recorded/preview', { enabled: 'yes', subject: 'Typed for {{order.number}}', intro: 'Hello from the preview.', order: order.number.toLowerCase() });
      assert.equal(typed.statusCode, 200);
      assert.match(text(typed.body), new RegExp(`Typed for ${order.number}`));
      assert.match(text(typed.body), /words typed above \(not saved yet\)/);
      assert.match(typed.body, /Hello from the preview\./, 'the text part');
      const frame = /<iframe ([^>]*)>/.exec(typed.body)?.[1] ?? '';
      assert.match(frame, /^sandbox\b|\ssandbox\b/);
      assert.doesNotMatch(frame, /allow-/);
      const src = /src="([^"]+)"/.exec(frame)![1]!.replace(/&amp;/g, '&');
      assert.match(src, /^\/admin\/notifications\/order\.recorded\/preview\.html\?/);

      const html = await admin.get(src);
      assert.equal(html.statusCode, 200);
      assert.match(String(html.headers['content-type']), /^text\/html/);
      const csp = String(html.headers['content-security-policy']);
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /\bsandbox\b/);
      assert.doesNotMatch(csp, /script-src/);
      assert.match(html.body, new RegExp(`<title>Typed for ${order.number}</title>`));
      assert.match(html.body, /Hello from the preview\./);

      const unknown = await admin.get('/admin/notifications/order.recorded?order=DS-2222-3333');
      assert.match(text(unknown.body), /Nothing to preview from Order DS-2222-3333 gives nothing to write this email from/);
      assert.equal((await admin.get(`${src.replace(/order=[^&]+/, 'order=DS-2222-3333')}`)).statusCode, 404);
      const broken = await admin.get('/admin/notifications/order.recorded/preview.html?subject=%7B%7Bnope%7D%7D&intro=');
      assert.equal(broken.statusCode, 400);

      assert.deepEqual(await counted(), before, 'the preview queued and sent nothing');
      assert.equal((await settingsOf(db(), orderRecorded as TouchPoint)).subject, orderRecorded.defaults.subject, 'and saved nothing');
    });

    it('keeps nothing a touch point writes while previewing, and answers a failing one without throwing', async () => {
      const writer: TouchPoint = {
        ...(orderRecorded as TouchPoint),
        async letters(platform, tx, event) {
          await saveSettings(store.platform.database, tx, orderRecorded as TouchPoint, { enabled: false, subject: 'Written during the preview', intro: '' }, 'test', clock.now());
          return orderRecorded.letters(platform, tx, event as Parameters<typeof orderRecorded.letters>[2]);
        },
      };
      const written = await previewTouchPoint(store.platform, writer, { orderNumber: order.number, words: orderRecorded.defaults });
      assert.equal(written.kind, 'email');
      assert.equal((await settingsOf(db(), orderRecorded as TouchPoint)).subject, orderRecorded.defaults.subject, 'rolled back');

      const failing: TouchPoint = { ...(orderRecorded as TouchPoint), letters: () => Promise.reject(new Error('broken touch point')) };
      assert.deepEqual(await previewTouchPoint(store.platform, failing, { orderNumber: order.number, words: orderRecorded.defaults }), { kind: 'failed' });
    });

    it('previews a typed brand without saving it, and saves a checked one', async () => {
      await admin.get('/admin/notifications/brand');
      const bad = await admin.post('/admin/notifications/brand', { senderName: 'Doorstep', logoUrl: 'http://insecure.example/logo.png', accentColor: 'teal', footer: '' });
      assert.equal(bad.statusCode, 400);
      assert.match(text(bad.body), /Logo address: Give the full https:\/\/ address.*Accent colour: Give the colour as #rrggbb/);
      const typed = await admin.post('/admin/notifications/brand/preview', { senderName: 'Doorstep Tea', logoUrl: '', accentColor: '#aa3300', footer: '1 Tea Street' });
      assert.equal(typed.statusCode, 200);
      const src = /<iframe [^>]*src="([^"]+)"/.exec(typed.body)![1]!.replace(/&amp;/g, '&');
      const html = await admin.get(src);
      assert.equal(html.statusCode, 200);
      assert.match(html.body, /#aa3300/);
      assert.match(html.body, /1 Tea Street/);
      assert.equal((await brandOf(db())).accentColor, '#1d5a54', 'the preview saved nothing');
      await admin.get('/admin/notifications/brand');
      assert.equal((await admin.post('/admin/notifications/brand', { senderName: 'Doorstep Tea', logoUrl: '', accentColor: '#aa3300', footer: '1 Tea Street' })).statusCode, 303);
      assert.deepEqual(await brandOf(db()), { senderName: 'Doorstep Tea', logoUrl: null, accentColor: '#aa3300', footer: '1 Tea Street' });
    });
  });

  describe('the mail queue and the timelines', () => {
    let second: Order;

    before(async () => {
      ({ order: second } = await placeTestOrder(store, [[variantId, 1]], { email: 'grace.bounced@example.com', pay: false }));
      await queueFor(orderRecorded as TouchPoint, second);
      await deliverDue(store.platform);
      await suppress(db(), second.email, 'hard_bounce', '550 5.1.1 <grace.bounced@example.com>: user unknown', clock.now());
      await queueFor(paymentConfirmed as TouchPoint, second);
    });

    it('shows an order’s emails on the staff order page: one sent, one not sent with why the address is suppressed', async () => {
      const page = await agent.get(`/admin/orders/${second.number}`);
      assert.equal(page.statusCode, 200);
      const body = text(page.body);
      assert.match(body, /Emails Queued Email Status Details/);
      assert.match(body, new RegExp(`Payment confirmed for order ${second.number} Payment confirmed Not sent: address suppressed Nothing was sent to grace\\.bounced@example\\.com: since .*, their mail server answered that the address does not exist \\(550 5\\.1\\.1 <grace\\.bounced@example\\.com>: user unknown\\) ?\\. Ask the customer`));
      assert.match(body, new RegExp(`We have your order ${second.number} Order recorded Sent Dec 7, 2026`));
      assert.match(page.body, /href="\/admin\/notifications\/outbox\/[0-9a-f-]{36}"/, 'each email opens in the mail queue');
    });

    it('shows the emails to a ticket’s customer on the ticket page, marking those about the ticket', async () => {
      const { ticket } = await store.platform.database.transaction((tx) =>
        openTicket(store.platform, tx, { channel: 'web', email: second.email, subject: 'Where is my email?', body: 'I got nothing.', orderIds: [second.id], actor: { kind: 'customer', id: null } }),
      );
      const page = await agent.get(`/admin/support/${ticket.number}`);
      assert.equal(page.statusCode, 200);
      assert.match(text(page.body), new RegExp(`Emails to this customer Everything the store emailed grace\\.bounced@example\\.com, newest first\\. .*Payment confirmed for order ${second.number}.*We have your order ${second.number}`));
    });

    it('lists failed emails with their error and sends one again: back in the queue with its attempts reset', async () => {
      await queueFor(orderRecorded as TouchPoint, order);
      const [email] = await db().select().from(outgoingEmails).where(eq(outgoingEmails.orderId, order.id));
      assert.ok(email);
      await db().update(outgoingEmails).set({ status: 'failed', attempts: 8, lastError: 'connect ECONNREFUSED 127.0.0.1:25' }).where(eq(outgoingEmails.id, email.id));

      const list = await agent.get('/admin/notifications/outbox?status=failed&recipient=ADA.READER');
      assert.equal(list.statusCode, 200);
      assert.match(text(list.body), /1 email\..*ada\.reader@example\.com .* Failed 8 connect ECONNREFUSED 127\.0\.0\.1:25/);
      const none = await agent.get('/admin/notifications/outbox?status=failed&recipient=nobody');
      assert.match(text(none.body), /No emails match\./);

      const agentPage = await agent.get(`/admin/notifications/outbox/${email.id}`);
      assert.match(text(agentPage.body), /Message-ID <.*Reply-To/);
      assert.match(agentPage.body, new RegExp(`src="/admin/notifications/outbox/${email.id}/html"`));
      assert.doesNotMatch(agentPage.body, /Send again/, 'agents read, administrators send again');
      const html = await agent.get(`/admin/notifications/outbox/${email.id}/html`);
      assert.match(String(html.headers['content-security-policy']), /\bsandbox\b/);
      assert.equal(html.body, email.html);

      const page = await admin.get(`/admin/notifications/outbox/${email.id}`);
      assert.match(page.body, /Send again/);
      const retried = await admin.post(`/admin/notifications/outbox/${email.id}/retry`, {});
      assert.equal(retried.statusCode, 303);
      const [after] = await db().select().from(outgoingEmails).where(eq(outgoingEmails.id, email.id));
      assert.deepEqual([after!.status, after!.attempts, after!.messageId], ['queued', 0, email.messageId]);
      assert.match(text((await admin.get(String(retried.headers.location))).body), /back in the queue/);
      assert.equal((await admin.post(`/admin/notifications/outbox/${email.id}/retry`, {})).statusCode, 409, 'only a failed email is sent again');
    });
  });
});
