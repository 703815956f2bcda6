// Whether an inbound email's sender was verified: the Authentication-Results header read as
// RFC 8601 writes it (comments, quoted values, versions, several results), only from a trusted
// receiving host and only its topmost; then, on a store trusting mx.trusted.example, a forged
// From that failed DMARC opens a ticket of its own (not the one its subject number or
// In-Reply-To names) flagged on the staff page, a header from an untrusted host changes
// nothing, a verified sender threads as before without the flag, and the DKIM verdicts a
// provider posts to the webhook beside the message count.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { fixedClock } from '../../../platform/clock.ts';
import { EMAIL_WEBHOOK_SECRET_HEADER, emailWebhookSecret } from '../../../platform/mail/webhook-secret.ts';
import { Browser, createStaff } from '../../../testing/admin.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { ticketById, ticketByNumber } from '../read.ts';
import { SENDER_FAILED_TAG } from '../tags.ts';
import { openTestTicket, pageText } from '../test-support.ts';
import { ingestEmail } from './ingest.ts';
import { inboundEmails } from './schema.ts';
import { INBOUND_WEBHOOK_PATH } from './routes.ts';
import { parseAuthenticationResults, providerDkimResults, senderVerdict } from './sender-check.ts';

const TRUSTED = ['mx.trusted.example'];

describe('reading Authentication-Results', () => {
  it('reads the authserv-id and each result with its properties, past comments, quotes and folding', () => {
    const parsed = parseAuthenticationResults(
      'mx.trusted.example 1;\r\n\tdkim=pass (2048-bit key; secure) header.i=@example.com header.s=s1 header.b="Ab;cD";\r\n\tspf=pass (trusted.example: domain of ada@example.com designates 192.0.2.1 as permitted sender) smtp.mailfrom=ada@example.com;\r\n\tdmarc=pass (p=REJECT (nested) dis=NONE) header.from=example.com',
    );
    assert.deepEqual(parsed, {
      authservId: 'mx.trusted.example',
      results: [
        { method: 'dkim', result: 'pass', properties: { 'header.i': '@example.com', 'header.s': 's1', 'header.b': 'Ab;cD' } },
        { method: 'spf', result: 'pass', properties: { 'smtp.mailfrom': 'ada@example.com' } },
        { method: 'dmarc', result: 'pass', properties: { 'header.from': 'example.com' } },
      ],
    });
    assert.deepEqual(parseAuthenticationResults('MX.Trusted.Example; none'), { authservId: 'mx.trusted.example', results: [] });
    assert.equal(parseAuthenticationResults('spf=pass smtp.mailfrom=ada@example.com; dmarc=pass'), null, 'no authserv-id: it names nobody');
  });

  it('says pass for DMARC pass or an aligned DKIM signature, fail for DMARC fail, unknown otherwise', () => {
    const verdict = (header: string, from = 'ada@example.com') => senderVerdict([header], from, TRUSTED);
    assert.equal(verdict('mx.trusted.example; dmarc=pass header.from=example.com'), 'pass');
    assert.equal(verdict('mx.trusted.example; spf=fail; dkim=none; dmarc=fail (p=reject) header.from=example.com'), 'fail');
    assert.equal(verdict('mx.trusted.example; dkim=pass header.d=example.com; dmarc=none'), 'pass');
    assert.equal(verdict('mx.trusted.example; dkim=pass header.i=@mail.example.com', 'ada@example.com'), 'pass', 'a subdomain is aligned');
    assert.equal(verdict('mx.trusted.example; dkim=pass header.d=mailer.example.net'), 'unknown', 'a signature of another domain proves nothing about From');
    assert.equal(verdict('mx.trusted.example; spf=pass smtp.mailfrom=ada@example.com'), 'unknown', 'SPF is about the envelope, not From');
    assert.equal(verdict('mx.trusted.example; dkim=fail header.d=example.com (dmarc=pass in a comment)'), 'unknown');
    assert.equal(verdict('mx.trusted.example; none'), 'unknown');
    assert.equal(senderVerdict([], 'ada@example.com', TRUSTED), 'unknown');
  });

  it('reads only trusted hosts’ headers, and of those the topmost', () => {
    assert.equal(senderVerdict(['mx.forger.example; dmarc=pass header.from=example.com'], 'ada@example.com', TRUSTED), 'unknown');
    assert.equal(senderVerdict(['mx.forger.example; dmarc=pass', 'mx.trusted.example; dmarc=fail'], 'ada@example.com', TRUSTED), 'fail');
    // A header a sender wrote lies below the one the receiving host added.
    assert.equal(senderVerdict(['mx.trusted.example; dmarc=fail', 'mx.trusted.example; dmarc=pass'], 'ada@example.com', TRUSTED), 'fail');
    assert.equal(senderVerdict(['mx.trusted.example; dmarc=pass'], 'ada@example.com', []), 'unknown', 'nothing is trusted by default');
  });

  it('reads the DKIM verdicts a provider posts beside the message', () => {
    const results = providerDkimResults('{@Example.com : pass, @mailer.example.net : fail}');
    assert.deepEqual(results, [
      { method: 'dkim', result: 'pass', properties: { 'header.d': 'example.com' } },
      { method: 'dkim', result: 'fail', properties: { 'header.d': 'mailer.example.net' } },
    ]);
    assert.equal(senderVerdict([], 'ada@example.com', [], results), 'pass');
    assert.equal(senderVerdict([], 'ada@example.org', [], results), 'unknown', 'signed, but not by the From domain');
    assert.deepEqual(providerDkimResults('none'), []);
  });
});

