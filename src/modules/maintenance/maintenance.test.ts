// Planned maintenance windows: the rules (pure, with a fixed clock, across the US daylight-
// saving changes), the admin pages that schedule, move, end, cancel and announce a window, the
// status page's list and JSON, and the status subscription's double opt-in.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../platform/clock.ts';
import { Browser, createStaff, formFields } from '../../testing/admin.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { statusSubscribers } from './schema.ts';
import { confirmationUrl } from './subscribers.ts';
import { instantFromLocal } from './times.ts';
import { timeProblems, windowById, type MaintenanceWindow } from './windows.ts';

describe('maintenance', () => {
  const NEW_YORK = { timeZone: 'America/New_York', locale: 'en-GB' };
  const clock = fixedClock('2026-12-06T12:00:00Z');
  let store: TestStore;
  let admin: Browser;
  const db = () => store.platform.database.db;
  const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
  const at = (iso: string) => new Date(iso);

  function window(startsAt: string, endsAt: string, cancelled = false): MaintenanceWindow {
    const now = at('2026-12-01T00:00:00Z');
    return { id: crypto.randomUUID(), startsAt: at(startsAt), endsAt: at(endsAt), scope: 'checkout', message: 'm', createdBy: crypto.randomUUID(), createdAt: now, updatedAt: now, cancelledAt: cancelled ? now : null, announcedAt: null };
  }

  before(async () => {
    store = await createTestStore({ clock });
    admin = new Browser(store);
    await admin.signIn(await createStaff(store, 'lead'));
  });
  after(() => store.close());

  describe('window rules', () => {
    const now = at('2026-12-06T12:00:00Z');
    const check = (startsAt: string, endsAt: string, others: MaintenanceWindow[] = [], scheduling = true) => timeProblems({ startsAt: at(startsAt), endsAt: at(endsAt) }, { now, others, store: NEW_YORK, scheduling });

    it('refuses an end not after the start, a start in the past, more than 24 hours and an overlap, each beside its field', () => {
      assert.deepEqual(check('2026-12-08T07:00:00Z', '2026-12-08T09:00:00Z'), []);
      assert.deepEqual(check('2026-12-08T07:00:00Z', '2026-12-08T07:00:00Z').map((p) => p.field), ['end']);
      assert.deepEqual(check('2026-12-06T11:59:00Z', '2026-12-06T13:00:00Z').map((p) => p.field), ['start']);
      assert.match(check('2026-12-08T07:00:00Z', '2026-12-09T07:01:00Z')[0]!.message, /at most 24 hours.*split/);
      const existing = window('2026-12-08T07:00:00Z', '2026-12-08T09:00:00Z');
      const [overlap] = check('2026-12-08T08:00:00Z', '2026-12-08T10:00:00Z', [existing]);
      assert.equal(overlap?.field, 'start');
      assert.match(overlap!.message, /overlaps the window of Tue 8 Dec, 02:00 – 04:00/);
      assert.deepEqual(check('2026-12-08T09:00:00Z', '2026-12-08T10:00:00Z', [existing]), [], 'touching ends do not overlap');
      assert.deepEqual(check('2026-12-08T08:00:00Z', '2026-12-08T10:00:00Z', [window('2026-12-08T07:00:00Z', '2026-12-08T09:00:00Z', true)]), [], 'a cancelled window is free time');
      assert.deepEqual(check('2026-12-06T10:00:00Z', '2026-12-06T11:00:00Z', [], false).map((p) => p.field), ['end'], 'a change may not end in the past');
    });

    it('reads local times across the US daylight-saving changes in New York', () => {
      // Sunday 8 March 2026: 02:00 EST becomes 03:00 EDT; 02:30 does not exist and reads as 03:30.
      assert.equal(instantFromLocal('2026-03-08', '01:00', NEW_YORK.timeZone)?.toISOString(), '2026-03-08T06:00:00.000Z');
      assert.equal(instantFromLocal('2026-03-08', '02:30', NEW_YORK.timeZone)?.toISOString(), '2026-03-08T07:30:00.000Z');
      assert.equal(instantFromLocal('2026-03-08', '04:00', NEW_YORK.timeZone)?.toISOString(), '2026-03-08T08:00:00.000Z');
      assert.equal(instantFromLocal('2026-03-08', '25:00', NEW_YORK.timeZone), null);
      // 01:00 to 04:00 on the wall lasts two hours that night: fine. From 23:00 to 23:00 on the
      // night clocks go back (Sunday 1 November 2026) lasts 25 hours: too long.
      const spring = { startsAt: instantFromLocal('2026-03-08', '01:00', NEW_YORK.timeZone)!, endsAt: instantFromLocal('2026-03-08', '04:00', NEW_YORK.timeZone)! };
      assert.equal(spring.endsAt.getTime() - spring.startsAt.getTime(), 2 * 3600_000);
      const autumn = { startsAt: instantFromLocal('2026-10-31', '23:00', NEW_YORK.timeZone)!, endsAt: instantFromLocal('2026-11-01', '23:00', NEW_YORK.timeZone)! };
      const early = { now: at('2026-01-01T00:00:00Z'), others: [], store: NEW_YORK, scheduling: true };
      assert.deepEqual(timeProblems(spring, early), []);
      assert.match(timeProblems(autumn, early)[0]!.message, /at most 24 hours/);
    });
  });

  describe('the maintenance admin', () => {
    let windowId: string;
    const schedule = (fields: Record<string, string>) => admin.post('/admin/maintenance', { scope: 'checkout', message: 'We are moving to a faster payment system.', ...fields });

    it('lets agents look but not schedule', async () => {
      const agent = new Browser(store);
      await agent.signIn(await createStaff(store, 'agent'));
      assert.equal((await agent.get('/admin/maintenance')).statusCode, 200);
      assert.doesNotMatch((await agent.get('/admin/maintenance')).body, /Schedule a window/);
      assert.equal((await agent.post('/admin/maintenance', { startDate: '2026-12-08', startTime: '02:00', endDate: '2026-12-08', endTime: '04:00', scope: 'site', message: 'x' })).statusCode, 403);
      assert.equal((await new Browser(store).get('/admin/maintenance')).statusCode, 303);
    });

    it('schedules a window from local times, and refuses an overlapping one beside its field', async () => {
      const page = await admin.get('/admin/maintenance');
      assert.match(text(page.body), /Nothing planned/);
      const scheduled = await schedule({ startDate: '2026-12-08', startTime: '02:00', endDate: '2026-12-08', endTime: '04:00' });
      assert.equal(scheduled.statusCode, 303, scheduled.body);
      windowId = String(scheduled.headers.location).split('/').pop()!.split('?')[0]!;
      const stored = (await windowById(db(), windowId))!;
      assert.deepEqual([stored.startsAt.toISOString(), stored.endsAt.toISOString(), stored.scope], ['2026-12-08T07:00:00.000Z', '2026-12-08T09:00:00.000Z', 'checkout']);

      const refused = await schedule({ startDate: '2026-12-08', startTime: '03:00', endDate: '2026-12-08', endTime: '05:00' });
      assert.equal(refused.statusCode, 400);
      assert.match(text(refused.body), /Start day: This overlaps the window of Tue, Dec 8, 2:00 AM – 4:00 AM/);
      const bad = await schedule({ startDate: '2026-12-05', startTime: '2 am', endDate: '2026-12-04', endTime: '04:00' });
      assert.equal(bad.statusCode, 400);
      assert.match(text(bad.body), /Start time: Enter a time as HH:MM/);
      const events = await store.platform.events.history(db(), 'maintenance.window_scheduled');
      assert.deepEqual(events.map((e) => e.payload), [{ windowId }]);
    });

    it('lists it on the status page and in status.json', async () => {
      const status = await new Browser(store).get('/status');
      assert.match(text(status.body), /Scheduled maintenance Tuesday, December 8, 2:00 AM – 4:00 AM \(Eastern Time\)\. Checkout and payments will not work; you can still browse and fill your cart\. We are moving to a faster payment system\./);
      const json = (await store.app.inject({ url: '/status.json' })).json() as { maintenance: { id: string; startsAt: string; scope: string }[] };
      assert.deepEqual(json.maintenance.map((w) => [w.id, w.startsAt, w.scope]), [[windowId, '2026-12-08T07:00:00.000Z', 'checkout']]);
    });

    it('extends a window, ends it early while it runs, and announces it once', async () => {
      const page = await admin.get(`/admin/maintenance/${windowId}`);
      const fields = formFields(page.body, `/admin/maintenance/${windowId}`);
      assert.equal(fields.get('endTime'), '04:00');
      fields.set('endTime', '05:30');
      assert.equal((await admin.post(`/admin/maintenance/${windowId}`, fields)).statusCode, 303);
      assert.equal((await windowById(db(), windowId))!.endsAt.toISOString(), '2026-12-08T10:30:00.000Z');
      fields.set('endDate', '2026-12-09');
      fields.set('endTime', '03:00');
      assert.match(text((await admin.post(`/admin/maintenance/${windowId}`, fields)).body), /at most 24 hours/);

      assert.equal((await admin.post(`/admin/maintenance/${windowId}/announce`, {})).statusCode, 303);
      const again = await admin.post(`/admin/maintenance/${windowId}/announce`, {});
      assert.equal(again.statusCode, 409);
      assert.match(text(again.body), /already announced, on 6 Dec 2026|already announced, on Dec 6, 2026/);
      assert.equal((await store.platform.events.history(db(), 'maintenance.window_announced')).length, 1);

      clock.set('2026-12-08T08:00:00Z');
      assert.equal((await admin.post(`/admin/maintenance/${windowId}/cancel`, {})).statusCode, 409, 'a running window is ended, not cancelled');
      assert.equal((await admin.post(`/admin/maintenance/${windowId}/end`, {})).statusCode, 303);
      assert.equal((await windowById(db(), windowId))!.endsAt.toISOString(), '2026-12-08T08:00:00.000Z');
      assert.match(text((await new Browser(store).get('/status')).body), /No maintenance is planned/);
      assert.equal((await store.platform.events.history(db(), 'maintenance.window_changed')).length, 2);
      clock.set('2026-12-06T12:00:00Z');
    });

    it('cancels an upcoming window', async () => {
      const scheduled = await schedule({ startDate: '2026-12-20', startTime: '23:00', endDate: '2026-12-21', endTime: '01:00' });
      const id = String(scheduled.headers.location).split('/').pop()!.split('?')[0]!;
      assert.equal((await admin.post(`/admin/maintenance/${id}/cancel`, {})).statusCode, 303);
      assert.ok((await windowById(db(), id))!.cancelledAt);
      assert.equal((await admin.post(`/admin/maintenance/${id}/announce`, {})).statusCode, 409);
      assert.deepEqual((await store.platform.events.history(db(), 'maintenance.window_cancelled')).map((e) => e.payload), [{ windowId: id }]);
    });
  });

  describe('status subscriptions', () => {
    it('answers the same for a new and a known address, and confirms only with the button', async () => {
      const visitor = new Browser(store);
      await visitor.get('/status');
      const first = await visitor.post('/status/subscribe', { email: ' Reader@Example.com ' });
      assert.equal(first.statusCode, 200);
      const [subscriber] = await db().select().from(statusSubscribers);
      assert.equal(subscriber?.email, 'reader@example.com');
      assert.equal(subscriber?.confirmedAt, null);

      const link = new URL(confirmationUrl(store.platform, subscriber!));
      const landing = await visitor.get(link.pathname + link.search);
      assert.equal(landing.statusCode, 200);
      assert.match(text(landing.body), /Confirm your subscription/);
      assert.equal((await db().select().from(statusSubscribers))[0]?.confirmedAt, null, 'opening the link changes nothing');
      const confirmed = await visitor.post(link.pathname + link.search, {});
      assert.match(text(confirmed.body), /You are subscribed/);

      const second = await visitor.post('/status/subscribe', { email: 'reader@example.com' });
      assert.equal(text(second.body), text(first.body).replace(/name="_csrf" value="[^"]*"/, ''), 'no hint whether the address was known');
      assert.equal((await store.platform.events.history(db(), 'status.subscription_requested')).length, 1, 'a confirmed address is not asked again');

      const refused = await visitor.post('/status/subscribe', { email: 'not an address' });
      assert.equal(refused.statusCode, 400);
      assert.match(text(refused.body), /Enter an email address like name@example.com/);
      assert.equal((await visitor.get('/status/subscription/confirm?token=forged.token')).statusCode, 410);
    });

    it('limits how often one visitor may send the form', async () => {
      const visitor = new Browser(store);
      await visitor.get('/status');
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await visitor.post('/status/subscribe', { email: `reader${i}@example.com` })).statusCode);
      assert.ok(statuses.includes(429), statuses.join(' '));
      assert.ok(statuses.filter((status) => status === 200).length <= 10);
    });
  });
});
