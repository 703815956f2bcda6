// The emails of incidents and outages: one email to each confirmed subscriber when an incident
// opens and one when it is resolved (none for updates between, none to the unconfirmed or
// stopped, never twice), the one "we are back" email per address and outage after the outage
// page's addresses are imported (twice imported, still once), the support acknowledgement
// that names an open incident matching the request (and only then), and the emails part of
// the status page while emails wait to be sent again.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { fixedClock } from '../../../platform/clock.ts';
import type { EventPayload } from '../../../platform/events/events.ts';
import { readDevMailbox } from '../../../platform/mail/mailer.ts';
import { Browser, createStaff } from '../../../testing/admin.ts';
import { TestBrowser } from '../../../testing/browser.ts';
import { sellable } from '../../../testing/orders.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { confirmationUrl, subscriberById } from '../../maintenance/index.ts';
import { importBackOnlineRequests } from '../../status-incidents/index.ts';
import { openTicket } from '../../support/index.ts';
import { deliverDue } from '../queue/deliver.ts';
import { queueTouchPoint } from '../queue/enqueue.ts';
import { outgoingEmails } from '../schema.ts';
import type { TouchPoint } from './define.ts';
import { backOnlineTouchPoint, incidentOpenedTouchPoint, incidentResolvedTouchPoint } from './incidents.ts';
import { maintenanceAnnouncement } from './maintenance.ts';
import { supportReceived } from './support.ts';

