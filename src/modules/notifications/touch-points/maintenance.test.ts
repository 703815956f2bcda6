// The maintenance emails, from the status page and the maintenance admin to the dev mailbox:
// the confirmation link of a status subscription, and one announcement per address of a
// window (subscribers, customers with an unpaid order, shoppers at checkout), none to a
// stopped, unconfirmed or opted-out reader, with List-Unsubscribe, and never a second time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { fixedClock } from '../../../platform/clock.ts';
import type { DomainEvent, EventPayload } from '../../../platform/events/events.ts';
import { readDevMailbox } from '../../../platform/mail/mailer.ts';
import { Browser, createStaff } from '../../../testing/admin.ts';
import { orderingStore, placeTestOrder, sellable } from '../../../testing/orders.ts';
import type { TestStore } from '../../../testing/store.ts';
import { stopUrl, subscriberById } from '../../maintenance/index.ts';
import { preferencesOf, unsubscribeUrl } from '../preferences/preferences.ts';
import { deliverDue } from '../queue/deliver.ts';
import { queueTouchPoint } from '../queue/enqueue.ts';
import { outgoingEmails } from '../schema.ts';
import { announcementsWelcomeAgain } from '../preferences/consent.ts';
import type { TouchPoint } from './define.ts';
import { maintenanceAnnouncement, statusSubscriptionConfirm } from './maintenance.ts';

describe('notifications: touch-points: maintenance', () => {
  const clock = fixedClock('2026-12-06T12:00:00Z');
  let store: TestStore;
  const db = () => store.platform.database.db;

  before(async () => {
    store = await orderingStore(clock);
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

  const pathOf = (url: string) => {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  };

  async function subscribe(visitor: Browser, email: string): Promise<void> {
    await visitor.get('/status');
    assert.equal((await visitor.post('/status/subscribe', { email })).statusCode, 200);
  }

  describe('maintenance emails', () => {
    it('confirms a subscription by the emailed link, and announces a window once to each reader who wants it', async () => {
      const variant = await sellable(store, 2500);
      await placeTestOrder(store, [[variant, 1]], { pay: false, email: 'unpaid@example.com' });
      await placeTestOrder(store, [[variant, 1]], { pay: false, email: 'reader@example.com' });
      // Paid, so only its checkout draft (typed today) makes it a reader.
      await placeTestOrder(store, [[variant, 1]], { email: 'drafting@example.com' });

      const visitor = new Browser(store);
      for (const email of ['reader@example.com', 'stopped@example.com', 'unconfirmed@example.com', 'optedout@example.com']) await subscribe(visitor, email);
      await deliverAll(statusSubscriptionConfirm, 2);
      for (const email of ['reader@example.com', 'stopped@example.com', 'optedout@example.com']) {
        const [mail, ...more] = await readDevMailbox(db(), email);
        assert.equal(more.length, 0, `one confirmation email to ${email}`);
        assert.equal(mail!.subject, 'Confirm your status emails from Doorstep');
        const link = /http:\/\/store\.test(\/status\/subscription\/confirm\?token=\S+)/.exec(mail!.text)![1]!;
        assert.equal((await visitor.get(link)).statusCode, 200);
        assert.match((await visitor.post(link, {})).body, /You are subscribed/);
      }
      const stopped = (await store.platform.events.history(db(), 'status.subscription_requested')).map((e) => String(e.payload.subscriberId));
      const stopLink = pathOf(stopUrl(store.platform, (await subscriberById(db(), stopped[1]!))!));
      await visitor.get(stopLink);
      assert.match((await visitor.post(stopLink, {})).body, /You will hear no more/);
      // Opted out from an email's one-click unsubscribe: the status subscription stops with it.
      const optOut = await visitor.post(pathOf(unsubscribeUrl(store.platform, 'optedout@example.com', 'announcements')), { 'List-Unsubscribe': 'One-Click' });
      assert.equal(optOut.statusCode, 200);

      const admin = new Browser(store);
      await admin.signIn(await createStaff(store, 'admin'));
      const scheduled = await admin.post('/admin/maintenance', { startDate: '2026-12-08', startTime: '02:00', endDate: '2026-12-08', endTime: '04:00', scope: 'checkout', message: 'We are moving to a faster payment system.' });
      assert.equal(scheduled.statusCode, 303, scheduled.body);
      const windowPath = String(scheduled.headers.location).split('?')[0]!;
      assert.equal((await admin.post(`${windowPath}/announce`, {})).statusCode, 303);
      await deliverAll(maintenanceAnnouncement, 3);

      const announcements = await db().select().from(outgoingEmails).where(eq(outgoingEmails.touchPoint, 'maintenance.announcement'));
      assert.deepEqual(announcements.map((email) => email.recipient).sort(), ['drafting@example.com', 'reader@example.com', 'unpaid@example.com']);
      for (const email of announcements) {
        assert.equal(email.status, 'sent');
        assert.match(email.headers['List-Unsubscribe'] ?? '', /^<http:\/\/store\.test\/email\/unsubscribe\?topic=announcements&token=/);
        assert.equal(email.headers['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');
        assert.equal(email.subject, 'Planned maintenance at Doorstep: Tuesday, December 8, 2:00 AM – 4:00 AM (Eastern Time)');
        assert.match(email.text, /Checkout and payments will not work; you can still browse and fill your cart\. We are moving to a faster payment system\./);
        assert.match(email.text, /Nothing you typed or paid for will be lost/);
        assert.match(email.text, /http:\/\/store\.test\/status/);
        assert.equal(email.text.includes('Stop status emails'), email.recipient === 'reader@example.com', 'only subscribers get the stop link');
      }
      assert.equal((await readDevMailbox(db(), 'reader@example.com')).length, 2, 'the confirmation and one announcement');

      const again = await admin.post(`${windowPath}/announce`, {});
      assert.equal(again.statusCode, 409);
      await deliverAll(maintenanceAnnouncement);
      assert.equal((await db().select().from(outgoingEmails).where(eq(outgoingEmails.touchPoint, 'maintenance.announcement'))).length, 3, 'a second announce sends nothing');

      // Subscribing again and confirming is consent: announcements are on again.
      clock.advance(60_000);
      await subscribe(visitor, 'optedout@example.com');
      await deliverAll(statusSubscriptionConfirm, 3);
      assert.equal((await readDevMailbox(db(), 'optedout@example.com')).length, 2, 'a fresh confirmation link');
      const [again2] = await readDevMailbox(db(), 'optedout@example.com');
      assert.equal(again2!.subject, 'Confirm your status emails from Doorstep');
      const link = /http:\/\/store\.test(\/status\/subscription\/confirm\?token=\S+)/.exec(again2!.text)![1]!;
      assert.match((await visitor.post(link, {})).body, /You are subscribed/);
      for (const event of await store.platform.events.history(db(), 'status.subscription_confirmed', 100)) {
        await store.platform.database.transaction((tx) => announcementsWelcomeAgain(store.platform, tx, event as DomainEvent<{ subscriberId: string }>));
      }
      assert.equal((await preferencesOf(db(), 'optedout@example.com')).announcements, true);
    });
  });
});
