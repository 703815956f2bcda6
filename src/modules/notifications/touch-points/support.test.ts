// The support desk's emails, from its events to the dev mailbox, on a fixed Monday morning in
// New York: the acknowledgement with the promised answer time, "we have read it", each agent
// reply, and the solution with its one-click rating; none for calls, chats, the store's own
// notes or requests staff opened for the customer.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../../platform/clock.ts';
import { rows } from '../../../platform/db/database.ts';
import type { EventPayload } from '../../../platform/events/events.ts';
import { readDevMailbox } from '../../../platform/mail/mailer.ts';
import { createStaff } from '../../../testing/admin.ts';
import { TestBrowser } from '../../../testing/browser.ts';
import { orderingStore, placeTestOrder, sellable } from '../../../testing/orders.ts';
import type { TestStore } from '../../../testing/store.ts';
import { getStoreProfile } from '../../site/index.ts';
import {
  addTicketMessage,
  formatPromisedAnswer,
  markTicketRead,
  openTicket,
  promisedAnswer,
  setTicketStatus,
  type NewTicket,
  type TicketActor,
} from '../../support/index.ts';
import { deliverDue } from '../queue/deliver.ts';
import { queueTouchPoint } from '../queue/enqueue.ts';
import type { TouchPoint } from './define.ts';
import { supportRead, supportReceived, supportReply, supportSolved } from './support.ts';

