// The desk's staff pages: who may use them, the list of tickets (open ones newest first, by
// status and tag), one ticket with its conversation, orders and history, adding a note and
// moving the ticket (with the refusals), and the tickets section of the staff order page.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../platform/clock.ts';
import { Browser, createStaff, formFields, signedInStaff } from '../../testing/admin.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { ticketById, ticketHistory, ticketMessagesOf } from './read.ts';
import type { TicketStatus } from './states.ts';
import { setTicketStatus } from './status.ts';
import { WHERE_IS_MY_ORDER_TAG } from './tags.ts';
import { openTestTicket, pageText, recordTestOrder } from './test-support.ts';

describe('support: admin', () => {
  const clock = fixedClock('2026-11-23T15:00:00Z');
  let store: TestStore;
  let agent: Browser;
  let agentId: string;

  before(async () => {
    store = await createTestStore({ clock });
    ({ browser: agent, id: agentId } = await signedInStaff(store, 'agent'));
  });
  after(() => store.close());

  const db = () => store.platform.database.db;
  const numbersIn = (html: string) => [...html.matchAll(/href="\/admin\/support\/(T-\d+)"/g)].map((m) => m[1]!);

  async function move(ticketId: string, to: TicketStatus): Promise<void> {
    await store.platform.database.transaction((tx) => setTicketStatus(store.platform, tx, ticketId, to, { actor: { kind: 'system' } }));
  }

  describe('who may use the desk', () => {
    it('sends visitors to the staff sign-in, refuses customers, and opens for every staff role', async () => {
      const { ticket } = await openTestTicket(store);
      for (const path of ['/admin/support', `/admin/support/${ticket.number}`]) {
        const visitor = await new Browser(store).get(path);
        assert.equal(visitor.statusCode, 303, path);
        assert.match(visitor.headers.location as string, /^\/staff\/sign-in\?next=/);

        const shopper = new Browser(store);
        await shopper.get('/account/sign-up');
        await shopper.post('/account/sign-up', { email: `shopper-${randomUUID().slice(0, 8)}@example.com`, name: 'Shopper', password: 'correct horse battery staple' });
        const refused = await shopper.get(path);
        assert.equal(refused.statusCode, 403, path);
        assert.doesNotMatch(refused.body, /A question/);
      }
      const shopper = new Browser(store);
      await shopper.get('/account/sign-up');
      await shopper.post('/account/sign-up', { email: `shopper-${randomUUID().slice(0, 8)}@example.com`, name: 'Shopper', password: 'correct horse battery staple' });
      await shopper.get('/account');
      const note = await shopper.post(`/admin/support/${ticket.number}/notes`, { body: 'sneaky' });
      assert.equal(note.statusCode, 403);
      assert.equal((await ticketMessagesOf(db(), ticket.id)).length, 1);

      for (const role of ['agent', 'lead', 'admin'] as const) {
        const staff = new Browser(store);
        await staff.signIn(await createStaff(store, role));
        assert.equal((await staff.get('/admin/support')).statusCode, 200, role);
        assert.equal((await staff.get(`/admin/support/${ticket.number}`)).statusCode, 200, role);
      }
      assert.match((await agent.get('/admin')).body, /href="\/admin\/support"[^>]*>Support</, 'the admin navigation lists Support');
    });
  });

  describe('the list of tickets', () => {
    it('shows open tickets the soonest due first, with the answer time due and the time left, who asked, the order, status and tags', async () => {
      const order = await recordTestOrder(store);
      const { ticket: older } = await openTestTicket(store, { subject: 'Older question', orderIds: [order.id], tags: [WHERE_IS_MY_ORDER_TAG] });
      clock.advance(3 * 60 * 60 * 1000);
      let newer;
      try {
        ({ ticket: newer } = await openTestTicket(store, { subject: 'Newer question', email: 'grace@example.com' }));
        const { ticket: solved } = await openTestTicket(store, { subject: 'Solved question' });
        await move(solved.id, 'solved');
        const page = await agent.get('/admin/support');
        assert.equal(page.statusCode, 200);
        const listed = numbersIn(page.body);
        assert.ok(listed.indexOf(older.number) < listed.indexOf(newer.number), 'the soonest due first');
        assert.ok(!listed.includes(solved.number), 'solved tickets are not open');
        const row = /<tr>(?:(?!<\/tr>)[\s\S])*Older question[\s\S]*?<\/tr>/.exec(page.body)![0];
        const words = pageText(row);
        assert.match(words, new RegExp(`${older.number} First answer Nov 24, 2026, 11:00 AM 22 h left Older question ada\\.buyer@example\\.com ${order.number} New normal general — where-is-my-order`));
        assert.match(row, new RegExp(`href="/admin/orders/${order.number}"`));

        const solvedList = await agent.get('/admin/support?view=solved');
        assert.deepEqual(numbersIn(solvedList.body).includes(solved.number), true);
        assert.ok(!numbersIn(solvedList.body).includes(newer.number));
        const open = numbersIn((await agent.get('/admin/support?view=open')).body);
        assert.ok(!open.includes(solved.number) && open.includes(newer.number));
      } finally {
        clock.set('2026-11-23T15:00:00Z');
      }
    });

    it('filters by tag however it is typed, and says when nothing matches', async () => {
      const tag = `gift-${randomUUID().slice(0, 6)}`;
      const { ticket } = await openTestTicket(store, { tags: [tag] });
      const { ticket: other } = await openTestTicket(store);
      const found = await agent.get(`/admin/support?tag=${encodeURIComponent(` ${tag.toUpperCase()} `)}`);
      assert.equal(found.statusCode, 200);
      assert.deepEqual(numbersIn(found.body), [ticket.number]);
      assert.ok(!numbersIn(found.body).includes(other.number));
      const nothing = await agent.get('/admin/support?tag=%21%21%21');
      assert.equal(nothing.statusCode, 200);
      assert.match(pageText(nothing.body), /No ticket matches\./);
      assert.equal((await agent.get('/admin/support?view=everything')).statusCode, 400, 'an unknown view');
    });
  });

  describe('one ticket', () => {
    it('shows the conversation, the linked order and the history, and records the first read once', async () => {
      const order = await recordTestOrder(store);
      const { ticket } = await openTestTicket(store, { subject: 'Where is it', body: 'Line one\nLine <two>', orderIds: [order.id], channel: 'order_page' });
      const page = await agent.get(`/admin/support/${ticket.number}`);
      assert.equal(page.statusCode, 200);
      const words = pageText(page.body);
      assert.match(words, new RegExp(`Ticket ${ticket.number} New`));
      assert.match(page.body, new RegExp(`href="/admin/orders/${order.number}"`));
      assert.match(page.body, /Line one<br\/>Line &lt;two>/, 'line breaks kept, text escaped');
      assert.match(words, /Opened by order page about DS-/);
      assert.match(words, /First read by staff Test agent/);
      await agent.get(`/admin/support/${ticket.number}`);
      assert.equal((await ticketHistory(db(), ticket.id)).filter((e) => e.kind === 'read').length, 1);
      assert.equal((await ticketById(db(), ticket.id))!.status, 'new', 'reading moves nothing');
      assert.equal((await agent.get('/admin/support/T-10000000')).statusCode, 404);
    });

    it('adds an internal note, and refuses an empty one keeping the page', async () => {
      const { ticket } = await openTestTicket(store);
      const page = await agent.get(`/admin/support/${ticket.number}`);
      const form = formFields(page.body, `/admin/support/${ticket.number}/notes`);
      form.set('body', 'Called the carrier: Tuesday.');
      const added = await agent.post(`/admin/support/${ticket.number}/notes`, form);
      assert.equal(added.statusCode, 303);
      const messages = await ticketMessagesOf(db(), ticket.id);
      assert.equal(messages.at(-1)!.kind, 'internal_note');
      assert.equal(messages.at(-1)!.author, `staff:${agentId}`);
      assert.match(pageText((await agent.get(`/admin/support/${ticket.number}`)).body), /Internal note \(staff only\) · Test agent · .* Called the carrier: Tuesday\./);

      form.set('body', '   ');
      const empty = await agent.post(`/admin/support/${ticket.number}/notes`, form);
      assert.equal(empty.statusCode, 400);
      assert.match(pageText(empty.body), /Write the note first\./);
      const long = new URLSearchParams(form);
      long.set('body', 'y'.repeat(5001));
      const tooLong = await agent.post(`/admin/support/${ticket.number}/notes`, long);
      assert.equal(tooLong.statusCode, 400);
      assert.equal(formFields(tooLong.body, `/admin/support/${ticket.number}/notes`).get('body'), 'y'.repeat(5001), 'the text is kept');
      const forged = new URLSearchParams(form);
      forged.set('body', 'Forged');
      forged.set('_csrf', 'forged');
      assert.equal((await agent.post(`/admin/support/${ticket.number}/notes`, forged)).statusCode, 403);
      assert.equal((await ticketMessagesOf(db(), ticket.id)).length, 2);
    });

    it('moves the ticket along the table, and refuses a stale form or a move the table forbids', async () => {
      const { ticket } = await openTestTicket(store);
      const page = await agent.get(`/admin/support/${ticket.number}`);
      const form = formFields(page.body, `/admin/support/${ticket.number}/status`);
      assert.equal(form.get('from'), 'new');
      form.set('status', 'waiting_on_customer');
      form.set('reason', 'Asked for a photo');
      assert.equal((await agent.post(`/admin/support/${ticket.number}/status`, form)).statusCode, 303);
      assert.equal((await ticketById(db(), ticket.id))!.status, 'waiting_on_customer');
      assert.match(pageText((await agent.get(`/admin/support/${ticket.number}`)).body), /New → Waiting on the customer \(Asked for a photo\) Test agent/);

      // The same form again: it was made for "new", and the ticket has moved since.
      const stale = await agent.post(`/admin/support/${ticket.number}/status`, form);
      assert.equal(stale.statusCode, 409);
      assert.match(pageText(stale.body), /Someone moved it to Waiting on the customer meanwhile/);

      await move(ticket.id, 'closed');
      const closedPage = await agent.get(`/admin/support/${ticket.number}`);
      assert.match(pageText(closedPage.body), /Closed: a final status\./);
      const fromClosed = await agent.post(`/admin/support/${ticket.number}/status`, { from: 'closed', status: 'open' });
      assert.equal(fromClosed.statusCode, 409);
      assert.match(pageText(fromClosed.body), new RegExp(`Ticket ${ticket.number} cannot go from Closed to Open`));
      const note = await agent.post(`/admin/support/${ticket.number}/notes`, { body: 'Too late' });
      assert.equal(note.statusCode, 409);
      assert.equal((await agent.post(`/admin/support/${ticket.number}/status`, { from: 'closed', status: 'nonsense' })).statusCode, 400);
      assert.equal((await ticketById(db(), ticket.id))!.status, 'closed');
    });
  });

  describe('the staff order page', () => {
    it('lists the order’s tickets with links', async () => {
      const order = await recordTestOrder(store);
      const none = await agent.get(`/admin/orders/${order.number}`);
      assert.match(pageText(none.body), /Support tickets No ticket is about this order\./);
      const { ticket } = await openTestTicket(store, { subject: 'Gift wrap?', orderIds: [order.id] });
      const page = await agent.get(`/admin/orders/${order.number}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`href="/admin/support/${ticket.number}"`));
      assert.match(pageText(page.body), new RegExp(`Support tickets ${ticket.number} Gift wrap\\? New`));
    });
  });
});
