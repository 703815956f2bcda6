// The desk's answer times in the store, on a fixed clock in New York: the promise made when a
// ticket opens for each tier (a merchant's policy and support hours winning over the
// defaults), the words the customer reads, the first agent reply, the resolution clock paused
// while waiting on the customer, late answers found by the sweep once, the "we have read it"
// event once, and what the staff pages show.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../../platform/clock.ts';
import { rows, type Db } from '../../../platform/db/database.ts';
import { Browser, createStaff, formFields, signedInStaff } from '../../../testing/admin.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { CUSTOMER_TIERS, type CustomerTier } from '../../customers/index.ts';
import { addTicketMessage } from '../messages.ts';
import { ticketById, ticketHistory } from '../read.ts';
import { SLA_TIERS } from '../schema.ts';
import type { TicketStatus } from '../states.ts';
import { markTicketRead, setTicketStatus } from '../status.ts';
import { openTestTicket, pageText } from '../test-support.ts';
import { DEFAULT_POLICIES, savePolicy, saveSupportHours } from './policies.ts';
import { formatPromisedAnswer, promisedAnswer } from './promise.ts';
import { sweepSlaBreaches } from './sweep.ts';

describe('support: sla', () => {
  // Monday 7 December 2026, 10:00 in New York (EST, UTC-5).
  const MONDAY_10 = '2026-12-07T15:00:00Z';
  const clock = fixedClock(MONDAY_10);
  let store: TestStore;
  let agent: Browser;
  let agentId: string;
  let emails = 0;

  before(async () => {
    store = await createTestStore({ clock });
    ({ browser: agent, id: agentId } = await signedInStaff(store, 'agent'));
  });
  after(() => store.close());

  const db = () => store.platform.database.db;
  const tx = <T>(fn: (t: Db) => Promise<T>) => store.platform.database.transaction(fn);
  const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;

  /** A ticket from a new customer of the tier, opened now. */
  async function ticketFrom(
    tier: CustomerTier,
    overrides: Parameters<typeof openTestTicket>[1] = {},
  ) {
    const email = `customer-${++emails}@example.com`;
    if (tier !== 'standard') {
      await openTestTicket(store, { email, subject: 'Makes the customer' });
      await rows(db(), sql`update customers set tier = ${tier} where email_normalized = ${email}`);
    }
    return (await openTestTicket(store, { email, ...overrides })).ticket;
  }

  const move = (ticketId: string, to: TicketStatus) =>
    tx((t) =>
      setTicketStatus(store.platform, t, ticketId, to, { actor: { kind: 'staff', id: agentId } }),
    );
  const reply = (
    ticketId: string,
    kind: 'agent_reply' | 'internal_note' | 'customer' = 'agent_reply',
  ) =>
    tx((t) =>
      addTicketMessage(store.platform, t, ticketId, {
        kind,
        body: 'Hello again',
        actor: kind === 'customer' ? { kind: 'customer' } : { kind: 'staff', id: agentId },
        channel: kind === 'internal_note' ? null : 'email',
      }),
    );

  describe('the promise made when a ticket opens', () => {
    it('covers every customer tier', () => {
      assert.deepEqual([...SLA_TIERS].sort(), [...CUSTOMER_TIERS].sort());
    });

    it('gives a standard customer 10 support hours for a first answer and three support days for a solution', async () => {
      clock.set('2026-12-04T22:30:00Z'); // Friday 17:30
      const ticket = await ticketFrom('standard');
      assert.equal(ticket.slaTier, 'standard');
      assert.equal(ticket.slaBusinessHours, true);
      assert.equal(
        iso(ticket.firstResponseDueAt),
        '2026-12-08T14:30:00.000Z',
        'Friday 0.5 h + Monday 9 h + Tuesday 09:30',
      );
      assert.equal(
        iso(ticket.resolutionDueAt),
        '2026-12-09T22:30:00.000Z',
        '27 h: Friday 0.5 + Monday 9 + Tuesday 9 + Wednesday 8.5, to 17:30',
      );
      assert.deepEqual(await promisedAnswer(db(), ticket.id), {
        dueAt: new Date('2026-12-08T14:30:00Z'),
        businessHoursOnly: true,
      });
    });

    it('gives premium 4 support hours and platinum one hour around the clock, found by the email', async () => {
      clock.set('2026-12-04T22:30:00Z'); // Friday 17:30
      const premium = await ticketFrom('premium', { email: `Customer-${emails + 1}@Example.com` });
      assert.equal(premium.slaTier, 'premium');
      assert.equal(iso(premium.firstResponseDueAt), '2026-12-07T17:30:00.000Z', 'Monday 12:30');
      const platinum = await ticketFrom('platinum');
      assert.equal(
        iso(platinum.firstResponseDueAt),
        '2026-12-04T23:30:00.000Z',
        'Friday 18:30: the same evening',
      );
      assert.equal(iso(platinum.resolutionDueAt), '2026-12-05T22:30:00.000Z');
      assert.deepEqual(await promisedAnswer(db(), platinum.id), {
        dueAt: new Date('2026-12-04T23:30:00Z'),
        businessHoursOnly: false,
      });
      assert.equal(await promisedAnswer(db(), 'not-a-ticket'), null);
    });

    it("keeps to the merchant's policy for the channel and the support hours", async () => {
      clock.set(MONDAY_10);
      await tx((t) =>
        savePolicy(
          store.platform.database,
          t,
          'standard',
          'phone',
          { firstResponseMinutes: 30, resolutionMinutes: 120, businessHours: true },
          clock.now(),
        ),
      );
      await tx((t) => saveSupportHours(store.platform.database, t, '08:00', '11:00', clock.now()));
      try {
        const phone = await ticketFrom('standard', { channel: 'phone' });
        assert.equal(iso(phone.firstResponseDueAt), '2026-12-07T15:30:00.000Z', '10:30');
        assert.equal(
          iso(phone.resolutionDueAt),
          '2026-12-08T14:00:00.000Z',
          '10:00–11:00, then Tuesday 08:00–09:00',
        );
        const web = await ticketFrom('standard', { channel: 'web' });
        assert.equal(
          iso(web.firstResponseDueAt),
          '2026-12-10T16:00:00.000Z',
          'the default 10 h in 3-hour days: 1 + 3 + 3 + 3, Thursday 11:00',
        );
      } finally {
        await tx((t) => saveSupportHours(store.platform.database, t, '09:00', '18:00', clock.now()));
      }
      assert.equal(DEFAULT_POLICIES.standard.firstResponseMinutes, 600);
    });

    it('words the promise in the store locale and time zone', () => {
      const due = new Date('2026-12-08T19:00:00Z');
      assert.equal(
        formatPromisedAnswer(due, { locale: 'en-GB', timeZone: 'America/New_York' }),
        'by Tuesday 8 December, 14:00 (New York time)',
      );
      assert.equal(
        formatPromisedAnswer(due, { locale: 'en-US', timeZone: 'America/New_York' }).replace(
          /\s/g,
          ' ',
        ),
        'by Tuesday, December 8, 2:00 PM (New York time)',
      );
      assert.equal(
        formatPromisedAnswer(due, { locale: 'en-GB', timeZone: 'America/Argentina/Buenos_Aires' }),
        'by Tuesday 8 December, 16:00 (Buenos Aires time)',
      );
    });
  });

  describe('keeping the promise', () => {
    it('records the first agent reply as the first answer, on time; notes and later replies change nothing', async () => {
      clock.set(MONDAY_10);
      const ticket = await ticketFrom('standard');
      clock.advance(60 * 60_000);
      await reply(ticket.id, 'internal_note');
      assert.equal(
        (await ticketById(db(), ticket.id))!.firstRespondedAt,
        null,
        'a note is not an answer',
      );
      clock.advance(60 * 60_000);
      await reply(ticket.id);
      clock.advance(60 * 60_000);
      await reply(ticket.id);
      const answered = (await ticketById(db(), ticket.id))!;
      assert.equal(iso(answered.firstRespondedAt), '2026-12-07T17:00:00.000Z');
      assert.equal(answered.firstResponseBreachedAt, null);
    });

    it('records a late first answer once, with a history row', async () => {
      clock.set(MONDAY_10);
      const ticket = await ticketFrom('premium');
      clock.set('2026-12-07T20:00:00Z'); // 15:00, an hour past the 14:00 promise
      await reply(ticket.id);
      const late = (await ticketById(db(), ticket.id))!;
      assert.equal(iso(late.firstResponseBreachedAt), '2026-12-07T20:00:00.000Z');
      const breaches = (await ticketHistory(db(), ticket.id)).filter(
        (e) => e.kind === 'sla_breached',
      );
      assert.deepEqual(
        breaches.map((e) => e.detail),
        [{ target: 'first_response', dueAt: '2026-12-07T19:00:00.000Z' }],
      );
    });

    it('stops the resolution clock while waiting on the customer and moves the due time by the support time paused', async () => {
      clock.set(MONDAY_10);
      const ticket = await ticketFrom('standard');
      assert.equal(iso(ticket.resolutionDueAt), '2026-12-10T15:00:00.000Z', 'Thursday 10:00');
      clock.set('2026-12-07T17:00:00Z'); // Monday 12:00
      await reply(ticket.id);
      await move(ticket.id, 'waiting_on_customer');
      const paused = (await ticketById(db(), ticket.id))!;
      assert.equal(iso(paused.slaPausedAt), '2026-12-07T17:00:00.000Z');
      assert.equal(iso(paused.resolutionDueAt), '2026-12-10T15:00:00.000Z', 'unchanged while paused');

      clock.set('2026-12-08T17:00:00Z'); // Tuesday 12:00: 6 h on Monday + 3 h on Tuesday paused
      await reply(ticket.id, 'customer');
      const resumed = (await ticketById(db(), ticket.id))!;
      assert.equal(resumed.status, 'open', 'the customer wrote back');
      assert.equal(resumed.slaPausedAt, null);
      assert.equal(
        iso(resumed.resolutionDueAt),
        '2026-12-11T15:00:00.000Z',
        'Thursday 10:00 + 9 support hours = Friday 10:00',
      );
    });

    it('records a late solution, judged at the moment its clock stopped', async () => {
      clock.set(MONDAY_10);
      const onTime = await ticketFrom('platinum');
      const late = await ticketFrom('platinum');
      clock.set('2026-12-08T14:00:00Z'); // Tuesday 09:00, 23 h later
      await move(onTime.id, 'waiting_on_customer');
      clock.set('2026-12-09T15:00:00Z'); // two days after opening
      await move(onTime.id, 'solved');
      await move(late.id, 'solved');
      assert.equal(
        (await ticketById(db(), onTime.id))!.resolutionBreachedAt,
        null,
        'its clock stopped an hour before the promise',
      );
      assert.equal(
        iso((await ticketById(db(), late.id))!.resolutionBreachedAt),
        '2026-12-09T15:00:00.000Z',
      );
    });
  });

  describe('the sweep', () => {
    it('marks overdue first answers and solutions once, and leaves answered and paused tickets alone', async () => {
      clock.set(MONDAY_10);
      const silent = await ticketFrom('platinum');
      const answered = await ticketFrom('platinum');
      const waiting = await ticketFrom('platinum');
      clock.advance(30 * 60_000);
      await reply(answered.id);
      await reply(waiting.id);
      await move(waiting.id, 'waiting_on_customer');
      clock.set('2026-12-08T16:00:00Z'); // 25 h later: every first answer and solution is due
      const first = await sweepSlaBreaches(store.platform);
      assert.ok(first.firstResponses >= 1 && first.resolutions >= 2, JSON.stringify(first));
      const [s, a, w] = await Promise.all(
        [silent, answered, waiting].map(async (t) => (await ticketById(db(), t.id))!),
      );
      assert.equal(iso(s!.firstResponseBreachedAt), '2026-12-08T16:00:00.000Z');
      assert.equal(iso(s!.resolutionBreachedAt), '2026-12-08T16:00:00.000Z');
      assert.equal(a!.firstResponseBreachedAt, null, 'answered in time');
      assert.equal(iso(a!.resolutionBreachedAt), '2026-12-08T16:00:00.000Z');
      assert.equal(w!.resolutionBreachedAt, null, 'its clock stands still');

      assert.deepEqual(
        await sweepSlaBreaches(store.platform),
        { firstResponses: 0, resolutions: 0 },
        'nothing twice',
      );
      assert.equal(
        (await ticketHistory(db(), silent.id)).filter((e) => e.kind === 'sla_breached').length,
        2,
      );
    });
  });

  describe('"we have read your question"', () => {
    it('publishes support.ticket_read once, with the first read', async () => {
      clock.set(MONDAY_10);
      const ticket = await ticketFrom('standard');
      assert.equal(await tx((t) => markTicketRead(store.platform, t, ticket.id, agentId)), true);
      assert.equal(await tx((t) => markTicketRead(store.platform, t, ticket.id, agentId)), false);
      const events = await rows<{ payload: unknown; actor: string }>(
        db(),
        sql`select payload, actor from domain_events where type = 'support.ticket_read' and payload->>'ticketId' = ${ticket.id}`,
      );
      assert.deepEqual(events, [
        { payload: { ticketId: ticket.id, number: ticket.number }, actor: `staff:${agentId}` },
      ]);
    });

    it('is published when an agent first opens the ticket page, and the page shows the answer times', async () => {
      clock.set(MONDAY_10);
      const ticket = await ticketFrom('standard');
      clock.advance(2 * 60 * 60_000);
      const page = pageText((await agent.get(`/admin/support/${ticket.number}`)).body);
      assert.match(page, /Promise Standard customer, counted in support hours/);
      assert.match(page, /First answer Due Dec 8, 2026, 11:00 AM: 23 h left/);
      assert.match(page, /Solution Due Dec 10, 2026, 10:00 AM: 2 d 22 h left/);
      assert.match(page, /Customer's rating Not rated/);
      const events = await rows(
        db(),
        sql`select 1 from domain_events where type = 'support.ticket_read' and payload->>'ticketId' = ${ticket.id}`,
      );
      assert.equal(events.length, 1);

      await move(ticket.id, 'waiting_on_customer');
      assert.match(
        pageText((await agent.get(`/admin/support/${ticket.number}`)).body),
        /Solution Paused since Dec 7, 2026, 12:00 PM while waiting on the customer/,
      );
      clock.set('2026-12-11T15:00:00Z');
      await reply(ticket.id, 'customer');
      const list = (await agent.get('/admin/support')).body;
      const row = new RegExp(`<tr>(?:(?!</tr>)[\\s\\S])*${ticket.number}[\\s\\S]*?</tr>`).exec(
        list,
      )![0];
      assert.match(pageText(row), /First answer Dec 8, 2026, 11:00 AM overdue 2 d 23 h .* Open /);
    });
  });

  describe('the answer times page', () => {
    it('is for staff who may change settings: agents are refused', async () => {
      assert.equal((await agent.get('/admin/support/answer-times')).statusCode, 403);
      assert.doesNotMatch((await agent.get('/admin/support')).body, /answer-times/);
      assert.equal(
        (
          await agent.post('/admin/support/answer-times', {
            channel: 'web',
            opens: '07:00',
            closes: '08:00',
          })
        ).statusCode,
        403,
      );
    });

    it("shows the promises in force for a channel, saves the merchant's, and new tickets by that channel get them", async () => {
      const admin = new Browser(store);
      await admin.signIn(await createStaff(store, 'admin'));
      assert.match((await admin.get('/admin/support')).body, /href="\/admin\/support\/answer-times"/);
      const page = await admin.get('/admin/support/answer-times?channel=chat');
      assert.equal(page.statusCode, 200);
      const form = formFields(page.body, '/admin/support/answer-times');
      assert.deepEqual(
        [
          'channel',
          'opens',
          'closes',
          'standard.first',
          'standard.resolution',
          'premium.first',
          'platinum.first',
          'platinum.aroundTheClock',
        ].map((name) => form.get(name)),
        ['chat', '09:00', '18:00', '10', '27', '4', '1', 'yes'],
      );

      form.set('standard.first', '0.5');
      form.set('standard.resolution', '0.25');
      form.set('closes', '08:00');
      const refused = await admin.post('/admin/support/answer-times', form);
      assert.equal(refused.statusCode, 400);
      assert.match(
        pageText(refused.body),
        /The desk must close after it opens\..*A solution cannot be promised before the first answer\./,
      );

      form.set('closes', '17:00');
      form.set('standard.resolution', '8');
      const saved = await admin.post('/admin/support/answer-times', form);
      assert.equal(saved.statusCode, 303);
      assert.match(
        pageText((await admin.get(saved.headers.location as string)).body),
        /Saved\. Tickets that open from now on by chat get these times/,
      );
      try {
        clock.set('2026-12-07T21:50:00Z'); // Monday 16:50, ten minutes before the new closing time
        const chat = await ticketFrom('standard', { channel: 'chat' });
        assert.equal(
          iso(chat.firstResponseDueAt),
          '2026-12-08T14:20:00.000Z',
          '10 minutes on Monday, 20 on Tuesday from 09:00',
        );
        const web = await ticketFrom('standard', { channel: 'web' });
        assert.equal(
          iso(web.firstResponseDueAt),
          '2026-12-09T15:50:00.000Z',
          'web keeps the default 10 h, in the new hours: 10 min + 8 h + 1 h 50, Wednesday 10:50',
        );
      } finally {
        await tx((t) => saveSupportHours(store.platform.database, t, '09:00', '18:00', clock.now()));
      }
    });
  });
});