describe('notifications: touch-points: support', () => {
  // Monday 7 December 2026, 10:00 in New York.
  const clock = fixedClock('2026-12-07T15:00:00Z');
  let store: TestStore;
  let agent: TicketActor;

  before(async () => {
    store = await orderingStore(clock);
    const email = await createStaff(store, 'agent');
    const [staff] = await rows<{ id: string }>(
      store.platform.database.db,
      sql`select id from staff_users where email = ${email}`,
    );
    agent = { kind: 'staff', id: staff!.id };
  });
  after(async () => {
    await store.close();
  });

  let counter = 0;
  async function open(overrides: Partial<NewTicket> = {}) {
    const email = `asker${++counter}@example.com`;
    const { ticket } = await store.platform.database.transaction((tx) =>
      openTicket(store.platform, tx, {
        channel: 'web',
        email,
        name: 'Nora Quist',
        subject: 'Which size fits a family of four?',
        body: 'Hello,\n\nWe are four at the table. Which teapot size should we take?',
        actor: { kind: 'customer' },
        ...overrides,
      }),
    );
    return { ticket, email: overrides.email ?? email };
  }

  /** Runs the touch point for every event of its type not yet run (as the outbox would), then sends. */
  async function deliver(touchPoint: TouchPoint, times = 1): Promise<number> {
    const { platform } = store;
    let queued = 0;
    for (const event of await platform.events.history(
      platform.database.db,
      touchPoint.event.name,
      1000,
    )) {
      for (let i = 0; i < times; i++) {
        queued += await platform.database.transaction((tx) =>
          queueTouchPoint(platform, tx, touchPoint as TouchPoint<EventPayload>, event),
        );
      }
    }
    await deliverDue(platform);
    return queued;
  }

  const mailTo = (address: string) => readDevMailbox(store.platform.database.db, address);

  describe('support touch points', () => {
    it('acknowledges a question with the promised answer time, the number and what they wrote', async () => {
      const { ticket, email } = await open();
      assert.equal(await deliver(supportReceived, 2), 1, 'one email however often the event comes');
      const [mail, ...more] = await mailTo(email);
      assert.equal(more.length, 0);
      assert.equal(mail!.subject, `We have your question [#${ticket.number}]`);
      const promise = await promisedAnswer(store.platform.database.db, ticket.id);
      assert.ok(promise, 'the desk promised an answer time');
      const words = formatPromisedAnswer(promise.dueAt, await getStoreProfile(store.platform));
      assert.match(words, /\(New York time\)$/);
      assert.ok(
        mail!.text.includes(`We have your question and will answer you ${words}.`),
        mail!.text,
      );
      assert.match(mail!.text, /^Hello Nora,/);
      assert.ok(mail!.text.includes(`Request: ${ticket.number}`));
      assert.match(
        mail!.text,
        /You wrote: “Hello, We are four at the table\. Which teapot size should we take\?”/,
      );
      assert.ok(mail!.text.includes(`just reply to this email: it joins request ${ticket.number}`));
      const headers = mail!.headers as Record<string, string>;
      assert.equal(headers.References, `<ticket.${ticket.id}@store.test>`);
      assert.equal(headers['List-Unsubscribe'], undefined);
      assert.doesNotMatch(mail!.text, /You might also like/);
    });

    it('links the order a question is about with its signed link', async () => {
      const variant = await sellable(store, 2500);
      const { order } = await placeTestOrder(store, [[variant, 1]]);
      const { ticket } = await open({
        email: order.email,
        orderIds: [order.id],
        channel: 'order_page',
        subject: `About order ${order.number}`,
      });
      await deliver(supportReceived);
      const mail = (await mailTo(order.email)).find((m) => m.subject.includes(ticket.number))!;
      assert.ok(mail.text.includes(`Order: ${order.number}`));
      const link = new RegExp(`See order ${order.number}: (\\S+)`).exec(mail.text)?.[1];
      assert.ok(link, mail.text);
      const page = await new TestBrowser(store).page(new URL(link).pathname + new URL(link).search);
      assert.equal(page.statusCode, 200);
    });

    it('does not acknowledge calls, chats, the store’s own notes or requests staff opened', async () => {
      const phone = await open({ channel: 'phone', actor: agent });
      const chat = await open({ channel: 'chat' });
      const note = await open({
        channel: 'delay_alert',
        messageKind: 'system',
        actor: { kind: 'system' },
      });
      const forThem = await open({ channel: 'web', actor: agent });
      await deliver(supportReceived);
      for (const { email } of [phone, chat, note, forThem])
        assert.equal((await mailTo(email)).length, 0, email);
      await store.platform.database.transaction((tx) =>
        markTicketRead(store.platform, tx, phone.ticket.id, agent.id!),
      );
      await deliver(supportRead);
      assert.equal((await mailTo(phone.email)).length, 0, 'nor tells a caller it was read');
    });

    it('says once that the question was read', async () => {
      const { ticket, email } = await open();
      await store.platform.database.transaction((tx) =>
        markTicketRead(store.platform, tx, ticket.id, agent.id!),
      );
      await store.platform.database.transaction((tx) =>
        markTicketRead(store.platform, tx, ticket.id, agent.id!),
      );
      await deliver(supportRead, 2);
      const read = (await mailTo(email)).filter((mail) =>
        mail.subject.startsWith('We are on your question'),
      );
      assert.equal(read.length, 1);
      assert.equal(read[0]!.subject, `We are on your question [#${ticket.number}]`);
      assert.match(read[0]!.text, /We have read your question and are finding the best solution\./);
    });

    it('emails each agent reply with the agent’s name, never an internal note or what was said on the phone', async () => {
      const { ticket, email } = await open();
      const say = (kind: 'agent_reply' | 'internal_note', body: string) =>
        store.platform.database.transaction((tx) =>
          addTicketMessage(store.platform, tx, ticket.id, {
            kind,
            body,
            actor: agent,
            channel: kind === 'agent_reply' ? 'email' : null,
          }),
        );
      await say('internal_note', 'Customer seems to want the big one.');
      await store.platform.database.transaction((tx) =>
        addTicketMessage(store.platform, tx, ticket.id, {
          kind: 'agent_reply',
          body: 'Told her on the phone: the big one.',
          actor: agent,
          channel: 'phone',
        }),
      );
      await say('agent_reply', 'Hello Nora,\n\nThe 1.2 litre teapot serves four cups.');
      clock.advance(60_000);
      await say('agent_reply', 'One more thing: it comes with a strainer.');
      assert.equal(await deliver(supportReply, 2), 2, 'a second reply is a second email');
      // Sent in one batch on a clock that stands still: told apart by what they say.
      const replies = (await mailTo(email))
        .filter((mail) => mail.subject.startsWith('Re:'))
        .sort((a, b) => Number(a.text.includes('strainer')) - Number(b.text.includes('strainer')));
      assert.equal(replies.length, 2);
      assert.equal(replies[0]!.subject, `Re: Which size fits a family of four? [#${ticket.number}]`);
      assert.match(replies[0]!.text, /Test agent answered your question\./);
      assert.match(
        replies[0]!.text,
        /Hello Nora,\n\nThe 1\.2 litre teapot serves four cups\.\n\n— Test agent/,
      );
      assert.match(replies[1]!.text, /it comes with a strainer/);
      for (const reply of replies)
        assert.doesNotMatch(reply.text, /seems to want|Told her on the phone/);
      assert.equal(
        (replies[0]!.headers as Record<string, string>).References,
        `<ticket.${ticket.id}@store.test>`,
      );
    });

    it('tells the customer it is solved and asks with one click whether we helped', async () => {
      const { ticket, email } = await open();
      await store.platform.database.transaction((tx) =>
        addTicketMessage(store.platform, tx, ticket.id, {
          kind: 'agent_reply',
          body: 'The big one.',
          actor: agent,
          channel: 'email',
        }),
      );
      await store.platform.database.transaction((tx) =>
        setTicketStatus(store.platform, tx, ticket.id, 'solved', { actor: agent }),
      );
      assert.equal(await deliver(supportSolved, 2), 1);
      const [solved, ...more] = (await mailTo(email)).filter((mail) =>
        mail.subject.startsWith('Solved'),
      );
      assert.equal(more.length, 0);
      assert.equal(solved!.subject, `Solved: Which size fits a family of four? [#${ticket.number}]`);
      assert.match(solved!.text, /How did we do\?\n- Good: (\S+)\n- Not good: (\S+)/);
      const [, good, bad] = /- Good: (\S+)\n- Not good: (\S+)/.exec(solved!.text)!;
      assert.ok(solved!.html!.includes(good!.replace(/&/g, '&amp;')), 'both parts carry the links');
      for (const url of [good!, bad!]) {
        const page = await new TestBrowser(store).page(new URL(url).pathname + new URL(url).search);
        assert.equal(page.statusCode, 200, url);
        assert.match(page.body, /<form[^>]*method="post"/i, 'the page asks before recording');
      }
      const [rating] = await rows(
        store.platform.database.db,
        sql`select 1 from ticket_ratings where ticket_id = ${ticket.id}`,
      );
      assert.equal(rating, undefined, 'following a link records nothing');

      // The store's own note, solved without a word to the customer, asks nobody for a rating.
      const note = await open({
        channel: 'delay_alert',
        messageKind: 'system',
        actor: { kind: 'system' },
      });
      await store.platform.database.transaction((tx) =>
        setTicketStatus(store.platform, tx, note.ticket.id, 'solved', { actor: agent }),
      );
      await deliver(supportSolved);
      assert.equal((await mailTo(note.email)).length, 0);
    });
  });
});
