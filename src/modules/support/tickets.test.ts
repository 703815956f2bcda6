// The ticket services: opening a ticket (customer matched by email, orders linked, tags
// normalised, a number drawn again when taken, one ticket per source key, nothing written for
// bad input), the conversation, status moves (every allowed one and the refused ones), the
// open ticket a job updates instead of duplicating, counting tags, and the events each change
// puts in the outbox, exactly once.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../platform/clock.ts';
import { rows, type Db } from '../../platform/db/database.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { findOrCreateCustomerByEmail } from '../customers/index.ts';
import { addTicketMessage, TicketClosed } from './messages.ts';
import { countTicketsTagged, findOpenTicketFor, ticketById, ticketHistory, ticketMessagesOf, ticketsForOrder } from './read.ts';
import { TICKET_STATUSES, TICKET_TRANSITIONS, type TicketStatus } from './states.ts';
import { IllegalTicketTransition, markTicketRead, setTicketStatus } from './status.ts';
import { WHERE_IS_MY_ORDER_TAG } from './tags.ts';
import { recordTestOrder, newTicketInput, openTestTicket } from './test-support.ts';
import { InvalidTicket, openTicket } from './tickets.ts';

describe('support: tickets', () => {
  const clock = fixedClock('2026-11-23T15:00:00Z');
  let store: TestStore;

  before(async () => {
    store = await createTestStore({ clock });
  });
  after(() => store.close());

  const db = () => store.platform.database.db;
  const tx = <T>(fn: (t: Db) => Promise<T>) => store.platform.database.transaction(fn);

  async function eventsOf(ticketId: string): Promise<{ type: string; payload: Record<string, unknown>; actor: string }[]> {
    return rows(db(), sql`select type, payload, actor from domain_events where payload->>'ticketId' = ${ticketId} order by occurred_at, type`);
  }

  async function ticketCount(): Promise<number> {
    return (await rows<{ n: number }>(db(), sql`select count(*)::int as n from tickets`))[0]!.n;
  }

  /** A ticket moved through the given statuses (each move allowed by the table). */
  async function ticketIn(status: TicketStatus): Promise<string> {
    const { ticket } = await openTestTicket(store);
    const path: Record<TicketStatus, TicketStatus[]> = { new: [], open: ['open'], waiting_on_customer: ['waiting_on_customer'], waiting_on_third_party: ['waiting_on_third_party'], solved: ['solved'], closed: ['closed'] };
    for (const to of path[status]) await tx((t) => setTicketStatus(store.platform, t, ticket.id, to, { actor: { kind: 'system' } }));
    return ticket.id;
  }

  describe('opening a ticket', () => {
    it('records the ticket with its number, customer, orders, tags, first message, history and one event', async () => {
      const order = await recordTestOrder(store);
      const other = await recordTestOrder(store);
      const { ticket, created } = await openTestTicket(store, {
        channel: 'order_page',
        email: '  Ada.Buyer@Example.COM ',
        name: 'Ada Buyer',
        subject: '  About   my order ',
        body: '  Where is it?\nIt was due Monday.  ',
        orderIds: [order.id, other.id, order.id],
        tags: ['Where is my order', 'where-is-my-order', 'Urgent_Reply'],
        priority: 'high',
      });
      assert.equal(created, true);
      assert.match(ticket.number, /^T-[1-9][0-9]{4}$/);
      assert.equal(ticket.status, 'new');
      assert.equal(ticket.channel, 'order_page');
      assert.equal(ticket.email, 'ada.buyer@example.com');
      assert.equal(ticket.subject, 'About my order');
      assert.equal(ticket.priority, 'high');
      assert.equal(ticket.queue, 'general');
      assert.deepEqual(ticket.tags, [WHERE_IS_MY_ORDER_TAG, 'urgent-reply']);
      assert.deepEqual(
        ticket.orders.map((o) => o.orderNumber),
        [order.number, other.number],
      );
      const customer = await findOrCreateCustomerByEmail(db(), 'ada.buyer@example.com');
      assert.equal(ticket.customerId, customer.id, 'the customer the email matches');

      const [message, ...more] = await ticketMessagesOf(db(), ticket.id);
      assert.equal(more.length, 0);
      assert.equal(message!.seq, 1);
      assert.equal(message!.kind, 'customer');
      assert.equal(message!.channel, 'order_page');
      assert.equal(message!.body, 'Where is it?\nIt was due Monday.');
      const history = await ticketHistory(db(), ticket.id);
      assert.deepEqual(
        history.map((e) => [e.seq, e.kind, e.actor]),
        [[1, 'opened', 'customer']],
      );
      assert.deepEqual(history[0]!.detail.orders, [order.number, other.number]);

      const events = await eventsOf(ticket.id);
      assert.equal(events.length, 1, 'one event in the outbox');
      assert.equal(events[0]!.type, 'support.ticket_opened');
      assert.deepEqual(events[0]!.payload, { ticketId: ticket.id, number: ticket.number, channel: 'order_page', orderIds: [order.id, other.id] });
      // The name, the email and the message (a bare "ada" would match the hex of a random id).
      assert.doesNotMatch(JSON.stringify(events[0]!.payload), /Ada Buyer|ada\.buyer@|Where is it/i, 'ids only, nothing personal');

      assert.deepEqual(
        (await ticketsForOrder(db(), order.id)).map((t) => t.number),
        [ticket.number],
      );
    });

    it('makes a customer record for an unknown sender', async () => {
      const email = `new-${randomUUID().slice(0, 8)}@example.com`;
      const { ticket } = await openTestTicket(store, { email, name: 'Grace Hopper' });
      const customer = await findOrCreateCustomerByEmail(db(), email);
      assert.equal(ticket.customerId, customer.id);
      assert.equal(customer.name, 'Grace Hopper');
      assert.equal(ticket.name, 'Grace Hopper');
    });

    it('opens one ticket per source key, however often the request arrives', async () => {
      const sourceKey = `test:${randomUUID()}`;
      const first = await openTestTicket(store, { sourceKey });
      const again = await openTestTicket(store, { sourceKey, body: 'Hello again' });
      assert.equal(again.created, false);
      assert.equal(again.ticket.id, first.ticket.id);
      assert.equal((await ticketMessagesOf(db(), first.ticket.id)).length, 1);
      assert.equal((await eventsOf(first.ticket.id)).length, 1);
      // At the same time: the second insert waits for the first and finds its ticket.
      const racing = `test:${randomUUID()}`;
      const both = await Promise.all([openTestTicket(store, { sourceKey: racing }), openTestTicket(store, { sourceKey: racing })]);
      assert.equal(both[0].ticket.id, both[1].ticket.id);
      assert.deepEqual(both.map((b) => b.created).sort(), [false, true]);
      assert.equal((await rows<{ n: number }>(db(), sql`select count(*)::int as n from tickets where source_key = ${racing}`))[0]!.n, 1);
    });

    it('draws another number when one is taken', async () => {
      const { ticket: taken } = await openTestTicket(store);
      const draws: string[] = [];
      const { ticket } = await tx((t) =>
        openTicket(store.platform, t, newTicketInput(), (draw) => {
          const number = draw < 2 ? taken.number : 'T-99999';
          draws.push(number);
          return number;
        }),
      );
      assert.deepEqual(draws, [taken.number, taken.number, 'T-99999']);
      assert.equal(ticket.number, 'T-99999');
    });

    it('refuses bad input and writes nothing', async () => {
      const before = await ticketCount();
      const cases: [string, Parameters<typeof newTicketInput>[0], RegExp][] = [
        ['empty body', { body: '   ' }, /body/],
        ['long body', { body: 'x'.repeat(20_001) }, /body/],
        ['empty subject', { subject: ' ' }, /subject/],
        ['bad email', { email: 'not an email' }, /email/],
        ['unknown order', { orderIds: [randomUUID()] }, /orderIds\.0/],
        ['bad tag', { tags: ['!!!'] }, /tags\.0/],
        ['unknown channel', { channel: 'fax' as never }, /channel/],
        ['unknown priority', { priority: 'whenever' as never }, /priority/],
      ];
      for (const [name, overrides, field] of cases) {
        await assert.rejects(openTestTicket(store, overrides), (error: unknown) => error instanceof InvalidTicket && error.status === 422 && field.test(JSON.stringify(error.errors)), name);
      }
      assert.equal(await ticketCount(), before);
    });

    it('announces nothing when the caller’s transaction rolls back', async () => {
      const sourceKey = `test:${randomUUID()}`;
      const supportEvents = async () => (await rows<{ n: number }>(db(), sql`select count(*)::int as n from domain_events where type like 'support.%'`))[0]!.n;
      const eventsBefore = await supportEvents();
      await assert.rejects(
        tx(async (t) => {
          await openTicket(store.platform, t, newTicketInput({ sourceKey }));
          throw new Error('the caller failed after opening');
        }),
        /the caller failed/,
      );
      assert.equal((await rows(db(), sql`select 1 from tickets where source_key = ${sourceKey}`)).length, 0);
      assert.equal(await supportEvents(), eventsBefore);
    });
  });

  describe('status moves', () => {
    it('allows every move in the table, each recorded in the history with one event', async () => {
      for (const from of TICKET_STATUSES) {
        for (const to of TICKET_TRANSITIONS[from]) {
          const id = await ticketIn(from);
          const staffId = randomUUID();
          const moved = await tx((t) => setTicketStatus(store.platform, t, id, to, { actor: { kind: 'staff', id: staffId }, reason: 'Checked with the carrier' }));
          assert.equal(moved.status, to, `${from} → ${to}`);
          const last = (await ticketHistory(db(), id)).at(-1)!;
          assert.equal(last.kind, 'status_changed');
          assert.deepEqual(last.detail, { from, to, reason: 'Checked with the carrier' });
          assert.equal(last.actor, `staff:${staffId}`);
          const changes = (await eventsOf(id)).filter((e) => e.type === 'support.ticket_status_changed' && e.payload.to === to);
          assert.equal(changes.length, 1, `${from} → ${to}: one event`);
          assert.deepEqual(changes[0]!.payload, { ticketId: id, number: moved.number, from, to });
        }
      }
    });

    it('keeps when a ticket was solved, and forgets it when it reopens', async () => {
      const id = await ticketIn('solved');
      assert.equal((await ticketById(db(), id))!.solvedAt?.toISOString(), clock.now().toISOString());
      await tx((t) => setTicketStatus(store.platform, t, id, 'open', { actor: { kind: 'system' } }));
      assert.equal((await ticketById(db(), id))!.solvedAt, null);
    });

    it('refuses a move the table does not list, and changes nothing', async () => {
      const refused: [TicketStatus, TicketStatus][] = [
        ['new', 'new'],
        ['open', 'new'],
        ['solved', 'waiting_on_customer'],
        ['closed', 'open'],
        ['closed', 'solved'],
      ];
      for (const [from, to] of refused) {
        const id = await ticketIn(from);
        const historyBefore = (await ticketHistory(db(), id)).length;
        const eventsBefore = (await eventsOf(id)).length;
        await assert.rejects(
          tx((t) => setTicketStatus(store.platform, t, id, to, { actor: { kind: 'system' } })),
          (error: unknown) => error instanceof IllegalTicketTransition && error.status === 409 && error.type === 'illegal-ticket-transition',
          `${from} → ${to}`,
        );
        assert.equal((await ticketById(db(), id))!.status, from);
        assert.equal((await ticketHistory(db(), id)).length, historyBefore);
        assert.equal((await eventsOf(id)).length, eventsBefore);
      }
    });

    it('answers 404 for a ticket that does not exist', async () => {
      await assert.rejects(
        tx((t) => setTicketStatus(store.platform, t, randomUUID(), 'open', { actor: { kind: 'system' } })),
        (error: unknown) => (error as { status?: number }).status === 404,
      );
    });
  });

  describe('the conversation', () => {
    it('numbers messages, records each with one event, and an internal note moves nothing', async () => {
      const { ticket } = await openTestTicket(store);
      const staffId = randomUUID();
      const note = await tx((t) => addTicketMessage(store.platform, t, ticket.id, { kind: 'internal_note', body: 'Carrier says Tuesday.', actor: { kind: 'staff', id: staffId } }));
      const reply = await tx((t) => addTicketMessage(store.platform, t, ticket.id, { kind: 'agent_reply', body: 'It arrives Tuesday.', channel: 'email', actor: { kind: 'staff', id: staffId } }));
      assert.deepEqual([note.seq, reply.seq], [2, 3]);
      assert.equal(note.author, `staff:${staffId}`);
      assert.equal(note.channel, null);
      assert.equal((await ticketById(db(), ticket.id))!.status, 'new');
      const added = (await eventsOf(ticket.id)).filter((e) => e.type === 'support.ticket_message_added');
      assert.deepEqual(
        added.map((e) => e.payload),
        [
          { ticketId: ticket.id, number: ticket.number, messageId: note.id, kind: 'internal_note' },
          { ticketId: ticket.id, number: ticket.number, messageId: reply.id, kind: 'agent_reply' },
        ],
      );
      assert.deepEqual(
        (await ticketHistory(db(), ticket.id)).map((e) => e.kind),
        ['opened', 'message_added', 'message_added'],
      );
    });

    it('puts a solved ticket, or one waiting for the customer, back in front of an agent when the customer writes', async () => {
      for (const status of ['solved', 'waiting_on_customer'] as const) {
        const id = await ticketIn(status);
        await tx((t) => addTicketMessage(store.platform, t, id, { kind: 'customer', body: 'Still not here.', channel: 'email', actor: { kind: 'customer' } }));
        assert.equal((await ticketById(db(), id))!.status, 'open', status);
        const last = (await ticketHistory(db(), id)).at(-1)!;
        assert.deepEqual(last.detail, { from: status, to: 'open', reason: 'The customer wrote again' });
      }
    });

    it('refuses a message on a closed ticket, and an empty one, writing nothing', async () => {
      const closed = await ticketIn('closed');
      await assert.rejects(
        tx((t) => addTicketMessage(store.platform, t, closed, { kind: 'customer', body: 'Hello?', actor: { kind: 'customer' } })),
        (error: unknown) => error instanceof TicketClosed && error.status === 409,
      );
      const { ticket } = await openTestTicket(store);
      await assert.rejects(
        tx((t) => addTicketMessage(store.platform, t, ticket.id, { kind: 'internal_note', body: ' \n ', actor: { kind: 'system' } })),
        (error: unknown) => error instanceof InvalidTicket,
      );
      assert.equal((await ticketMessagesOf(db(), closed)).length, 1);
      assert.equal((await ticketMessagesOf(db(), ticket.id)).length, 1);
    });

    it('records the first read once', async () => {
      const { ticket } = await openTestTicket(store);
      const staffId = randomUUID();
      assert.equal(await tx((t) => markTicketRead(store.platform, t, ticket.id, staffId)), true);
      assert.equal(await tx((t) => markTicketRead(store.platform, t, ticket.id, randomUUID())), false);
      const reads = (await ticketHistory(db(), ticket.id)).filter((e) => e.kind === 'read');
      assert.deepEqual(
        reads.map((e) => e.actor),
        [`staff:${staffId}`],
      );
      assert.equal((await ticketById(db(), ticket.id))!.firstReadAt?.toISOString(), clock.now().toISOString());
    });
  });

  describe('what other modules read', () => {
    it('finds the open ticket of an order and channel, so a job updates it instead of opening another', async () => {
      const order = await recordTestOrder(store);
      assert.equal(await tx((t) => findOpenTicketFor(t, { orderId: order.id, channel: 'delay_alert' })), null);
      const { ticket } = await openTestTicket(store, { channel: 'delay_alert', messageKind: 'system', orderIds: [order.id], subject: 'Late', body: 'Not prepared by the deadline.' });
      await openTestTicket(store, { channel: 'order_page', orderIds: [order.id] });
      const found = await tx((t) => findOpenTicketFor(t, { orderId: order.id, channel: 'delay_alert' }));
      assert.equal(found?.id, ticket.id);
      await tx((t) => setTicketStatus(store.platform, t, ticket.id, 'solved', { actor: { kind: 'system' } }));
      assert.equal(await tx((t) => findOpenTicketFor(t, { orderId: order.id, channel: 'delay_alert' })), null, 'a solved one is not open');
    });

    it('lets two runs of a job at once open one ticket between them', async () => {
      const order = await recordTestOrder(store);
      const run = () =>
        tx(async (t) => {
          const open = await findOpenTicketFor(t, { orderId: order.id, channel: 'delay_alert' });
          if (open) {
            await addTicketMessage(store.platform, t, open.id, { kind: 'system', body: 'Still late.', actor: { kind: 'system' } });
            return open.id;
          }
          return (await openTicket(store.platform, t, newTicketInput({ channel: 'delay_alert', messageKind: 'system', orderIds: [order.id], actor: { kind: 'system' } }))).ticket.id;
        });
      const [a, b] = await Promise.all([run(), run()]);
      assert.equal(a, b);
      assert.equal((await ticketsForOrder(db(), order.id)).length, 1);
      assert.equal((await ticketMessagesOf(db(), a)).length, 2);
    });

    it('counts the tickets with a tag opened since a date', async () => {
      const tag = `count-${randomUUID().slice(0, 8)}`;
      await openTestTicket(store, { tags: [tag] });
      clock.advance(60 * 60 * 1000);
      const since = clock.now();
      try {
        await openTestTicket(store, { tags: [tag, 'other'] });
        await openTestTicket(store, { tags: [tag] });
        await openTestTicket(store, { tags: ['other'] });
        assert.equal(await countTicketsTagged(db(), tag, since), 2);
        assert.equal(await countTicketsTagged(db(), tag, new Date(0)), 3);
      } finally {
        clock.set('2026-11-23T15:00:00Z');
      }
    });
  });
});
