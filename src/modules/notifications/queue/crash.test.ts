// A store killed while sending an email (SIGKILL at `email:before-handoff`, as a power cut
// would) sends it exactly once after it starts again: the email was stored before the send,
// its claim outlives the process, and the next store sends it with the Message-ID it was
// given. The store runs as `npm start` runs it, against a real SMTP server in this process.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it, describe } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { newId } from '../../../platform/ids.ts';
import { createChildDatabase, freePort, killChildren, startStoreProcess, withStoreInProcess, type ChildDatabase, type ChildServer } from '../../../testing/child-store.ts';
import { startSmtpSink, type SmtpSink } from '../../../testing/smtp-sink.ts';
import { orderPlaced, type OrderEventPayload } from '../../orders/index.ts';
import { outgoingEmails } from '../schema.ts';
import { defineTouchPoint, type TouchPoint } from '../touch-points/define.ts';
import { STALE_AFTER_MS } from './deliver.ts';
import { queueTouchPoint } from './enqueue.ts';

describe('notifications: queue: crash', () => {
  const TO = 'crash-reader@example.com';
  let dir: string;
  let database: ChildDatabase;
  let sink: SmtpSink;
  let store: ChildServer | undefined;

  const touchPoint = defineTouchPoint<OrderEventPayload>({
    key: 'test.crash',
    group: 'Orders',
    title: 'Crash test',
    when: 'In the crash test',
    event: orderPlaced,
    kind: 'transactional',
    sells: false,
    defaults: { subject: 'Crash test {{order.number}}', intro: '' },
    placeholders: { 'order.number': 'number' },
    letters: async (_platform, _tx, event) => [{ to: TO, about: `order:${event.payload.number}`, values: { 'order.number': event.payload.number }, blocks: [{ kind: 'paragraph', text: 'Once.' }] }],
    preview: async () => null,
  }) as TouchPoint;

  async function startStore(name: string, crashAt?: string): Promise<ChildServer> {
    store = await startStoreProcess({
      dir,
      name,
      port: await freePort(),
      env: { ...database.env, SMTP_URL: sink.url, SESSION_SECRET: 'email-crash-secret-email-crash-secret-01', DEMO_DATA: 'false', LOG_LEVEL: 'warn', ...(crashAt ? { CRASH_AT: crashAt } : {}) },
    });
    return store;
  }

  async function emailRow() {
    const handle = await database.open();
    try {
      const [row] = await handle.db.select().from(outgoingEmails).where(eq(outgoingEmails.recipient, TO));
      return row!;
    } finally {
      await handle.close();
    }
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doorstep-email-crash-'));
    sink = await startSmtpSink();
    database = await createChildDatabase({ dir, postgresUrl: process.env.TEST_DATABASE_URL, migrated: true });
  });

  after(async () => {
    await store?.stop(5_000);
    killChildren();
    await sink?.stop();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends an email exactly once when the store is killed in the middle of sending it', async () => {
    await withStoreInProcess(database, (platform) =>
      platform.database.transaction((tx) => queueTouchPoint(platform, tx, touchPoint, { id: newId(), type: orderPlaced.name, payload: { orderId: newId(), number: 'DS-CRSH-0001', from: null }, actor: 'system', occurredAt: new Date().toISOString() })),
    );

    // The store sends what is due as it starts, so it may die before it says it is listening.
    const died = await startStore('store-dies-mid-send', 'email:before-handoff').then(
      async (dying) => ((await dying.exited).signal === 'SIGKILL' ? dying.output() : `not killed: ${dying.output()}`),
      (error: Error) => error.message,
    );
    store = undefined;
    assert.match(died, /CRASH_AT=email:before-handoff: killing the process/);
    const claimed = await emailRow();
    assert.equal(claimed.status, 'sending', 'the claim outlives the process');
    assert.equal(sink.received.length, 0);

    // The claim is left alone while it could still be a live sender's; make it that old.
    const handle = await database.open();
    try {
      await handle.db.update(outgoingEmails).set({ claimedAt: sql`${outgoingEmails.claimedAt} - ${`${STALE_AFTER_MS + 1000} milliseconds`}::interval` }).where(eq(outgoingEmails.id, claimed.id));
    } finally {
      await handle.close();
    }

    await startStore('store-after-the-crash');
    const deadline = Date.now() + 30_000;
    while (sink.received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    // Time for a second copy to arrive, were the store to send one.
    await new Promise((r) => setTimeout(r, 1500));
    await sink.settled();
    await store!.stop();
    store = undefined;

    assert.equal(sink.received.length, 1, 'exactly one email arrived');
    assert.equal(sink.received[0]!.parsed.messageId, claimed.messageId, 'with the Message-ID it was given before the crash');
    assert.equal(sink.received[0]!.parsed.subject, 'Crash test DS-CRSH-0001');
    const sent = await emailRow();
    assert.equal(sent.status, 'sent');
    assert.equal(sent.attempts, 2);
  });
});