describe('inbound mail by sender verification', () => {
  const clock = fixedClock('2026-12-07T15:00:00Z');
  let store: TestStore;
  let agent: Browser;
  let counter = 0;
  const unique = (what: string) => `${what}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

  before(async () => {
    store = await createTestStore({ clock, env: { INBOUND_TRUSTED_AUTHSERV_IDS: 'mx.trusted.example' } });
    agent = new Browser(store);
    await agent.signIn(await createStaff(store, 'agent'));
  });
  after(() => store.close());

  const db = () => store.platform.database.db;
  /** A message as the receiving host hands it over, with these Authentication-Results on top. */
  async function ingest(options: Mail.Options, authenticationResults: string[]) {
    const messageId = `<${unique('m')}@mail.example.com>`;
    const raw = await new MailComposer({
      to: 'support@store.test',
      messageId,
      date: new Date('2026-12-07T14:00:00Z'),
      headers: authenticationResults.map((value) => ({ key: 'Authentication-Results', value })),
      ...options,
    })
      .compile()
      .build();
    return { messageId, result: await ingestEmail(store.platform, raw, { via: 'webhook' }) };
  }
  const verdictOf = async (inboundEmailId: string) => (await db().select({ verdict: inboundEmails.senderVerified }).from(inboundEmails).where(eq(inboundEmails.id, inboundEmailId)))[0]!.verdict;
  const staffPage = async (number: string) => pageText((await agent.get(`/admin/support/${number}`)).body);

  it('opens a new ticket for a forged From that failed DMARC at a trusted host, whatever its subject and In-Reply-To name, and flags it', async () => {
    const email = `${unique('ada')}@example.com`;
    const { ticket } = await openTestTicket(store, { email });
    const genuine = await ingest({ from: email, subject: `Re: [#${ticket.number}]`, text: 'The blue one, please.' }, [`mx.trusted.example; dkim=pass header.d=example.com; dmarc=pass header.from=example.com`]);
    assert.equal(genuine.result.ticketId, ticket.id);

    const forged = await ingest(
      { from: `Ada <${email}>`, subject: `Re: [#${ticket.number}]`, inReplyTo: genuine.messageId, references: [genuine.messageId], text: 'Please change my delivery address to 1 Thief Lane.' },
      [`mx.trusted.example; spf=fail smtp.mailfrom=${email}; dkim=none; dmarc=fail (p=QUARANTINE) header.from=example.com`],
    );
    assert.equal(forged.result.outcome, 'opened');
    assert.notEqual(forged.result.ticketId, ticket.id, 'not threaded into the customer’s ticket');
    assert.equal(await verdictOf(forged.result.inboundEmailId), 'fail');
    const opened = (await ticketById(db(), forged.result.ticketId!))!;
    assert.ok(opened.tags.includes(SENDER_FAILED_TAG));
    assert.equal(opened.noAutoReply, true, 'no acknowledgement to the address it pretends to be from');
    const page = await staffPage(opened.number);
    assert.match(page, /Sender not verified The receiving mail server found that this email failed the check of .*’s domain \(DMARC\): it is probably forged/);
    assert.match(page, /Please change my delivery address/);
  });

  it('ignores Authentication-Results from a host it does not trust: the message threads as today, flagged as not verified', async () => {
    const email = `${unique('bo')}@example.com`;
    const { ticket } = await openTestTicket(store, { email });
    const failed = await ingest({ from: email, subject: `Re: [#${ticket.number}]`, text: 'Any news?' }, ['mx.forger.example; dmarc=fail header.from=example.com']);
    assert.deepEqual([failed.result.outcome, failed.result.ticketId], ['added', ticket.id]);
    assert.equal(await verdictOf(failed.result.inboundEmailId), 'unknown');
    const passed = await ingest({ from: email, subject: `Re: [#${ticket.number}]`, text: 'Hello again.' }, ['mx.forger.example; dmarc=pass header.from=example.com']);
    assert.equal(passed.result.ticketId, ticket.id);
    assert.equal(await verdictOf(passed.result.inboundEmailId), 'unknown');
    const page = await staffPage(ticket.number);
    assert.equal(page.match(/Sender not verified Nothing proves this email came from/g)?.length, 2);
  });

  it('threads a verified sender’s reply as before, without the flag', async () => {
    const email = `${unique('cy')}@example.com`;
    const { ticket } = await openTestTicket(store, { email });
    const reply = await ingest({ from: email, subject: `Re: [#${ticket.number}]`, text: 'Thanks, that works.' }, ['mx.trusted.example; dmarc=pass header.from=example.com']);
    assert.deepEqual([reply.result.outcome, reply.result.ticketId], ['added', ticket.id]);
    assert.equal(await verdictOf(reply.result.inboundEmailId), 'pass');
    const page = await staffPage(ticket.number);
    assert.match(page, /Thanks, that works\./);
    assert.doesNotMatch(page, /Sender not verified/);
  });

  it('takes the provider’s DKIM verdict posted to the webhook beside the message', async () => {
    const post = async (from: string, dkim: string | null) => {
      const data = new FormData();
      const raw = await new MailComposer({ from, to: 'support@store.test', subject: 'By SendGrid', text: 'Hello', messageId: `<${unique('m')}@mail.example.com>` }).compile().build();
      data.set('email', raw.toString('utf8'));
      if (dkim !== null) data.set('dkim', dkim);
      const request = new Request('http://store.test/', { method: 'POST', body: data });
      const headers = { 'content-type': request.headers.get('content-type')!, [EMAIL_WEBHOOK_SECRET_HEADER]: emailWebhookSecret(store.platform.config) };
      const response = await store.app.inject({ method: 'POST', url: INBOUND_WEBHOOK_PATH, payload: Buffer.from(await request.arrayBuffer()), headers });
      assert.equal(response.statusCode, 201, response.body);
      const ticket = (await ticketByNumber(db(), response.json<{ ticket: string }>().ticket))!;
      const [row] = await db().select({ verdict: inboundEmails.senderVerified }).from(inboundEmails).where(eq(inboundEmails.ticketId, ticket.id));
      return row!.verdict;
    };
    assert.equal(await post(`${unique('di')}@example.com`, '{@example.com : pass}'), 'pass');
    assert.equal(await post(`${unique('di')}@example.com`, '{@elsewhere.example : pass}'), 'unknown');
    assert.equal(await post(`${unique('di')}@example.com`, null), 'unknown');
  });
});
