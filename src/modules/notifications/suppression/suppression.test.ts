// Bounces and complaints posted by the mail provider, and the staff page of the list they fill:
// a real bounce report (Amazon SES, 5.1.1) suppresses the address and marks the email it
// returns; a temporary failure (4.x.x) changes nothing; a spam complaint (ARF) suppresses;
// a body that is no report answers 400 and a wrong secret 401, with nothing changed. Agents
// see and search the list, only leads and admins lift an address.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { count, eq } from 'drizzle-orm';
import { ConfigError, loadConfig } from '../../../config.ts';
import { Browser, createStaff } from '../../../testing/admin.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { emailSuppressions, outgoingEmails, type EmailStatus } from '../schema.ts';
import { EMAIL_WEBHOOK_SECRET_HEADER, emailWebhookSecret } from './bounces.ts';
import { LIFT_PATH, SUPPRESSIONS_PATH } from './SuppressionsPage.tsx';
import { suppress, suppressionOf } from './suppressions.ts';
import { EMAIL_WEBHOOK_PATH } from './webhook-route.ts';

describe('notifications: suppression', () => {
  /** A real bounce report, read where the project keeps its email fixtures (see SOURCE.md there). */
  const SES_BOUNCE = join(import.meta.dirname, '../../../../../shared/data/email-fixtures/mailparser-ses-bounce-delivery-status.eml');

  let store: TestStore;
  before(async () => {
    store = await createTestStore();
  });
  after(() => store.close());

  const db = () => store.platform.database.db;

  let serial = 0;
  /** An email in our queue, as the enqueue step writes it. */
  async function queuedEmail(recipient: string, status: EmailStatus, messageId = `<${crypto.randomUUID()}@store.test>`): Promise<string> {
    const id = crypto.randomUUID();
    const now = store.platform.clock.now();
    await db()
      .insert(outgoingEmails)
      .values({ id, dedupeKey: `test|${++serial}|${recipient}`, touchPoint: 'order.validated', recipient, messageId, subject: 'Payment confirmed', text: 'Hello', html: '<p>Hello</p>', headers: {}, status, nextAttemptAt: now, createdAt: now });
    return id;
  }

  const emailRow = async (id: string) => (await db().select().from(outgoingEmails).where(eq(outgoingEmails.id, id)))[0]!;
  const suppressionCount = async () => (await db().select({ n: count() }).from(emailSuppressions))[0]!.n;

  function post(body: string | Buffer, secret: string | null = emailWebhookSecret(store.platform.config)) {
    return store.app.inject({
      method: 'POST',
      url: EMAIL_WEBHOOK_PATH,
      headers: { 'content-type': 'message/rfc822', ...(secret === null ? {} : { [EMAIL_WEBHOOK_SECRET_HEADER]: secret }) },
      payload: body,
    });
  }

  function deliveryReport(recipient: string, action: string, status: string, messageId: string): string {
    return [
      'From: MAILER-DAEMON@mx.example.net',
      'To: shop@store.test',
      'Subject: Delivery Status Notification (Delay)',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"',
      '',
      '--dsn',
      'Content-Type: text/plain',
      '',
      'Delivery to this recipient is delayed; the server keeps trying.',
      '--dsn',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.net',
      '',
      `Final-Recipient: rfc822; ${recipient}`,
      `Action: ${action}`,
      `Status: ${status}`,
      'Diagnostic-Code: smtp; 452 4.2.2 Mailbox full',
      '',
      '--dsn',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${messageId}`,
      `To: ${recipient}`,
      'Subject: Payment confirmed',
      '',
      '--dsn--',
      '',
    ].join('\r\n');
  }

  function complaintReport(recipient: string, messageId: string): string {
    return [
      'From: fbl@isp.example',
      'To: shop@store.test',
      'Subject: Abuse report',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=feedback-report; boundary="arf"',
      '',
      '--arf',
      'Content-Type: text/plain',
      '',
      'This is an email abuse report for an email message received from the store.',
      '--arf',
      'Content-Type: message/feedback-report',
      '',
      'Feedback-Type: abuse',
      'User-Agent: ISP-FBL/1.0',
      'Version: 1',
      '',
      '--arf',
      'Content-Type: message/rfc822',
      'Content-Disposition: inline',
      '',
      'From: "Doorstep" <shop@store.test>',
      `To: ${recipient}`,
      'Subject: Payment confirmed',
      `Message-ID: ${messageId}`,
      '',
      'Hello',
      '--arf--',
      '',
    ].join('\r\n');
  }

  describe('bounce and complaint webhook', () => {
    it('suppresses the address of a real permanent bounce and marks the email it returns', async () => {
      const raw = await readFile(SES_BOUNCE);
      const bounced = await queuedEmail('xxxx@xxxx.com', 'sent', '<xxxxx@email.amazonses.com>');
      const waiting = await queuedEmail('xxxx@xxxx.com', 'queued');
      const response = await post(raw);
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json(), { kind: 'delivery-status', suppressed: ['xxxx@xxxx.com'], ignored: [], markedEmail: true });
      const suppression = await suppressionOf(db(), 'XXXX@xxxx.com');
      assert.equal(suppression?.reason, 'hard_bounce');
      assert.match(suppression!.detail, /^5\.1\.1 Amazon SES did not send the message/);
      const email = await emailRow(bounced);
      assert.equal(email.status, 'suppressed');
      assert.match(email.lastError ?? '', /^Bounced: .*5\.1\.1/);
      assert.equal((await emailRow(waiting)).status, 'suppressed', 'nothing more is sent to the address');
    });

    it('ignores a temporary failure (4.x.x): the sending server keeps trying by itself', async () => {
      const messageId = `<${crypto.randomUUID()}@store.test>`;
      const id = await queuedEmail('full@example.com', 'sent', messageId);
      const response = await post(deliveryReport('full@example.com', 'delayed', '4.2.2', messageId));
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json(), { kind: 'delivery-status', suppressed: [], ignored: ['full@example.com'], markedEmail: false });
      assert.equal(await suppressionOf(db(), 'full@example.com'), null);
      const email = await emailRow(id);
      assert.equal(email.status, 'sent');
      assert.equal(email.lastError, null);
    });

    it('suppresses the address of a spam complaint (ARF) and notes it on the email', async () => {
      const messageId = `<${crypto.randomUUID()}@store.test>`;
      const id = await queuedEmail('angry@example.com', 'sent', messageId);
      const response = await post(complaintReport('Angry@Example.com', messageId));
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json(), { kind: 'complaint', suppressed: ['angry@example.com'], ignored: [], markedEmail: true });
      assert.equal((await suppressionOf(db(), 'angry@example.com'))?.reason, 'complaint');
      const email = await emailRow(id);
      assert.equal(email.status, 'sent', 'it did arrive');
      assert.match(email.lastError ?? '', /reported it as spam/);
    });

    it('answers 400 with a clear error for a body that is no report, changing nothing', async () => {
      const before = await suppressionCount();
      const notReport = await post('From: someone@example.com\r\nSubject: hello\r\n\r\nJust a note, not a bounce.\r\n');
      assert.equal(notReport.statusCode, 400);
      assert.equal(notReport.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(notReport.json().type, '/problems/email-report-malformed');
      assert.match(notReport.json().detail, /not a delivery report or a complaint \(Content-Type: none\)/);
      const noStatus = await post(deliveryReport('x@example.com', 'failed', '5.1.1', '<a@b>').replace('message/delivery-status', 'text/plain'));
      assert.equal(noStatus.statusCode, 400);
      assert.match(noStatus.json().detail, /no message\/delivery-status part/);
      assert.equal((await post('')).statusCode, 400);
      assert.equal(await suppressionCount(), before);
    });

    it('answers 401 to a wrong or missing secret, changing nothing', async () => {
      const before = await suppressionCount();
      const raw = deliveryReport('victim@example.com', 'failed', '5.1.1', '<forged@store.test>');
      for (const secret of ['wrong-secret', null]) {
        const response = await post(raw, secret);
        assert.equal(response.statusCode, 401);
        assert.equal(response.json().type, '/problems/webhook-secret');
      }
      assert.equal(await suppressionOf(db(), 'victim@example.com'), null);
      assert.equal(await suppressionCount(), before);
    });
  });

  describe('the webhook secret', () => {
    it('is EMAIL_WEBHOOK_SECRET, else derived from the session secret; a short one stops the store', () => {
      const derived = loadConfig({ SESSION_SECRET: 'a'.repeat(40) });
      assert.equal(derived.emailWebhookSecret, undefined);
      assert.match(emailWebhookSecret(derived), /^[0-9a-f]{64}$/);
      assert.equal(emailWebhookSecret(loadConfig({ SESSION_SECRET: 'a'.repeat(40) })), emailWebhookSecret(derived), 'stable');
      assert.notEqual(emailWebhookSecret(loadConfig({ SESSION_SECRET: 'b'.repeat(40) })), emailWebhookSecret(derived));
      assert.equal(emailWebhookSecret(loadConfig({ SESSION_SECRET: 'a'.repeat(40), EMAIL_WEBHOOK_SECRET: 'e'.repeat(32) })), 'e'.repeat(32));
      assert.throws(
        () => loadConfig({ EMAIL_WEBHOOK_SECRET: 'too-short' }),
        (error: unknown) => error instanceof ConfigError && /^EMAIL_WEBHOOK_SECRET is too short/.test(error.message) && !error.message.includes('too-short'),
      );
    });
  });

  describe('the suppression list for staff', () => {
    it('shows agents the list and finds an address, without a lift button; an agent cannot lift', async () => {
      await suppress(db(), 'gone@example.com', 'hard_bounce', '5.1.1 user unknown', store.platform.clock.now());
      const agent = new Browser(store);
      await agent.signIn(await createStaff(store, 'agent'));
      const page = await agent.get(`${SUPPRESSIONS_PATH}?q=GONE@`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /gone@example\.com/);
      assert.match(page.body, /href="\/admin\/notifications\/suppressions" aria-current="page"/, 'a tab of the Emails section');
      assert.match(page.body, /Bounced \(the address does not exist\)/);
      assert.doesNotMatch(page.body, /angry@example\.com/, 'the search narrows the list');
      assert.doesNotMatch(page.body, new RegExp(`action="${LIFT_PATH}"`));
      assert.equal((await agent.post(LIFT_PATH, { address: 'gone@example.com' })).statusCode, 403);
      assert.ok(await suppressionOf(db(), 'gone@example.com'));
    });

    it('lets a lead lift a suppression with a POST', async () => {
      const lead = new Browser(store);
      await lead.signIn(await createStaff(store, 'lead'));
      const page = await lead.get(SUPPRESSIONS_PATH);
      assert.match(page.body, new RegExp(`action="${LIFT_PATH}"`));
      const lifted = await lead.post(LIFT_PATH, { address: 'gone@example.com' });
      assert.equal(lifted.statusCode, 303);
      assert.equal(await suppressionOf(db(), 'gone@example.com'), null);
      const after = await lead.get(lifted.headers.location as string);
      assert.match(after.body, /We write to gone@example\.com again/);
    });

    it('sends the signed-out to sign in', async () => {
      const page = await store.app.inject({ method: 'GET', url: SUPPRESSIONS_PATH, headers: { accept: 'text/html' } });
      assert.equal(page.statusCode, 303);
    });
  });
});
