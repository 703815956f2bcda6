// Incidents and the status page: the rules (pure: what a new incident needs, the 90-day history
// by store day across a clock change, which request matches which incident, the Atom feed's
// escaping), the admin's open, update and resolve with the permission they need, the status
// page, its JSON and feed following each step, and the store's own incident for the payment
// gateway opened once however many times the circuit opens, and resolved when it closes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseDocument } from 'htmlparser2';
import { fixedClock } from '../../platform/clock.ts';
import { parseOutageFile } from '../../platform/http/outage.ts';
import { Browser, createStaff } from '../../testing/admin.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import type { MaintenanceWindow } from '../maintenance/index.ts';
import { incidentOpened, incidentResolved, incidentUpdated } from './events.ts';
import { atomFeed, xml } from './feed.ts';
import { GATEWAY_INCIDENT_KEY, gatewayCircuitChanged } from './gateway.ts';
import { dailyHistory, HISTORY_DAYS, signalsAt } from './history.ts';
import { activeIncidents, incidentById, incidentProblems, type IncidentWithUpdates } from './incidents.ts';
import { incidentMatchingRequest } from './matching.ts';

describe('status-incidents: incidents', () => {
  const clock = fixedClock('2026-12-06T17:00:00Z');
  let store: TestStore;
  let lead: Browser;
  const db = () => store.platform.database.db;
  const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
  const at = (iso: string) => new Date(iso);

  function incident(fields: Partial<IncidentWithUpdates> & Pick<IncidentWithUpdates, 'openedAt'>): IncidentWithUpdates {
    return { id: crypto.randomUUID(), title: 'Card payments failing', components: ['payments'], impact: 'degraded', state: 'investigating', automaticKey: null, openedBy: 'system', updatedAt: fields.openedAt, resolvedAt: null, updates: [], ...fields };
  }

  function window(startsAt: string, endsAt: string, scope: MaintenanceWindow['scope'] = 'site'): MaintenanceWindow {
    const now = at('2026-11-01T00:00:00Z');
    return { id: crypto.randomUUID(), startsAt: at(startsAt), endsAt: at(endsAt), scope, message: 'Moving to a faster server.', createdBy: crypto.randomUUID(), createdAt: now, updatedAt: now, cancelledAt: null, announcedAt: null };
  }

  before(async () => {
    store = await createTestStore({ clock });
    lead = new Browser(store);
    await lead.signIn(await createStaff(store, 'lead'));
  });
  after(() => store.close());

  describe('incident rules', () => {
    it('wants a title, known parts, an impact, an open state and a first update, each beside its field', () => {
      const fine = { title: 'Card payments failing', components: ['payments'], impact: 'degraded', message: 'We are on it.' };
      assert.deepEqual(incidentProblems(fine), []);
      assert.deepEqual(
        incidentProblems({ title: ' ', components: [], impact: 'meh', message: '', state: 'resolved' }).map((p) => p.field),
        ['title', 'components', 'impact', 'state', 'message'],
      );
      assert.deepEqual(incidentProblems({ ...fine, title: 'x'.repeat(121) }).map((p) => p.field), ['title']);
      assert.deepEqual(incidentProblems({ ...fine, components: ['payments', 'the-moon'] }).map((p) => p.field), ['components']);
      assert.deepEqual(incidentProblems({ ...fine, message: 'x'.repeat(2001) }).map((p) => p.field), ['message']);
    });

    it('keeps 90 store days, each part at its worst that day, and the day clocks go back lasts 25 hours', () => {
      // Sunday 1 November 2026 in New York runs from 04:00 UTC to 05:00 UTC the next day.
      const now = at('2026-11-02T15:00:00Z');
      const lateSunday = incident({ openedAt: at('2026-11-02T04:30:00Z'), resolvedAt: at('2026-11-02T04:50:00Z'), components: ['payments', 'checkout'], impact: 'down' });
      const saturday = incident({ openedAt: at('2026-10-31T12:00:00Z'), resolvedAt: at('2026-10-31T13:00:00Z'), components: ['email'] });
      const still = incident({ openedAt: at('2026-11-02T14:00:00Z'), components: ['storefront'] });
      const maintenance = window('2026-10-31T06:00:00Z', '2026-10-31T08:00:00Z', 'checkout');
      const days = dailyHistory(now, 'America/New_York', [lateSunday, saturday, still], [maintenance]);
      assert.equal(days.length, HISTORY_DAYS);
      assert.equal(days.at(-1)!.date, '2026-11-02');
      assert.equal(days[0]!.date, '2026-08-05');
      const day = (date: string) => days.find((d) => d.date === date)!;
      assert.equal(day('2026-11-01').states.payments, 'down', '23:30 on the long Sunday is still Sunday');
      assert.deepEqual(day('2026-11-01').incidentIds, [lateSunday.id]);
      assert.equal(day('2026-11-02').states.payments, 'operational');
      assert.equal(day('2026-11-02').states.storefront, 'degraded', 'an open incident counts today');
      assert.equal(day('2026-10-31').states.email, 'degraded');
      assert.equal(day('2026-10-31').states.checkout, 'maintenance');
      assert.equal(day('2026-10-31').states.storefront, 'operational', 'a checkout window leaves the storefront alone');
      assert.deepEqual(day('2026-10-31').windowIds, [maintenance.id]);
      assert.equal(day('2026-10-30').states.checkout, 'operational');
    });

    it('gives each part the states of open incidents and running windows', () => {
      const now = at('2026-12-06T17:00:00Z');
      const signals = signalsAt(now, [incident({ openedAt: now, components: ['payments', 'checkout'] })], [window('2026-12-06T16:00:00Z', '2026-12-06T18:00:00Z'), window('2026-12-07T16:00:00Z', '2026-12-07T18:00:00Z')]);
      assert.deepEqual(
        signals.map((s) => `${s.component}:${s.state}`),
        ['payments:degraded', 'checkout:degraded', 'storefront:maintenance', 'checkout:maintenance', 'payments:maintenance', 'support-chat:maintenance'],
        'only the running window counts',
      );
    });

    it('matches a request to the open incident of the part it is about, by whole words', () => {
      const payments = incident({ openedAt: at('2026-12-06T10:00:00Z'), components: ['payments'] });
      const email = incident({ openedAt: at('2026-12-06T11:00:00Z'), components: ['email'] });
      const facts = (subject: string, body = '', tags: string[] = []) => ({ subject, text: body, tags });
      assert.equal(incidentMatchingRequest([payments, email], facts('My card was declined')), payments);
      assert.equal(incidentMatchingRequest([payments, email], facts('Question', 'No confirmation EMAIL came')), email);
      assert.equal(incidentMatchingRequest([payments, email], facts('Question', '', ['payment-problem'])), payments, 'tags count, split at dashes');
      assert.equal(incidentMatchingRequest([payments, email], facts('Paid twice? And no email')), email, 'the incident opened last wins');
      assert.equal(incidentMatchingRequest([payments, email], facts('Can I change my address?')), null);
      assert.equal(incidentMatchingRequest([payments], facts('Where is the cardigan I saw?')), null, 'whole words only');
      assert.equal(incidentMatchingRequest([{ ...payments, resolvedAt: at('2026-12-06T12:00:00Z') }], facts('card declined')), null);
    });

    it('escapes the Atom feed so it parses, and drops characters XML forbids', () => {
      assert.equal(xml(`<b>"Tom" & 'Jerry'</b>\u0001`), '&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;');
      const nasty = incident({
        openedAt: at('2026-12-06T10:00:00Z'),
        title: 'Pay </title><script>alert(1)</script> & more',
        updates: [{ id: crypto.randomUUID(), incidentId: 'x', seq: 1, state: 'investigating', message: 'Cards <fail> & "retry"\u0007', postedBy: 'system', postedAt: at('2026-12-06T10:00:00Z') }],
      });
      const feed = atomFeed({
        storeName: 'Doorstep & Co',
        baseUrl: 'http://store.test',
        incidents: [nasty],
        windows: [window('2026-12-08T07:00:00Z', '2026-12-08T09:00:00Z')],
        describeWindow: (w) => ({ title: 'Planned maintenance <soon>', text: w.message }),
        stateLabel: (state) => state,
        incidentUrl: (i) => `http://store.test/status/incidents/${i.id}?a=1&b=2`,
        now: at('2026-12-06T17:00:00Z'),
      });
      const doc = parseDocument(feed, { xmlMode: true });
      const feedElement = doc.children.find((node) => 'name' in node && node.name === 'feed') as unknown as { attribs: Record<string, string>; children: { name?: string }[] };
      assert.equal(feedElement.attribs.xmlns, 'http://www.w3.org/2005/Atom');
      const entries = feedElement.children.filter((node) => node.name === 'entry');
      assert.equal(entries.length, 2);
      assert.doesNotMatch(feed, /<script>|\u0007/);
      assert.match(feed, /<title>investigating: Pay &lt;\/title&gt;&lt;script&gt;/);
      // The entry's HTML is escaped twice: once as HTML, once for XML.
      assert.match(feed, /Cards &amp;lt;fail&amp;gt; &amp;amp; &amp;quot;retry&amp;quot;/);
      assert.match(feed, /href="http:\/\/store.test\/status\/incidents\/[0-9a-f-]+\?a=1&amp;b=2"/);
    });

    it('reads the outage file, skipping a torn last line and lines that are not requests', () => {
      const id = crypto.randomUUID();
      const good = JSON.stringify({ id, email: 'a@example.com', at: '2026-12-06T10:00:00Z', outageSince: '2026-12-06T09:58:00Z' });
      const parsed = parseOutageFile(`${good}\n{"id":"not-a-uuid","email":"b@example.com","at":"x","outageSince":"y"}\nnonsense\n{"id":"${crypto.randomUUID()}","email":"c@exa`);
      assert.deepEqual(parsed, [{ id, email: 'a@example.com', at: '2026-12-06T10:00:00Z', outageSince: '2026-12-06T09:58:00Z' }]);
    });
  });

  describe('the incidents admin and the status page', () => {
    let incidentId: string;

    it('lets agents look but not open, and asks anyone else to sign in', async () => {
      const agent = new Browser(store);
      await agent.signIn(await createStaff(store, 'agent'));
      const page = await agent.get('/admin/status/incidents');
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /Open an incident/);
      assert.equal((await agent.post('/admin/status/incidents', { title: 'x', components: 'payments', impact: 'down', message: 'x' })).statusCode, 403);
      assert.equal((await agent.post(`/admin/status/incidents/${crypto.randomUUID()}/updates`, { state: 'resolved', message: 'x' })).statusCode, 403);
      assert.equal((await new Browser(store).post('/admin/status/incidents', { title: 'x' })).statusCode, 403, 'no session, no form token');
      assert.equal((await new Browser(store).get('/admin/status/incidents')).statusCode, 303);
    });

    it('refuses an incomplete incident beside its fields, keeping what was typed and opening nothing', async () => {
      await lead.get('/admin/status/incidents');
      const refused = await lead.post('/admin/status/incidents', { title: 'Card payments <failing>', impact: 'down', message: '' });
      assert.equal(refused.statusCode, 400);
      assert.match(text(refused.body), /Choose at least one part of the store it affects/);
      assert.match(text(refused.body), /Say what customers notice/);
      assert.match(refused.body, /value="Card payments &lt;failing>"/, 'what was typed comes back, escaped');
      assert.equal((await activeIncidents(db())).length, 0);
    });

    it('opens one: the status page, its JSON and today’s history show it, with its first update', async () => {
      const form = new URLSearchParams({ _csrf: lead.csrf, title: 'Card payments failing', impact: 'degraded', state: 'identified', message: 'Some cards are refused; we are on it.' });
      form.append('components', 'payments');
      form.append('components', 'checkout');
      const opened = await lead.post('/admin/status/incidents', form);
      assert.equal(opened.statusCode, 303, opened.body);
      incidentId = /\/admin\/status\/incidents\/([0-9a-f-]{36})\?notice=opened/.exec(opened.headers.location as string)![1]!;
      assert.match(text((await lead.get(opened.headers.location as string)).body), /Card payments failing Incident opened.*Affects Payments, Checkout/);

      const status = text((await new Browser(store).get('/status')).body);
      assert.match(status, /Payments Partly working or slow Card payments failing/);
      assert.match(status, /Storefront Working normally/);
      assert.match(status, /Incidents now Card payments failing Payments, Checkout .* Cause found .* Some cards are refused; we are on it\./);
      assert.ok(status.indexOf('Incidents now') < status.indexOf('Scheduled maintenance'), 'incidents come before planned maintenance');
      assert.ok(status.indexOf('Scheduled maintenance') < status.indexOf('The last 90 days'));

      const json = (await store.app.inject({ method: 'GET', url: '/status.json' })).json();
      assert.deepEqual(json.components.find((c: { key: string }) => c.key === 'payments'), { key: 'payments', name: 'Payments', state: 'degraded', detail: 'Card payments failing' });
      assert.equal(json.incidents.length, 1);
      assert.equal(json.incidents[0].state, 'identified');
      assert.deepEqual(json.incidents[0].components, ['payments', 'checkout']);
      assert.equal(json.history.length, HISTORY_DAYS);
      assert.deepEqual(json.history.at(-1), { date: '2026-12-06', components: { storefront: 'operational', checkout: 'degraded', payments: 'degraded', email: 'operational', 'support-chat': 'operational' }, incidents: [incidentId], maintenance: [] });
    });

    it('posts updates in order, refuses an empty one, and resolves it: no more updates after that', async () => {
      const path = `/admin/status/incidents/${incidentId}`;
      await lead.get(path);
      const empty = await lead.post(`${path}/updates`, { state: 'monitoring', message: ' ' });
      assert.equal(empty.statusCode, 400);
      assert.equal((await lead.post(`${path}/updates`, { state: 'sideways', message: 'x' })).statusCode, 400);
      assert.equal((await lead.post(`${path}/updates`, { state: 'monitoring', message: 'A fix is in place; watching.' })).statusCode, 303);
      clock.advance(60_000);
      assert.equal((await lead.post(`${path}/updates`, { state: 'resolved', message: 'All payments go through again.' })).statusCode, 303);
      const resolved = (await incidentById(db(), incidentId))!;
      assert.equal(resolved.state, 'resolved');
      assert.ok(resolved.resolvedAt);
      assert.deepEqual(
        resolved.updates.map((u) => u.state),
        ['resolved', 'monitoring', 'identified'],
      );
      const again = await lead.post(`${path}/updates`, { state: 'monitoring', message: 'Hm.' });
      assert.equal(again.statusCode, 409);
      assert.match(text(again.body), /It is resolved already: nothing was posted/);
      assert.equal((await incidentById(db(), incidentId))!.updates.length, 3);
      assert.equal((await lead.post(`/admin/status/incidents/${crypto.randomUUID()}/updates`, { state: 'monitoring', message: 'x' })).statusCode, 404);

      const events = store.platform.events;
      assert.equal((await events.history(db(), incidentOpened.name, 10)).length, 1);
      assert.equal((await events.history(db(), incidentUpdated.name, 10)).length, 1);
      assert.equal((await events.history(db(), incidentResolved.name, 10)).length, 1);

      const status = text((await new Browser(store).get('/status')).body);
      assert.match(status, /Payments Working normally/);
      assert.match(status, /No incident/);
      assert.match(status, /Past incidents and maintenance .* Card payments failing \(Payments, Checkout; resolved\)/);
      const json = (await store.app.inject({ method: 'GET', url: '/status.json' })).json();
      assert.equal(json.incidents.length, 0);
      assert.equal(json.pastIncidents[0].id, incidentId);
      assert.equal(json.history.at(-1).components.payments, 'degraded', 'the day keeps its worst moment');
    });

    it('shows the incident on its own page and in the Atom feed', async () => {
      const page = await new Browser(store).get(`/status/incidents/${incidentId}`);
      assert.equal(page.statusCode, 200);
      assert.match(text(page.body), /Card payments failing .* Resolved .* All payments go through again\. .* A fix is in place; watching\./);
      assert.equal((await new Browser(store).get(`/status/incidents/${crypto.randomUUID()}`)).statusCode, 404);
      const feed = await store.app.inject({ method: 'GET', url: '/status/feed.atom' });
      assert.equal(feed.statusCode, 200);
      assert.match(feed.headers['content-type'] as string, /^application\/atom\+xml/);
      const doc = parseDocument(feed.body, { xmlMode: true });
      assert.ok(doc.children.some((node) => 'name' in node && node.name === 'feed'));
      assert.match(feed.body, new RegExp(`<id>urn:uuid:${incidentId}</id><title>Resolved: Card payments failing</title>`));
    });
  });

  describe('the payment gateway’s incident', () => {
    it('opens once however often the circuit opens, at once or in turn, and resolves when it closes', async () => {
      const { platform } = store;
      await Promise.all([gatewayCircuitChanged(platform, 'open'), gatewayCircuitChanged(platform, 'open'), gatewayCircuitChanged(platform, 'open')]);
      await gatewayCircuitChanged(platform, 'open');
      const open = (await activeIncidents(db())).filter((i) => i.automaticKey === GATEWAY_INCIDENT_KEY);
      assert.equal(open.length, 1);
      assert.deepEqual(open[0]!.components, ['payments']);
      assert.equal(open[0]!.openedBy, 'system');
      assert.match(text((await new Browser(store).get('/status')).body), /Payments Partly working or slow Card payments are not going through/);

      await gatewayCircuitChanged(platform, 'closed');
      await gatewayCircuitChanged(platform, 'closed');
      assert.equal((await activeIncidents(db())).length, 0);
      const resolved = (await incidentById(db(), open[0]!.id))!;
      assert.equal(resolved.updates.length, 2);
      assert.match(resolved.updates[0]!.message, /working again/);

      await gatewayCircuitChanged(platform, 'open');
      assert.equal((await activeIncidents(db())).length, 1, 'a new failure is a new incident');
      await gatewayCircuitChanged(platform, 'closed');
    });
  });
});
