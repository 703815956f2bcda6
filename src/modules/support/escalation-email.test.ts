// The emails the console depends on: an escalation reaches the desk's leads (not agents, not
// the customer) once, and the acknowledgement and every reply carry the signed link to the
// request's page, which opens it for a guest.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../platform/clock.ts';
import { rows } from '../../platform/db/database.ts';
import type { EventPayload } from '../../platform/events/events.ts';
import { readDevMailbox } from '../../platform/mail/mailer.ts';
import { Browser, createStaff } from '../../testing/admin.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { deliverDue } from '../notifications/queue/deliver.ts';
import { queueTouchPoint } from '../notifications/queue/enqueue.ts';
import type { TouchPoint } from '../notifications/touch-points/define.ts';
import { supportEscalated, supportReceived, supportReply } from '../notifications/touch-points/support.ts';
import { replyToTicket } from './replies.ts';
import { ticketById } from './read.ts';
import { escalateNearBreaches } from './sla/escalation.ts';
import { openTestTicket } from './test-support.ts';

const clock = fixedClock('2026-12-07T15:00:00Z'); // Monday 10:00 in New York
let store: TestStore;
let leadEmail: string;
let agentEmail: string;
let agentId: string;

before(async () => {
  store = await createTestStore({ clock });
  leadEmail = await createStaff(store, 'lead');
  agentEmail = await createStaff(store, 'agent');
  agentId = (await rows<{ id: string }>(store.platform.database.db, sql`select id from staff_users where email = ${agentEmail}`))[0]!.id;
});
after(() => store.close());

async function deliver(touchPoint: TouchPoint): Promise<void> {
  const { platform } = store;
  for (const event of await platform.events.history(platform.database.db, touchPoint.event.name, 1000)) {
    await platform.database.transaction((tx) => queueTouchPoint(platform, tx, touchPoint as TouchPoint<EventPayload>, event));
  }
  await deliverDue(platform);
}

const mailTo = (address: string) => readDevMailbox(store.platform.database.db, address);

describe('escalation email', () => {
  it('tells every lead, once, with the ticket and its due time; nobody else', async () => {
    const { ticket } = await openTestTicket(store, { email: 'escalate@example.com', subject: 'Broken lid' });
    const row = (await ticketById(store.platform.database.db, ticket.id))!;
    clock.set(new Date(row.createdAt.getTime() + (row.slaDueAt!.getTime() - row.createdAt.getTime()) * 0.9).toISOString());
    assert.equal(await escalateNearBreaches(store.platform), 1);
    await deliver(supportEscalated);
    await deliver(supportEscalated);
    const mails = await mailTo(leadEmail);
    assert.equal(mails.length, 1);
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
    await deliver(supportReceived);
    await store.platform.database.transaction((tx) => replyToTicket(store.platform, tx, ticket.id, { body: 'Yes, we wrap.', seenSeq: 1, staffId: agentId }));
    await deliver(supportReply);
    const mails = await mailTo('guest-link@example.com');
    assert.equal(mails.length, 2);
    for (const mail of mails) {
      const link = new RegExp(`Follow request ${ticket.number}: (\\S+)`).exec(mail.text)?.[1];
      assert.ok(link, mail.text);
      const page = await new Browser(store).get(new URL(link).pathname + new URL(link).search);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Gift wrap\?/);
    }
  });
});
