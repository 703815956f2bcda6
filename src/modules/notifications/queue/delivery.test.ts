// The mail queue against a real SMTP server (smtp-server, parsed with mailparser): what
// arrives and with which headers; one email per (touch point, subject, recipient) however
// often the event comes; a server that is down, a recipient it refuses, a send whose process
// died, and the merchant's switch and words.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { fixedClock } from '../../../platform/clock.ts';
import type { DomainEvent } from '../../../platform/events/events.ts';
import { newId } from '../../../platform/ids.ts';
import { startSmtpSink, type SmtpSink } from '../../../testing/smtp-sink.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { orderPlaced, type OrderEventPayload } from '../../orders/index.ts';
import { savePreferences } from '../preferences/preferences.ts';
import { outgoingEmails } from '../schema.ts';
import { suppressionOf } from '../suppression/suppressions.ts';
import { defineTouchPoint, type Letter, type TouchPoint } from '../touch-points/define.ts';
import { saveSettings } from '../touch-points/settings.ts';
import { deliverDue, MAX_ATTEMPTS, retryDelayMs, retryEmail, STALE_AFTER_MS } from './deliver.ts';
import { queueTouchPoint } from './enqueue.ts';

const clock = fixedClock('2026-12-07T15:00:00Z');
let sink: SmtpSink;
let store: TestStore;

/** A touch point that writes to whoever the event's order id names (tests only; not in the catalogue). */
function testTouchPoint(kind: 'transactional' | 'announcement' = 'transactional', key = `test.${kind}`): TouchPoint {
  return defineTouchPoint<OrderEventPayload>({
    key,
    group: 'Orders',
    title: 'Test',
    when: 'In tests',
    event: orderPlaced,
    kind,
    sells: false,
    defaults: { subject: 'About {{order.number}}', intro: 'Intro for {{customer.name}}.' },
    placeholders: { 'order.number': 'number' },
    async letters(_platform, _tx, event): Promise<Letter[]> {
      return [
        {
          to: event.payload.orderId,
          about: `order:${event.payload.number}`,
          thread: `order.${event.payload.number}`,
          values: { 'order.number': event.payload.number, 'customer.name': 'Ada' },
          blocks: [
            { kind: 'paragraph', text: 'Body <b>not bold</b>' },
            { kind: 'button', label: 'See it', url: 'http://store.test/orders/X' },
          ],
        },
      ];
    },
    preview: async () => null,
  }) as TouchPoint;
}

const transactional = testTouchPoint();

function event(to: string, number: string): DomainEvent<OrderEventPayload> {
  return { id: newId(), type: orderPlaced.name, payload: { orderId: to, number, from: null }, actor: 'system', occurredAt: clock.now().toISOString() };
}

async function queue(touchPoint: TouchPoint, e: DomainEvent<OrderEventPayload>): Promise<number> {
  return store.platform.database.transaction((tx) => queueTouchPoint(store.platform, tx, touchPoint, e));
}

async function rowsTo(address: string) {
  return store.platform.database.db.select().from(outgoingEmails).where(eq(outgoingEmails.recipient, address));
}

let counter = 0;
function address(): string {
  counter += 1;
  return `reader${counter}@example.com`;
}