describe('notifications: touch-points: incidents', () => {
  const clock = fixedClock('2026-12-06T17:00:00Z');
  let store: TestStore;
  const db = () => store.platform.database.db;
  const pathOf = (url: string) => new URL(url).pathname + new URL(url).search;

  before(async () => {
    store = await createTestStore({ clock });
  });
  after(() => store.close());

  /** Runs the touch point for every event it listens to (each `times` times, as a redelivering outbox would), then sends. */
  async function deliverAll(touchPoint: TouchPoint, times = 1): Promise<void> {
    const { platform } = store;
    for (const event of await platform.events.history(db(), touchPoint.event.name, 1000)) {
      for (let i = 0; i < times; i++) await platform.database.transaction((tx) => queueTouchPoint(platform, tx, touchPoint as TouchPoint<EventPayload>, event));
    }
    await deliverDue(platform);
  }

  const sentOf = (touchPoint: string) => db().select().from(outgoingEmails).where(eq(outgoingEmails.touchPoint, touchPoint));

  describe('incident emails', () => {
    it('tells each confirmed subscriber once when an incident opens and once when it is resolved', async () => {
      const visitor = new Browser(store);
      await visitor.get('/status');
      for (const email of ['reader@example.com', 'unconfirmed@example.com']) assert.equal((await visitor.post('/status/subscribe', { email })).statusCode, 200);
      const subscribers = await Promise.all((await store.platform.events.history(db(), 'status.subscription_requested', 10)).map((event) => subscriberById(db(), String(event.payload.subscriberId))));
      const reader = subscribers.find((subscriber) => subscriber?.email === 'reader@example.com')!;
      const confirm = pathOf(confirmationUrl(store.platform, reader));
      await visitor.get(confirm);
      assert.match((await visitor.post(confirm, {})).body, /You are subscribed/);

      const lead = new Browser(store);
      await lead.signIn(await createStaff(store, 'lead'));
      await lead.get('/admin/status/incidents');
      const opened = await lead.post('/admin/status/incidents', { title: 'Emails <late> & slow', components: 'email', impact: 'degraded', message: 'Order emails arrive late; nothing is lost.' });
      assert.equal(opened.statusCode, 303);
      const path = String(opened.headers.location).split('?')[0]!;
      await lead.get(path);
      assert.equal((await lead.post(`${path}/updates`, { state: 'identified', message: 'Our mail provider is slow.' })).statusCode, 303);
      await deliverAll(incidentOpenedTouchPoint, 2);

      const [openedMail, ...moreOpened] = await sentOf('status.incident-opened');
      assert.equal(moreOpened.length, 0, 'one email, to the confirmed subscriber only, however often the event comes');
      assert.equal(openedMail!.recipient, 'reader@example.com');
      assert.equal(openedMail!.subject, 'Something is not working at Doorstep: Emails <late> & slow');
      assert.match(openedMail!.text, /Order emails arrive late; nothing is lost\./);
      assert.match(openedMail!.text, /http:\/\/store\.test\/status\/incidents\/[0-9a-f-]{36}/);
      assert.match(openedMail!.text, /Stop status emails/);
      assert.match(openedMail!.headers['List-Unsubscribe'] ?? '', /^<http:\/\/store\.test\/email\/unsubscribe\?topic=announcements&token=/);
      assert.doesNotMatch(openedMail!.html, /<late>/, 'the title is escaped in the HTML part');

      clock.advance(3_600_000);
      assert.equal((await lead.post(`${path}/updates`, { state: 'resolved', message: 'Emails go out on time again.' })).statusCode, 303);
      await deliverAll(incidentResolvedTouchPoint, 2);
      const resolved = await sentOf('status.incident-resolved');
      assert.deepEqual(resolved.map((email) => email.recipient), ['reader@example.com']);
      assert.equal(resolved[0]!.subject, 'Resolved at Doorstep: Emails <late> & slow');
      assert.match(resolved[0]!.text, /Emails go out on time again\./);
      assert.deepEqual(await readDevMailbox(db(), 'unconfirmed@example.com'), [], 'the unconfirmed hear nothing of incidents');

      // The merchant words them like any other email, with a preview from the latest incident.
      for (const key of ['status.incident-opened', 'status.incident-resolved', 'status.back-online']) {
        const page = await lead.get(`/admin/notifications/${key}`);
        assert.equal(page.statusCode, 200, key);
      }
      assert.match((await lead.get('/admin/notifications/status.incident-resolved')).body, /Resolved at Doorstep: Emails &lt;late&gt; &amp; slow|Resolved at Doorstep: Emails &lt;late> &amp; slow/);
    });
  });

  describe('the support acknowledgement during an incident', () => {
    it('names the open incident the request is about, and says nothing of it otherwise', async () => {
      const lead = new Browser(store);
      await lead.signIn(await createStaff(store, 'lead'));
      await lead.get('/admin/status/incidents');
      const opened = await lead.post('/admin/status/incidents', { title: 'Card payments failing', components: 'payments', impact: 'down', message: 'Cards are refused; orders are still taken and paid by link later.' });
      assert.equal(opened.statusCode, 303);
      const ask = (email: string, subject: string, body: string) =>
        store.platform.database.transaction((tx) => openTicket(store.platform, tx, { channel: 'web', email, name: 'Nora Quist', subject, body, actor: { kind: 'customer' } }));
      const { ticket } = await ask('payer@example.com', 'Problem at checkout', 'My card was declined twice, was I charged?');
      await ask('sizer@example.com', 'Which size fits four?', 'We are four at the table.');
      await deliverAll(supportReceived);
      const [payer] = await readDevMailbox(db(), 'payer@example.com');
      assert.match(payer!.text, /You may be writing about something we already know of: “Card payments failing” \(Payments\)\. Our latest update: Cards are refused; orders are still taken and paid by link later\./);
      assert.match(payer!.text, /Follow it on our status page/);
      const [sizer] = await readDevMailbox(db(), 'sizer@example.com');
      assert.doesNotMatch(sizer!.text, /something we already know of/);

      // The agents see it above the queue and on each ticket.
      const agent = new Browser(store);
      await agent.signIn(await createStaff(store, 'agent'));
      const queue = await agent.get('/admin/support');
      assert.equal(queue.statusCode, 200);
      assert.match(queue.body, /Customers may be writing about this/);
      assert.match(queue.body, /Card payments failing/);
      const page = await agent.get(`/admin/support/${ticket.number}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Customers may be writing about this.*Card payments failing.*Cards are refused/s);
    });
  });

  describe('we are back', () => {
    it('emails each address left on the outage page once per outage, however often the file is imported', async () => {
      const outageSince = '2026-12-06T16:50:00.000Z';
      const line = (email: string) => ({ id: crypto.randomUUID(), email, at: '2026-12-06T16:55:00.000Z', outageSince });
      const first = [line('Waiting@Example.com'), line('waiting@example.com'), line('other@example.com'), line('not an address')];
      assert.equal(await importBackOnlineRequests(store.platform, first), 3, 'the invalid address is left out');
      assert.equal(await importBackOnlineRequests(store.platform, first), 0, 'a second import of the same lines adds nothing');
      await deliverAll(backOnlineTouchPoint, 2);
      const sent = await sentOf('status.back-online');
      assert.deepEqual(sent.map((email) => email.recipient).sort(), ['other@example.com', 'waiting@example.com'], 'one email per address, though it was typed twice');
      assert.equal(sent[0]!.subject, 'Doorstep is back');
      assert.equal(sent[0]!.headers['List-Unsubscribe'], undefined, 'asked for, once: not an announcement');
    });
  });

  describe('announcing a window to customers with an open cart', () => {
    it('emails signed-in customers with something in their cart once, and not those whose cart is empty', async () => {
      const variant = await sellable(store, 1500);
      const customer = async (email: string, quantity: number) => {
        const browser = new TestBrowser(store);
        assert.equal((await browser.api('POST', '/api/v1/auth/sign-up', { email, name: 'Cara Cart', password: 'a long enough password' })).statusCode, 201);
        if (quantity > 0) assert.equal((await browser.api('POST', '/api/v1/cart/lines', { variantId: variant, quantity })).statusCode < 300, true);
        return browser;
      };
      await customer('carted@example.com', 2);
      await customer('empty@example.com', 0);
      const admin = new Browser(store);
      await admin.signIn(await createStaff(store, 'admin'));
      const scheduled = await admin.post('/admin/maintenance', { startDate: '2026-12-09', startTime: '02:00', endDate: '2026-12-09', endTime: '03:00', scope: 'checkout', message: 'A faster payment system.' });
      assert.equal(scheduled.statusCode, 303, scheduled.body);
      const windowPath = String(scheduled.headers.location).split('?')[0]!;
      assert.equal((await admin.post(`${windowPath}/announce`, {})).statusCode, 303);
      await deliverAll(maintenanceAnnouncement, 2);
      const recipients = (await sentOf('maintenance.announcement')).map((email) => email.recipient);
      assert.equal(recipients.filter((to) => to === 'carted@example.com').length, 1, 'once, however often the event comes');
      assert.ok(!recipients.includes('empty@example.com'));
      assert.ok(recipients.includes('reader@example.com'), 'and the confirmed subscriber, as before');
    });
  });

  describe('the emails part of the status page', () => {
    it('says emails are delayed while some wait to be sent again, and nothing once they went', async () => {
      const json = async () => ((await store.app.inject({ method: 'GET', url: '/status.json' })).json() as { components: { key: string; state: string; detail: string }[] }).components.find((c) => c.key === 'email')!;
      await store.platform.database.transaction((tx) =>
        tx.insert(outgoingEmails).values({
          id: crypto.randomUUID(),
          dedupeKey: `test|${crypto.randomUUID()}`,
          touchPoint: 'test',
          recipient: 'late@example.com',
          messageId: `<${crypto.randomUUID()}@store.test>`,
          subject: 'Late',
          text: 'Late',
          html: '<p>Late</p>',
          headers: {},
          status: 'queued',
          attempts: 2,
          nextAttemptAt: new Date('2026-12-07T00:00:00Z'),
          lastError: 'connect ECONNREFUSED 127.0.0.1:25',
          createdAt: clock.now(),
        }),
      );
      const delayed = await json();
      assert.equal(delayed.state, 'degraded');
      assert.match(delayed.detail, /Emails are delayed.*One email is kept.*nothing is lost/);
      await db().update(outgoingEmails).set({ status: 'sent', lastError: null }).where(eq(outgoingEmails.recipient, 'late@example.com'));
      assert.equal((await json()).state, 'operational');
    });
  });
});
