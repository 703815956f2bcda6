// The emails the console depends on: an escalation reaches the desk's leads (not agents, not
// the customer) once, and the acknowledgement and every reply carry the signed link to the
// request's page, which opens it for a guest. The store's worker runs, so the emails go as
// they do in the store: event, touch point, queue, the dev mailbox.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../platform/clock.ts';
import { rows } from '../../platform/db/database.ts';
import { readDevMailbox } from '../../platform/mail/mailer.ts';
import { Browser, createStaff } from '../../testing/admin.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { replyToTicket } from './replies.ts';
import { ticketById } from './read.ts';
import { escalateNearBreaches } from './sla/escalation.ts';
import { openTestTicket } from './test-support.ts';

describe('support: escalation-email', () => {
  const clock = fixedClock('2026-12-07T15:00:00Z'); // Monday 10:00 in New York
  let store: TestStore;
  let leadEmail: string;
  let agentEmail: string;
  let agentId: string;

  before(async () => {
    store = await createTestStore({ clock, worker: true });
    leadEmail = await createStaff(store, 'lead');
    agentEmail = await createStaff(store, 'agent');
    agentId = (await rows<{ id: string }>(store.platform.database.db, sql`select id from staff_users where email = ${agentEmail}`))[0]!.id;
  });
  after(() => store.close());

  /** The mails to `to` once `count` of them have arrived (the worker sends them a moment after the change). */
  async function mailsTo(to: string, count: number, subject: RegExp = /./) {
    for (let i = 0; i < 150; i++) {
      const found = (await readDevMailbox(store.platform.database.db, to)).filter((m) => subject.test(m.subject));
      if (found.length >= count) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`fewer than ${count} mails "${subject}" to ${to} within 15 s`);
  }

  const mailTo = (address: string) => readDevMailbox(store.platform.database.db, address);

  describe('escalation email', () => {
    it('tells every lead, once, with the ticket and its due time; nobody else', async () => {
      const { ticket } = await openTestTicket(store, { email: 'escalate@example.com', subject: 'Broken lid' });
      const row = (await ticketById(store.platform.database.db, ticket.id))!;
      clock.set(new Date(row.createdAt.getTime() + (row.slaDueAt!.getTime() - row.createdAt.getTime()) * 0.9).toISOString());
      await escalateNearBreaches(store.platform);
      await escalateNearBreaches(store.platform);
      assert.notEqual((await ticketById(store.platform.database.db, ticket.id))!.escalatedAt, null);
      await mailsTo(leadEmail, 1, /^Escalated/);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const mails = await mailTo(leadEmail);
      assert.equal(mails.length, 1, 'once, however often the sweep runs');
      assert.match(mails[0]!.subject, new RegExp(`^Escalated: ${ticket.number} is due \\w+, \\w+ \\d+, \\d+:\\d\\d [AP]M \\(New York time\\)$`));
      assert.match(mails[0]!.text, new RegExp(`Broken lid`));
      assert.match(mails[0]!.text, new RegExp(`/admin/support/${ticket.number}`));
      assert.equal((await mailTo(agentEmail)).length, 0);
      assert.equal((await mailTo('escalate@example.com')).filter((m) => m.subject.startsWith('Escalated')).length, 0);
    });
  });

  describe('the request link in the desk’s emails', () => {
    it('is in the acknowledgement and in each reply, and opens the request for a guest', async () => {
      const { ticket } = await openTestTicket(store, { email: 'guest-link@example.com', subject: 'Gift wrap?' });
      await store.platform.database.transaction((tx) => replyToTicket(store.platform, tx, ticket.id, { body: 'Yes, we wrap.', seenSeq: 1, staffId: agentId }));
      const mails = [...(await mailsTo('guest-link@example.com', 1, /^We have your question/)), ...(await mailsTo('guest-link@example.com', 1, /^Re: /))];
      for (const mail of mails) {
        const link = new RegExp(`Follow request ${ticket.number}: (\\S+)`).exec(mail.text)?.[1];
        assert.ok(link, mail.text);
        const page = await new Browser(store).get(new URL(link).pathname + new URL(link).search);
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /Gift wrap\?/);
      }
    });
  });
});
