// The agent console and the customer's side of the desk: queue views sorted by due time with
// the time left, the reply race guard (two replies at once: one is sent), the refund
// permission on the linked order, macros with placeholders and preview, the collision notice,
// handling edits, spam and blocked senders, merging, escalation before a breach, the
// satisfaction report, and requests that only their own customer can read.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../platform/clock.ts';
import { rows } from '../../platform/db/database.ts';
import { Browser, createStaff } from '../../testing/admin.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { ticketForEmail } from './email-facts.ts';
import { ingestEmail } from './inbound/ingest.ts';
import { markSpam } from './spam.ts';
import { mergeTicket } from './merge.ts';
import { listQueue } from './queues.ts';
import { rateTicket } from './ratings.ts';
import { ticketById, ticketHistory, ticketMessagesOf } from './read.ts';
import { ReplyRaced, replyToTicket } from './replies.ts';
import { requestLink } from './requests.ts';
import { satisfactionReport } from './satisfaction.ts';
import { escalateNearBreaches } from './sla/escalation.ts';
import { openTestTicket, pageText, recordTestOrder } from './test-support.ts';

describe('support: console', () => {
  const clock = fixedClock('2026-11-23T15:00:00Z'); // a Monday, 10:00 in New York
  let store: TestStore;
  let agent: Browser;
  let agentId: string;
  let lead: Browser;
  let admin: Browser;

  const db = () => store.platform.database.db;
  const staffIdOf = async (email: string) => (await rows<{ id: string }>(db(), sql`select id from staff_users where email = ${email}`))[0]!.id;

  before(async () => {
    store = await createTestStore({ clock });
    agent = new Browser(store);
    const agentEmail = await createStaff(store, 'agent');
    await agent.signIn(agentEmail);
    agentId = await staffIdOf(agentEmail);
    lead = new Browser(store);
    await lead.signIn(await createStaff(store, 'lead'));
    admin = new Browser(store);
    await admin.signIn(await createStaff(store, 'admin'));
  });
  after(() => store.close());

  async function customer(): Promise<{ browser: Browser; id: string; email: string }> {
    const browser = new Browser(store);
    const email = `buyer-${randomUUID().slice(0, 8)}@example.com`;
    await browser.get('/account/sign-up');
    const signUp = await browser.post('/account/sign-up', { email, name: 'Bea Buyer', password: 'correct horse battery staple' });
    assert.equal(signUp.statusCode, 303);
    const id = (await rows<{ id: string }>(db(), sql`select id from customers where email = ${email}`))[0]!.id;
    return { browser, id, email };
  }

  describe('queue views', () => {
    it('sorts open tickets by their due time, shows the time left or how overdue, and leaves spam out', async () => {
      const email = `queue-${randomUUID().slice(0, 8)}@example.com`;
      const { ticket: first } = await openTestTicket(store, { email, subject: 'Opened first' });
      clock.advance(60 * 60_000);
      const { ticket: second } = await openTestTicket(store, { email, subject: 'Opened second', queue: 'returns' });
      const { ticket: spam } = await openTestTicket(store, { email, subject: 'Buy cheap watches' });
      await store.platform.database.transaction((tx) => markSpam(store.platform, tx, spam.id, { block: false }, { kind: 'system' }));

      const page = await listQueue(db(), { view: 'open', q: email, page: 1 }, agentId);
      assert.deepEqual(
        page.rows.map((t) => t.number),
        [first.number, second.number],
      );
      const queue = await listQueue(db(), { view: 'queue', queue: 'returns', q: email, page: 1 }, agentId);
      assert.deepEqual(
        queue.rows.map((t) => t.number),
        [second.number],
      );

      const html = (await agent.get(`/admin/support?q=${encodeURIComponent(email)}`)).body;
      assert.equal(html.indexOf(first.number) < html.indexOf(second.number), true, 'the soonest due first');
      assert.doesNotMatch(html, /Buy cheap watches/);
      // Standard tier: 10 support hours from Monday 10:00 → Tuesday 11:00; it is now 11:00 Monday.
      assert.match(pageText(html), /9 h left|1 d \d+ h left|\d+ h \d+ min left/);
      clock.advance(3 * 24 * 60 * 60_000);
      assert.match(pageText((await agent.get(`/admin/support?q=${encodeURIComponent(email)}`)).body), /overdue \d/);
    });

    it('answers the mine and unassigned views with the agent taking a ticket, and accesskeys on every view', async () => {
      const email = `mine-${randomUUID().slice(0, 8)}@example.com`;
      const { ticket } = await openTestTicket(store, { email });
      await agent.get(`/admin/support/${ticket.number}`);
      const taken = await agent.post(`/admin/support/${ticket.number}/handling`, { assignee: agentId, priority: 'high', queue: 'Returns desk', tags: 'Refund, vip' });
      assert.equal(taken.statusCode, 303);
      const updated = (await ticketById(db(), ticket.id))!;
      assert.equal(updated.assigneeId, agentId);
      assert.equal(updated.priority, 'high');
      assert.equal(updated.queue, 'returns-desk');
      assert.deepEqual(updated.tags, ['refund', 'vip']);
      const mine = await agent.get(`/admin/support?view=mine&q=${encodeURIComponent(email)}`);
      assert.match(mine.body, new RegExp(ticket.number));
      assert.match(mine.body, /accesskey="1"/);
      const unassigned = await agent.get(`/admin/support?view=unassigned&q=${encodeURIComponent(email)}`);
      assert.doesNotMatch(unassigned.body, new RegExp(`>${ticket.number}<`));
    });

    it('refuses an agent assigning someone else (a lead may)', async () => {
      const { ticket } = await openTestTicket(store);
      const leadId = (await rows<{ id: string }>(db(), sql`select id from staff_users where role = 'lead' limit 1`))[0]!.id;
      await agent.get(`/admin/support/${ticket.number}`);
      const refused = await agent.post(`/admin/support/${ticket.number}/handling`, { assignee: leadId, priority: 'normal', queue: 'general', tags: '' });
      assert.equal(refused.statusCode, 403);
      assert.equal((await ticketById(db(), ticket.id))!.assigneeId, null);
      await lead.get(`/admin/support/${ticket.number}`);
      assert.equal((await lead.post(`/admin/support/${ticket.number}/handling`, { assignee: agentId, priority: 'normal', queue: 'general', tags: '' })).statusCode, 303);
      assert.equal((await ticketById(db(), ticket.id))!.assigneeId, agentId);
    });
  });

  describe('replies', () => {
    it('sends one of two replies posted at once from the same view; the other is refused with the new message', async () => {
      const { ticket } = await openTestTicket(store);
      const send = (body: string) => store.platform.database.transaction((tx) => replyToTicket(store.platform, tx, ticket.id, { body, seenSeq: 1, staffId: agentId }));
      const results = await Promise.allSettled([send('Answer one'), send('Answer two')]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      assert.ok(refused.reason instanceof ReplyRaced);
      const replies = (await ticketMessagesOf(db(), ticket.id)).filter((m) => m.kind === 'agent_reply');
      assert.equal(replies.length, 1);
      assert.equal((await ticketById(db(), ticket.id))!.status, 'open', 'a new ticket answered is open');
    });

    it('shows the race notice over HTTP with the text kept, and sends from an up-to-date form', async () => {
      const { ticket } = await openTestTicket(store);
      await agent.get(`/admin/support/${ticket.number}`);
      await store.platform.database.transaction((tx) => replyToTicket(store.platform, tx, ticket.id, { body: 'A colleague was faster.', seenSeq: 1, staffId: agentId }));
      const raced = await agent.post(`/admin/support/${ticket.number}/reply`, { body: 'My slower answer', seen: '1', intent: 'send' });
      assert.equal(raced.statusCode, 409);
      assert.match(pageText(raced.body), /Not sent: someone wrote on this ticket meanwhile .*A colleague was faster\./);
      assert.match(raced.body, /My slower answer<\/textarea>/);
      const sent = await agent.post(`/admin/support/${ticket.number}/reply`, { body: 'My answer, having read theirs', seen: '2', intent: 'send', then: 'waiting_on_customer' });
      assert.equal(sent.statusCode, 303);
      const current = (await ticketById(db(), ticket.id))!;
      assert.equal(current.status, 'waiting_on_customer');
      // Each reply is announced as an agent reply: the support.reply touch point emails it from this event.
      const announced = await rows(db(), sql`select 1 from domain_events where type = 'support.ticket_message_added' and payload->>'ticketId' = ${ticket.id} and payload->>'kind' = 'agent_reply'`);
      assert.equal(announced.length, 2);
    });

    it('sends one of two reply forms posted at once over HTTP', async () => {
      const { ticket } = await openTestTicket(store);
      const other = new Browser(store);
      await other.signIn(await createStaff(store, 'agent'));
      await Promise.all([agent.get(`/admin/support/${ticket.number}`), other.get(`/admin/support/${ticket.number}`)]);
      const answers = await Promise.all([
        agent.post(`/admin/support/${ticket.number}/reply`, { body: 'From the first agent', seen: '1', intent: 'send' }),
        other.post(`/admin/support/${ticket.number}/reply`, { body: 'From the second agent', seen: '1', intent: 'send' }),
      ]);
      assert.deepEqual(answers.map((a) => a.statusCode).sort(), [303, 409]);
      assert.equal((await ticketMessagesOf(db(), ticket.id)).filter((m) => m.kind === 'agent_reply').length, 1);
    });

    it('refuses an empty reply and a reply from a staff member who may only look', async () => {
      const { ticket } = await openTestTicket(store);
      await agent.get(`/admin/support/${ticket.number}`);
      const empty = await agent.post(`/admin/support/${ticket.number}/reply`, { body: '  ', seen: '1', intent: 'send' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /Write the reply first/);
      const stranger = await customer();
      assert.equal((await stranger.browser.post(`/admin/support/${ticket.number}/reply`, { body: 'hi', seen: '1' })).statusCode, 403);
      assert.equal((await ticketMessagesOf(db(), ticket.id)).length, 1);
    });
  });

  describe('the linked order', () => {
    it('shows the customer profile with the order, its timeline and the staff actions; an agent without orders.refund cannot refund', async () => {
      const order = await recordTestOrder(store);
      const { ticket } = await openTestTicket(store, { orderIds: [order.id] });
      const page = pageText((await agent.get(`/admin/support/${ticket.number}`)).body);
      assert.match(page, /The customer/);
      assert.match(page, /Lifetime value/);
      assert.match(page, new RegExp(`Order ${order.number}\\s*: Recorded`));
      assert.doesNotMatch(page, /Order actions/, 'an agent may take none of them on this order');
      const refund = await agent.post(`/admin/orders/${order.number}/actions/refund`, { amount: '1.00', seq: '1', reason: 'x', from: order.status });
      assert.equal(refund.statusCode, 403);
      assert.equal((await rows(db(), sql`select 1 from order_refunds where order_id = ${order.id}`)).length, 0);
      // A lead gets the order's own action forms on the ticket, posting to the order's routes.
      const leadPage = (await lead.get(`/admin/support/${ticket.number}`)).body;
      assert.match(pageText(leadPage), /Order actions/);
      assert.match(leadPage, new RegExp(`action="/admin/orders/${order.number}/actions/cancel"`));
    });
  });

  describe('macros', () => {
    it('lets the desk manage macros (settings.edit), and an agent insert one with its placeholders filled, then preview', async () => {
      await admin.get('/admin/support/macros/new');
      const bad = await admin.post('/admin/support/macros/new', { title: 'Where is it', body: 'Hello {{customer.nam}}' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /is not a placeholder/);
      const created = await admin.post('/admin/support/macros/new', { title: 'Where is it', body: 'Hello {{customer.name}}, order {{order.number}} is on its way: {{tracking.link}}' });
      assert.equal(created.statusCode, 303);
      const dup = await admin.post('/admin/support/macros/new', { title: 'WHERE IS IT', body: 'again' });
      assert.equal(dup.statusCode, 409);
      await agent.get('/admin/support/macros');
      assert.equal((await agent.post('/admin/support/macros/new', { title: 'Mine', body: 'x' })).statusCode, 403);

      const order = await recordTestOrder(store);
      const { ticket } = await openTestTicket(store, { name: 'Ada Buyer', orderIds: [order.id] });
      const macroId = (await rows<{ id: string }>(db(), sql`select id from support_macros where title = 'Where is it'`))[0]!.id;
      const inserted = await agent.get(`/admin/support/${ticket.number}?macro=${macroId}`);
      assert.match(inserted.body, new RegExp(`Hello Ada, order ${order.number} is on its way: http[^<]*/orders/${order.number}\\?t=`));
      const preview = await agent.post(`/admin/support/${ticket.number}/reply`, { body: 'Hi {{customer.name}}, {{order.number}}', seen: '1', intent: 'preview' });
      assert.equal(preview.statusCode, 200);
      assert.match(pageText(preview.body), new RegExp(`Preview: what .* will read Hi Ada, ${order.number}`));
      assert.equal((await ticketMessagesOf(db(), ticket.id)).length, 1, 'a preview sends nothing');
    });
  });

  describe('collision notice', () => {
    it('shows each agent who else has the ticket open and who is replying', async () => {
      const { ticket } = await openTestTicket(store);
      const other = new Browser(store);
      await other.signIn(await createStaff(store, 'agent'));
      await agent.get(`/admin/support/${ticket.number}`);
      const seen = pageText((await other.get(`/admin/support/${ticket.number}`)).body);
      assert.match(seen, /Test agent is also viewing/);
      const beat = await agent.request({ method: 'POST', url: `/admin/support/${ticket.number}/presence`, headers: { 'content-type': 'application/json', accept: 'application/json' }, payload: JSON.stringify({ replying: true }) });
      assert.equal(beat.statusCode, 204);
      assert.match(pageText((await other.get(`/admin/support/${ticket.number}`)).body), /Test agent is replying/);
      clock.advance(60_000);
      await other.get(`/admin/support/${ticket.number}`);
      assert.doesNotMatch(pageText((await other.get(`/admin/support/${ticket.number}`)).body), /Test agent is (replying|also viewing)/, 'a page that stopped beating is gone');
    });
  });

  describe('spam and merge', () => {
    it('keeps spam out of emails, and opens a blocked sender’s next request as spam', async () => {
      const email = `spammer-${randomUUID().slice(0, 8)}@example.com`;
      const { ticket } = await openTestTicket(store, { email });
      await lead.get(`/admin/support/${ticket.number}`);
      assert.equal((await agent.post(`/admin/support/${ticket.number}/spam`, { block: '1' })).statusCode, 403, 'an agent marks spam but does not block');
      assert.equal((await lead.post(`/admin/support/${ticket.number}/spam`, { block: '1' })).statusCode, 303);
      assert.equal(await ticketForEmail(db(), ticket.id), null);
      const { ticket: next } = await openTestTicket(store, { email });
      assert.notEqual(next.spamAt, null);
      assert.equal((await listQueue(db(), { view: 'open', q: email, page: 1 }, agentId)).rows.length, 0);
      assert.equal((await lead.post(`/admin/support/${ticket.number}/not-spam`, {})).statusCode, 303);
      const { ticket: later } = await openTestTicket(store, { email });
      assert.equal(later.spamAt, null, 'the block is lifted with it');
    });

    it('merges a duplicate: messages in time order, orders and history move, the duplicate closes with a pointer', async () => {
      const email = `dup-${randomUUID().slice(0, 8)}@example.com`;
      const order = await recordTestOrder(store);
      const { ticket: target } = await openTestTicket(store, { email, body: 'First question' });
      clock.advance(60_000);
      const { ticket: duplicate } = await openTestTicket(store, { email, body: 'Same question again', orderIds: [order.id] });
      const { ticket: stranger } = await openTestTicket(store, { email: `other-${randomUUID().slice(0, 8)}@example.com` });
      await assert.rejects(store.platform.database.transaction((tx) => mergeTicket(store.platform, tx, stranger.id, target.id, { kind: 'system' })), /is from other-/);
      await agent.get(`/admin/support/${duplicate.number}`);
      const merged = await agent.post(`/admin/support/${duplicate.number}/merge`, { into: target.number });
      assert.equal(merged.statusCode, 303);
      const messages = await ticketMessagesOf(db(), target.id);
      assert.deepEqual(
        messages.map((m) => [m.seq, m.body]),
        [
          [1, 'First question'],
          [2, 'Same question again'],
        ],
      );
      const after = (await ticketById(db(), target.id))!;
      assert.deepEqual(
        after.orders.map((o) => o.orderNumber),
        [order.number],
      );
      const closed = (await ticketById(db(), duplicate.id))!;
      assert.equal(closed.status, 'closed');
      assert.equal(closed.mergedIntoId, target.id);
      assert.ok((await ticketHistory(db(), target.id)).some((e) => e.kind === 'opened' && e.detail.fromTicket === duplicate.number));
      assert.match(pageText((await agent.get(`/admin/support/${duplicate.number}`)).body), new RegExp(`Merged into ${target.number}`));
      // The customer answering an email of the duplicate still lands on the conversation.
      const answer = await ingestEmail(store.platform, Buffer.from(`From: ${email}\r\nTo: help@store.test\r\nSubject: Re: A question [#${duplicate.number}]\r\nMessage-ID: <${randomUUID()}@example.com>\r\n\r\nStill waiting.\r\n`), { via: 'webhook' });
      assert.equal(answer.ticketId, target.id);
      assert.equal((await ticketMessagesOf(db(), target.id)).at(-1)!.body, 'Still waiting.');
    });
  });

  describe('escalation', () => {
    it('raises the priority and announces it once 80 % of the answer time has passed, once', async () => {
      const { ticket } = await openTestTicket(store, { channel: 'web' });
      const fresh = (await ticketById(db(), ticket.id))!;
      await escalateNearBreaches(store.platform);
      assert.equal((await ticketById(db(), ticket.id))!.escalatedAt, null, 'not yet');
      const span = fresh.slaDueAt!.getTime() - fresh.createdAt.getTime();
      clock.set(new Date(fresh.createdAt.getTime() + span * 0.81).toISOString());
      assert.ok((await escalateNearBreaches(store.platform)) >= 1);
      const raised = (await ticketById(db(), ticket.id))!;
      assert.equal(raised.priority, 'high');
      assert.notEqual(raised.escalatedAt, null);
      const events = await rows(db(), sql`select 1 from domain_events where type = 'support.ticket_escalated' and payload->>'ticketId' = ${ticket.id}`);
      assert.equal(events.length, 1);
      await escalateNearBreaches(store.platform);
      assert.equal((await rows(db(), sql`select 1 from domain_events where type = 'support.ticket_escalated' and payload->>'ticketId' = ${ticket.id}`)).length, 1, 'once');
    });

    it('takes the escalation share from the setting; a bad value changes nothing', async () => {
      await admin.get('/admin/support/escalation');
      const bad = await admin.post('/admin/support/escalation', { percent: '150' });
      assert.equal(bad.statusCode, 400);
      assert.equal((await admin.post('/admin/support/escalation', { percent: '50' })).statusCode, 303);
      assert.match(pageText((await agent.get('/admin/support/escalation')).body), /50 % of its promised time/);
      assert.equal((await agent.post('/admin/support/escalation', { percent: '60' })).statusCode, 403);
    });
  });

  describe('satisfaction', () => {
    it('counts ratings per agent, queue and tier over a period', async () => {
      const { ticket: good } = await openTestTicket(store, { queue: 'csat-queue' });
      const { ticket: bad } = await openTestTicket(store, { queue: 'csat-queue' });
      await store.platform.database.transaction(async (tx) => {
        await rateTicket(store.platform, tx, good.id, 'good', '');
        await rateTicket(store.platform, tx, bad.id, 'bad', 'slow');
      });
      const now = store.platform.clock.now();
      const report = await satisfactionReport(db(), new Date(now.getTime() - 60_000), new Date(now.getTime() + 60_000));
      const queue = report.byQueue.find((row) => row.key === 'csat-queue')!;
      assert.deepEqual([queue.good, queue.bad, queue.percent], [1, 1, 50]);
      assert.ok(report.byTier.some((row) => row.key === 'standard'));
      const page = pageText((await agent.get('/admin/support/satisfaction')).body);
      assert.match(page, /By queue/);
      assert.match(page, /csat-queue 1 1 50 %/);
    });
  });

  describe('the customer side', () => {
    it('opens a request from the contact form with the customer’s own order, lists it under My requests, and shows it only to them', async () => {
      const ada = await customer();
      const bea = await customer();
      const order = await recordTestOrder(store, { customerId: ada.id, email: ada.email });
      const form = await ada.browser.get('/help/contact');
      assert.match(form.body, new RegExp(`<option value="${order.number}"`));
      const token = /name="formToken" value="([^"]+)"/.exec(form.body)![1]!;
      const sent = await ada.browser.post('/help/contact', { formToken: token, topic: 'where', order: order.number, message: 'Where is my teapot?' });
      assert.equal(sent.statusCode, 303);
      const path = sent.headers.location as string;
      const number = /\/support\/requests\/(T-\d+)$/.exec(path)![1]!;
      const again = await ada.browser.post('/help/contact', { formToken: token, topic: 'where', order: order.number, message: 'Where is my teapot?' });
      assert.equal(again.headers.location, path, 'a form sent twice opens one request');

      const page = pageText((await ada.browser.get(path)).body);
      assert.match(page, /Where is my teapot\?/);
      assert.match(page, /We promised to answer by/);
      assert.match(pageText((await ada.browser.get('/account/requests')).body), new RegExp(number));

      // Another signed-in customer, a forged link and a link to another request all get the same 404.
      assert.equal((await bea.browser.get(path)).statusCode, 404);
      const ticket = (await rows<{ id: string }>(db(), sql`select id from tickets where number = ${number}`))[0]!;
      const { ticket: beas } = await openTestTicket(store, { email: bea.email, customerId: bea.id });
      const beaLink = new URL(requestLink(store.platform, beas));
      assert.equal((await new Browser(store).get(`${path}?t=${beaLink.searchParams.get('t')}`)).statusCode, 404);
      assert.equal((await new Browser(store).get(`${path}?t=forged.token`)).statusCode, 404);
      assert.equal((await bea.browser.post(`${path}/reply`, { body: 'sneaky' })).statusCode, 404);
      assert.equal((await new Browser(store).get(path)).statusCode, 404, 'no session, no link');

      // A guest with the signed link reads and answers; the answer reopens a solved request.
      const link = new URL(requestLink(store.platform, { id: ticket.id, number }));
      const guest = new Browser(store);
      assert.equal((await guest.get(`${link.pathname}${link.search}`)).statusCode, 200);
      await store.platform.database.transaction((tx) => replyToTicket(store.platform, tx, ticket.id, { body: 'It ships today.', seenSeq: 1, staffId: agentId, then: 'solved' }));
      await guest.get(`${link.pathname}${link.search}`);
      const answered = await guest.post(`${link.pathname}/reply`, { t: link.searchParams.get('t')!, body: 'It has not arrived.' });
      assert.equal(answered.statusCode, 303);
      assert.equal((await ticketById(db(), ticket.id))!.status, 'open');
      const shown = pageText((await ada.browser.get(path)).body);
      assert.match(shown, /It ships today\..*It has not arrived\./);
    });

    it('refuses a guest’s contact form without an address, and never shows internal notes', async () => {
      const guest = new Browser(store);
      const form = await guest.get('/help/contact');
      const token = /name="formToken" value="([^"]+)"/.exec(form.body)![1]!;
      const refused = await guest.post('/help/contact', { formToken: token, topic: 'other', message: 'Hello' });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /Enter your email address/);
      const email = `guest-${randomUUID().slice(0, 8)}@example.com`;
      const sent = await guest.post('/help/contact', { formToken: token, topic: 'other', email, message: 'Hello' });
      assert.equal(sent.statusCode, 303);
      const number = /\/support\/requests\/(T-\d+)\?t=/.exec(sent.headers.location as string)![1]!;
      const { id } = (await rows<{ id: string }>(db(), sql`select id from tickets where number = ${number}`))[0]!;
      await agent.get(`/admin/support/${number}`);
      await agent.post(`/admin/support/${number}/notes`, { body: 'Staff eyes only' });
      assert.ok((await ticketMessagesOf(db(), id)).some((m) => m.kind === 'internal_note'));
      assert.doesNotMatch((await guest.get(sent.headers.location as string)).body, /Staff eyes only/);
    });
  });
});