describe('the mail queue over SMTP', () => {
  before(async () => {
    sink = await startSmtpSink();
    store = await createTestStore({ clock, env: { SMTP_URL: sink.url } });
  });
  after(async () => {
    await store.close().catch(() => {});
    await sink.stop();
  });
  beforeEach(() => clock.advance(60_000));

  it('hands the email to the SMTP server with both parts, threading and Reply-To, and no List-Unsubscribe on transactional mail', async () => {
    const to = address();
    assert.equal(await queue(transactional, event(to, 'DS-AAAA-0001')), 1);
    assert.equal(await deliverDue(store.platform), 1);
    await sink.settled();
    const mail = sink.received.find((m) => m.to.includes(to));
    assert.ok(mail, 'the email reached the SMTP server');
    const { parsed } = mail;
    assert.equal(parsed.subject, 'About DS-AAAA-0001');
    assert.equal(parsed.from?.value[0]?.address, 'shop@store.test');
    assert.equal(parsed.from?.value[0]?.name, 'Doorstep');
    assert.equal(parsed.replyTo?.value[0]?.address, 'support@store.test');
    assert.equal(parsed.inReplyTo, '<order.DS-AAAA-0001@store.test>');
    assert.match(String(parsed.references), /order\.DS-AAAA-0001@store\.test/);
    assert.equal(parsed.headers.get('auto-submitted'), 'auto-generated');
    assert.equal(parsed.headerLines.find((header) => header.key === 'list-unsubscribe'), undefined);
    assert.match(parsed.text ?? '', /Hello Ada,\n\nIntro for Ada\.\n\nBody <b>not bold<\/b>\n\nSee it: http:\/\/store\.test\/orders\/X/);
    assert.match(String(parsed.html), /Body &lt;b>not bold&lt;\/b>/, 'values are escaped in the HTML part');
    assert.match(String(parsed.html), /<a href="http:\/\/store\.test\/orders\/X"/);
    const [row] = await rowsTo(to);
    assert.equal(row!.status, 'sent');
    assert.equal(parsed.messageId, row!.messageId);
  });

  it('sends one email however often the event comes, and for the same fact announced twice', async () => {
    const to = address();
    const once = event(to, 'DS-AAAA-0002');
    assert.equal(await queue(transactional, once), 1);
    assert.equal(await queue(transactional, once), 0);
    assert.equal(await queue(transactional, once), 0);
    assert.equal(await queue(transactional, event(to, 'DS-AAAA-0002')), 0, 'another event about the same order');
    await deliverDue(store.platform);
    assert.equal(await deliverDue(store.platform), 0);
    await sink.settled();
    assert.equal(sink.received.filter((m) => m.to.includes(to)).length, 1);
    assert.equal((await rowsTo(to)).length, 1);
  });

  it('keeps the email while the server is down and sends it once, when it is back', async () => {
    const to = address();
    await sink.stop();
    try {
      await queue(transactional, event(to, 'DS-AAAA-0003'));
      await deliverDue(store.platform);
      const [waiting] = await rowsTo(to);
      assert.equal(waiting!.status, 'queued');
      assert.equal(waiting!.attempts, 1);
      assert.match(waiting!.lastError ?? '', /ECONNREFUSED|connect/i);
      assert.equal(waiting!.nextAttemptAt.getTime(), clock.now().getTime() + retryDelayMs(1));
      assert.equal(await deliverDue(store.platform), 0, 'not retried before its time');
    } finally {
      await sink.restart();
    }
    clock.advance(retryDelayMs(1));
    assert.equal(await deliverDue(store.platform), 1);
    await sink.settled();
    assert.equal(sink.received.filter((m) => m.to.includes(to)).length, 1);
    const [sent] = await rowsTo(to);
    assert.equal(sent!.status, 'sent');
    assert.equal(sent!.attempts, 2);
  });

  it('suppresses an address the server refuses, and records later emails to it as not sent', async () => {
    const to = address();
    sink.refuse.add(to);
    await queue(transactional, event(to, 'DS-AAAA-0004'));
    await deliverDue(store.platform);
    const [refused] = await rowsTo(to);
    assert.equal(refused!.status, 'suppressed');
    assert.match(refused!.lastError ?? '', /refused the address.*550|No such user/);
    assert.equal((await suppressionOf(store.platform.database.db, to))?.reason, 'hard_bounce');

    await queue(transactional, event(to, 'DS-AAAA-0005'));
    assert.equal(await deliverDue(store.platform), 0, 'nothing handed to the server');
    const later = (await rowsTo(to)).find((row) => row.id !== refused!.id)!;
    assert.equal(later.status, 'suppressed');
    assert.match(later.lastError ?? '', /suppression list \(hard bounce\)/);
  });

  it('sends again with the same Message-ID a message whose process died mid-send', async () => {
    const to = address();
    await queue(transactional, event(to, 'DS-AAAA-0006'));
    const [row] = await rowsTo(to);
    // What a process killed after claiming the row leaves behind.
    await store.platform.database.db.update(outgoingEmails).set({ status: 'sending', claimedAt: clock.now(), attempts: 1 }).where(eq(outgoingEmails.id, row!.id));
    assert.equal(await deliverDue(store.platform), 0, 'a send in progress is left alone');
    clock.advance(STALE_AFTER_MS);
    assert.equal(await deliverDue(store.platform), 1);
    await sink.settled();
    const arrived = sink.received.filter((m) => m.to.includes(to));
    assert.equal(arrived.length, 1);
    assert.equal(arrived[0]!.parsed.messageId, row!.messageId);
  });

  it('gives up after the last attempt, shows the error, and sends again when staff retry', async () => {
    const to = address();
    await queue(transactional, event(to, 'DS-AAAA-0007'));
    const [row] = await rowsTo(to);
    await store.platform.database.db.update(outgoingEmails).set({ attempts: MAX_ATTEMPTS - 1 }).where(eq(outgoingEmails.id, row!.id));
    await sink.stop();
    try {
      await deliverDue(store.platform);
    } finally {
      await sink.restart();
    }
    const [failed] = await rowsTo(to);
    assert.equal(failed!.status, 'failed');
    assert.ok(failed!.lastError);
    clock.advance(retryDelayMs(MAX_ATTEMPTS));
    assert.equal(await deliverDue(store.platform), 0, 'a failed email is not retried by itself');
    assert.equal(await retryEmail(store.platform, row!.id), true);
    assert.equal(await retryEmail(store.platform, row!.id), false, 'only a failed email can be sent again');
    assert.equal(await deliverDue(store.platform), 1);
    await sink.settled();
    assert.equal(sink.received.filter((m) => m.to.includes(to)).length, 1);
  });

  it('uses the merchant’s subject and intro, and sends nothing for a switched-off touch point', async () => {
    const to = address();
    await store.platform.database.transaction((tx) => saveSettings(store.platform.database, tx, transactional, { enabled: true, subject: 'Your order {{ order.number }} is with us', intro: 'Dear {{customer.name}}, thanks from {{store.name}}.' }, 'staff:test', clock.now()));
    await queue(transactional, event(to, 'DS-AAAA-0008'));
    await deliverDue(store.platform);
    await sink.settled();
    const mail = sink.received.find((m) => m.to.includes(to))!;
    assert.equal(mail.parsed.subject, 'Your order DS-AAAA-0008 is with us');
    assert.match(mail.parsed.text ?? '', /Dear Ada, thanks from Doorstep\./);

    await store.platform.database.transaction((tx) => saveSettings(store.platform.database, tx, transactional, { enabled: false, subject: 'x', intro: '' }, 'staff:test', clock.now()));
    const other = address();
    assert.equal(await queue(transactional, event(other, 'DS-AAAA-0009')), 0);
    assert.equal((await rowsTo(other)).length, 0);
  });

  it('puts List-Unsubscribe (RFC 8058 one-click) on announcements only, and skips readers who opted out', async () => {
    const announcement = testTouchPoint('announcement');
    const to = address();
    await queue(announcement, event(to, 'DS-AAAA-0010'));
    await deliverDue(store.platform);
    await sink.settled();
    const mail = sink.received.find((m) => m.to.includes(to))!;
    const line = (key: string) => mail.parsed.headerLines.find((header) => header.key === key)?.line.replace(/\r?\n\s+/g, ' ') ?? '';
    assert.match(line('list-unsubscribe'), /^List-Unsubscribe: <http:\/\/store\.test\/email\/unsubscribe\?topic=announcements&token=[^>\s]+>$/);
    assert.equal(line('list-unsubscribe-post'), 'List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const [row] = await rowsTo(to);
    assert.equal(row!.promotional, true);

    const optedOut = address();
    await savePreferences(store.platform.database.db, optedOut, { recommendations: true, announcements: false }, clock.now());
    assert.equal(await queue(announcement, event(optedOut, 'DS-AAAA-0011')), 0);
    assert.equal(await queue(testTouchPoint('transactional', 'test.still-on'), event(optedOut, 'DS-AAAA-0011')), 1, 'transactional mail still goes');
  });
});
