// Inbound email into the desk, end to end on one store (its worker on, so the desk's emails
// are really queued): every real-world message in ../shared/data/email-fixtures parsed,
// threaded and stripped without a crash and taken once however often it comes; threading by
// the ticket number in the subject, by In-Reply-To of the email we sent and by the thread root
// in References; reopening a solved ticket, a new ticket after a closed one, a reply to an
// order email; mail loops (no automatic email, nothing reopened) and bounces (to the bounce
// handling); unknown senders; malformed MIME, an unknown charset, HTML with scripts, huge and
// unwanted attachments; the staff page and the attachment download; the webhook's secret;
// and a real SMTP round trip to the listener with nodemailer, with its refusals.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { fixedClock } from '../../../platform/clock.ts';
import { rows } from '../../../platform/db/database.ts';
import { EMAIL_WEBHOOK_SECRET_HEADER, emailWebhookSecret } from '../../../platform/mail/webhook-secret.ts';
import { Browser, createStaff } from '../../../testing/admin.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { suppressionOf } from '../../notifications/index.ts';
import { ticketById, ticketMessagesOf } from '../read.ts';
import { setTicketStatus } from '../status.ts';
import { openTestTicket, pageText, recordTestOrder } from '../test-support.ts';
import { ATTACHMENT_MAX_BYTES, ATTACHMENTS_PER_MESSAGE } from './attachments.ts';
import { ATTACHMENTS_LISTED, ingestEmail, type IngestResult } from './ingest.ts';
import { INBOUND_WEBHOOK_PATH, inboundSmtpPort } from './routes.ts';
import { inboundAttachments, inboundEmails } from './schema.ts';
import { MESSAGES_PER_10_SECONDS } from './smtp.ts';

describe('support: inbound', () => {
  const FIXTURES = join(import.meta.dirname, '../../../../../shared/data/email-fixtures');
  const clock = fixedClock('2026-12-07T15:00:00Z');
  let store: TestStore;
  let dataDir: string;
  let agent: Browser;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'doorstep-inbound-'));
    store = await createTestStore({ clock, worker: true, env: { DATA_DIR: dataDir, INBOUND_SMTP_PORT: '0' } });
    agent = new Browser(store);
    await agent.signIn(await createStaff(store, 'agent'));
  });
  after(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const db = () => store.platform.database.db;
  let counter = 0;
  const unique = (what: string) => `${what}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

  /** A real MIME message, as a mail program would send it. */
  function compose(options: Mail.Options): Promise<Buffer> {
    return new MailComposer({ to: 'support@store.test', messageId: `<${unique('m')}@mail.example.com>`, date: new Date('2026-12-07T14:00:00Z'), ...options }).compile().build();
  }

  const ingest = (raw: Buffer | string) => ingestEmail(store.platform, Buffer.isBuffer(raw) ? raw : Buffer.from(raw), { via: 'webhook' });
  const inboundRow = async (id: string) => (await db().select().from(inboundEmails).where(eq(inboundEmails.id, id)))[0]!;
  const attachmentsOf = (id: string) => db().select().from(inboundAttachments).where(eq(inboundAttachments.inboundEmailId, id)).orderBy(inboundAttachments.position);
  const lastMessage = async (ticketId: string) => (await ticketMessagesOf(db(), ticketId)).at(-1)!;
  const count = async (table: 'inbound_emails' | 'tickets' | 'ticket_messages') => Number((await rows<{ n: string }>(db(), sql`select count(*) as n from ${sql.identifier(table)}`))[0]!.n);

  /** The email the desk queued for the ticket through this touch point, once the worker has. */
  async function queuedEmail(ticketId: string, touchPoint: string): Promise<{ messageId: string }> {
    for (let i = 0; i < 300; i++) {
      const [found] = await rows<{ message_id: string }>(db(), sql`select message_id from outgoing_emails where ticket_id = ${ticketId} and touch_point = ${touchPoint}`);
      if (found) return { messageId: found.message_id };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no ${touchPoint} email for ${ticketId} within 15 s`);
  }

  /** Waits until the worker has handled the ticket's event (opened: the received email; read: the read email); returns how many emails the ticket has. */
  async function emailsAfter(ticketId: string, event: 'support.ticket_opened' | 'support.ticket_read'): Promise<number> {
    const handler = event === 'support.ticket_opened' ? 'notifications.support.received' : 'notifications.support.read';
    for (let i = 0; i < 300; i++) {
      const [handled] = await rows<{ n: string }>(
        db(),
        sql`select count(*) as n from handled_events h join domain_events e on e.id = h.event_id
          where e.type = ${event} and e.payload->>'ticketId' = ${ticketId} and h.handler = ${handler}`,
      );
      if (Number(handled!.n) > 0) break;
      if (i === 299) throw new Error(`${handler} did not handle ${event} of ${ticketId} within 15 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return Number((await rows<{ n: string }>(db(), sql`select count(*) as n from outgoing_emails where ticket_id = ${ticketId}`))[0]!.n);
  }

  describe('the real-world messages', () => {
    /** What each fixture's message shows in the conversation, and what becomes of its attachments. */
    const EXPECTED: Record<string, { shown: string | RegExp; kept?: string[]; refused?: [string, string][]; subject?: string }> = {
      'talon-gmail-reply.eml': { shown: 'Hello' },
      'talon-outlook-reply-iso8859-1.eml': { shown: 'Hello' },
      'talon-android-reply-base64-russian.eml': { shown: 'Hello' },
      'talon-yahoo-reply-original-message.eml': { shown: 'Hello' },
      'talon-apple-mail-reply-threaded.eml': { shown: 'Hello' },
      'mail-thunderbird-reply-in-reply-to.eml': { shown: 'Message body' },
      'mail-rfc2822-reply-to-reply-references.eml': { shown: 'This is a reply to your reply.' },
      'mail-iso-2022-jp-body.eml': { shown: 'すみません。', subject: 'まみむめも' },
      'mail-windows-1251-bad-date.eml': { shown: /MailScanner/ },
      'mail-html-only-big5-empty-cte.eml': { shown: /%33%36%39%39/ },
      'mail-html-only-qp.eml': { shown: 'foo' },
      'mail-pdf-attachment-utf8-subject.eml': { shown: /^Just attaching another PDF/, kept: ['broken.pdf'], subject: 'Another PDF with 🎉 Unicode chars in it 🍿' },
      'mail-rfc2231-filename-forward.eml': { shown: /Forwarded message[\s\S]*Test attachments oddly encoded/, refused: [['01 Quien Te Dijat. Pitbull.mp3', 'type']] },
      'mail-raw-8bit-attachment-filename.eml': { shown: 'This is the first part.', kept: ['ciële.txt'] },
      'mail-rfc6532-utf8-headers.eml': { shown: 'body', subject: 'Säying Hello' },
      'mailparser-iso8859-1-8bit-empty-rfc822.eml': { shown: /^Note: forwarded message attached\./, kept: ['attachment-1.eml'] },
      'mailparser-nested-multipart.eml': { shown: /^Dear Sir,\n\nGood evening\./, subject: '(no subject)' },
      'mailparser-root-is-base64-png.eml': { shown: '(No text: only attachments: screenshot.png)', kept: ['screenshot.png'] },
      'mailparser-unicode-attachments-inline-image.eml': { shown: 'Hello to myself! http://www.nodemailer.com/', kept: ['image.png', 'nyan cat ✔.gif', 'notes.txt'], refused: [['attachment-1', 'type']] },
    };
    const BOUNCE = 'mailparser-ses-bounce-delivery-status.eml';
    const results = new Map<string, IngestResult>();

    it('has an expectation for every fixture', () => {
      const files = readdirSync(FIXTURES).filter((file) => file.endsWith('.eml'));
      assert.deepEqual(files.sort(), [...Object.keys(EXPECTED), BOUNCE].sort());
    });

    it('takes each message: a ticket with the new words shown, the full text and the raw bytes kept, attachments kept or listed', async () => {
      for (const [file, expected] of Object.entries(EXPECTED)) {
        const raw = readFileSync(join(FIXTURES, file));
        const result = await ingest(raw);
        results.set(file, result);
        assert.ok(['opened', 'added'].includes(result.outcome), `${file}: ${result.outcome} ${result.detail}`);
        const row = await inboundRow(result.inboundEmailId);
        const message = (await ticketMessagesOf(db(), result.ticketId!)).find((entry) => entry.id === row.ticketMessageId)!;
        assert.equal(message.channel, 'email', file);
        if (typeof expected.shown === 'string') assert.equal(message.body, expected.shown, file);
        else assert.match(message.body, expected.shown, file);
        assert.ok(row.fullText.includes(message.body.split('\n')[0]!) || message.body.startsWith('(No text'), `${file}: the full text holds the shown words`);
        assert.deepEqual(readFileSync(join(dataDir, row.rawPath!)), raw, `${file}: the raw message is kept byte for byte`);
        if (expected.subject) assert.equal((await ticketById(db(), result.ticketId!))!.subject, expected.subject, file);
        const files = await attachmentsOf(row.id);
        assert.deepEqual(
          files.filter((f) => f.storedPath).map((f) => f.filename),
          expected.kept ?? [],
          `${file}: kept attachments`,
        );
        for (const [name, reason] of expected.refused ?? []) {
          assert.ok(
            files.some((f) => f.filename.startsWith(name) && f.refused === reason && !f.storedPath),
            `${file}: ${name} not kept (${reason}): ${JSON.stringify(files.map((f) => [f.filename, f.refused]))}`,
          );
        }
      }
    });

    it('strips the quoted previous message but keeps it in the full text (Gmail reply)', async () => {
      const row = await inboundRow(results.get('talon-gmail-reply.eml')!.inboundEmailId);
      assert.match(row.fullText, /On Mon, Apr 2, 2012 at 6:26 PM, Megan One <xxx@gmail\.com> wrote:\n\n> Hi/);
    });

    it('keeps a kept attachment byte for byte, with the allow-listed type', async () => {
      const [pdf] = await attachmentsOf(results.get('mail-pdf-attachment-utf8-subject.eml')!.inboundEmailId);
      assert.equal(pdf!.servedType, 'application/pdf');
      assert.equal(readFileSync(join(dataDir, pdf!.storedPath!)).subarray(0, 5).toString('latin1'), '%PDF-');
    });

    it('hands the bounce report to the bounce handling (the address is suppressed) and opens no ticket', async () => {
      const result = await ingest(readFileSync(join(FIXTURES, BOUNCE)));
      assert.equal(result.outcome, 'report');
      assert.equal(result.ticketId, null);
      assert.match(result.detail!, /Delivery report: suppressed xxxx@xxxx\.com/);
      assert.equal((await suppressionOf(db(), 'xxxx@xxxx.com'))?.reason, 'hard_bounce');
      assert.ok((await inboundRow(result.inboundEmailId)).rawPath, 'the report is kept');
    });

    it('adds nothing when the same messages come again', async () => {
      const before = [await count('inbound_emails'), await count('tickets'), await count('ticket_messages')];
      for (const file of [...Object.keys(EXPECTED), BOUNCE]) {
        const again = await ingest(readFileSync(join(FIXTURES, file)));
        assert.equal(again.duplicate, true, file);
        assert.equal(again.ticketId, results.get(file)?.ticketId ?? null, file);
      }
      assert.deepEqual([await count('inbound_emails'), await count('tickets'), await count('ticket_messages')], before);
    });
  });

  describe('threading', () => {
    it('adds a reply with our ticket number in the subject to that ticket, only from the ticket’s own address', async () => {
      const email = `${unique('ada')}@example.com`;
      const { ticket } = await openTestTicket(store, { email });
      const reply = await ingest(await compose({ from: `Ada <${email.toUpperCase()}>`, subject: `Re: We have your question [#${ticket.number}]`, text: 'One more thing: blue, please.' }));
      assert.deepEqual([reply.outcome, reply.ticketId], ['added', ticket.id]);
      assert.equal((await inboundRow(reply.inboundEmailId)).threadedBy, 'subject');
      assert.equal((await lastMessage(ticket.id)).body, 'One more thing: blue, please.');

      const stranger = await ingest(await compose({ from: `${unique('eve')}@example.com`, subject: `Re: [#${ticket.number}]`, text: 'Let me in.' }));
      assert.equal(stranger.outcome, 'opened');
      assert.notEqual(stranger.ticketId, ticket.id);
    });

    it('adds a reply to the email we sent (In-Reply-To) to its ticket, and a reply naming the thread root in References', async () => {
      const { ticket } = await openTestTicket(store, { email: `${unique('bo')}@example.com` });
      const acknowledgement = await queuedEmail(ticket.id, 'support.received');
      const reply = await ingest(await compose({ from: `${unique('bo-work')}@example.com`, subject: 'Re: something else', inReplyTo: acknowledgement.messageId, text: 'Thanks!\n\nOn Mon, 7 Dec 2026 at 10:00, Shop <shop@store.test> wrote:\n> We have your question' }));
      assert.deepEqual([reply.outcome, reply.ticketId], ['added', ticket.id]);
      assert.equal((await inboundRow(reply.inboundEmailId)).threadedBy, 'in_reply_to');
      assert.equal((await lastMessage(ticket.id)).body, 'Thanks!');

      const root = await ingest(await compose({ from: ticket.email, subject: 'Re: Re:', references: [`<ticket.${ticket.id}@store.test>`, '<unknown@elsewhere.example>'], text: 'And another.' }));
      assert.deepEqual([root.outcome, root.ticketId], ['added', ticket.id]);
      assert.equal((await inboundRow(root.inboundEmailId)).threadedBy, 'references');

      const answer = await ingest(await compose({ from: ticket.email, subject: 'Re: Re: Re:', inReplyTo: (await rows<{ message_id: string }>(db(), sql`select message_id from inbound_emails where id = ${root.inboundEmailId}`))[0]!.message_id, text: 'Replying to my own email.' }));
      assert.equal(answer.ticketId, ticket.id, 'a reply to an email we received joins its ticket');
    });

    it('reopens a solved ticket on a reply', async () => {
      const { ticket } = await openTestTicket(store, { email: `${unique('cy')}@example.com` });
      await store.platform.database.transaction((tx) => setTicketStatus(store.platform, tx, ticket.id, 'solved', { actor: { kind: 'system' } }));
      await ingest(await compose({ from: ticket.email, subject: `Re: Solved [#${ticket.number}]`, text: 'It broke again.' }));
      assert.equal((await ticketById(db(), ticket.id))!.status, 'open');
    });

    it('opens a new ticket pointing back when the ticket replied to is closed, with its orders', async () => {
      const order = await recordTestOrder(store, { email: `${unique('di')}@example.com` });
      const { ticket } = await openTestTicket(store, { email: order.email, orderIds: [order.id] });
      await store.platform.database.transaction((tx) => setTicketStatus(store.platform, tx, ticket.id, 'closed', { actor: { kind: 'system' } }));
      const reply = await ingest(await compose({ from: order.email, subject: `Re: [#${ticket.number}]`, text: 'Still nothing arrived.' }));
      assert.equal(reply.outcome, 'opened');
      assert.notEqual(reply.ticketId, ticket.id);
      assert.equal((await inboundRow(reply.inboundEmailId)).followsTicketId, ticket.id);
      assert.deepEqual((await ticketById(db(), reply.ticketId!))!.orders.map((o) => o.orderId), [order.id]);
      assert.equal((await ticketMessagesOf(db(), ticket.id)).length, 1, 'the closed ticket took nothing');
    });

    it('opens a ticket about the order when the customer answers an order email', async () => {
      const order = await recordTestOrder(store, { email: `${unique('ed')}@example.com` });
      const reply = await ingest(await compose({ from: order.email, subject: `Re: Your order ${order.number}`, inReplyTo: `<order.${order.id}@store.test>`, text: 'Can I change the address?' }));
      assert.equal(reply.outcome, 'opened');
      const ticket = (await ticketById(db(), reply.ticketId!))!;
      assert.deepEqual(ticket.orders.map((o) => o.orderNumber), [order.number]);
      assert.equal(ticket.channel, 'email');

      const forged = await ingest(await compose({ from: order.email, subject: 'Re: forged', inReplyTo: '<order.00000000-0000-4000-8000-000000000000@store.test>', text: 'Hello' }));
      assert.deepEqual((await ticketById(db(), forged.ticketId!))!.orders, [], 'a thread root naming no order links none');
    });

    it('makes a customer record for an unknown sender, with their name', async () => {
      const email = `${unique('new')}@example.com`;
      const customers = async () => rows<{ name: string }>(db(), sql`select name from customers where email_normalized = ${email}`);
      assert.equal((await customers()).length, 0);
      const result = await ingest(await compose({ from: `Fay Newcomer <${email}>`, subject: 'First time', text: 'Hello!' }));
      assert.deepEqual(await customers(), [{ name: 'Fay Newcomer' }]);
      const ticket = (await ticketById(db(), result.ticketId!))!;
      assert.equal(ticket.email, email);
      assert.ok(ticket.customerId);
    });
  });

  describe('mail loops', () => {
    const MACHINE_HEADERS: [string, Record<string, string>][] = [
      ['Auto-Submitted: auto-replied', { 'Auto-Submitted': 'auto-replied' }],
      ['Precedence: bulk', { Precedence: 'bulk' }],
      ['Precedence: list', { Precedence: 'list' }],
      ['X-Autoreply', { 'X-Autoreply': 'yes' }],
      ['X-Autorespond', { 'X-Autorespond': 'Out of office' }],
      ['Return-Path: <>', { 'Return-Path': '<>' }],
    ];

    it('opens a ticket for a message from a machine but sends it no automatic email (received, read), while a person gets one', async () => {
      const person = await ingest(await compose({ from: `${unique('person')}@example.com`, subject: 'A question', text: 'Hello' }));
      assert.equal(await emailsAfter(person.ticketId!, 'support.ticket_opened'), 1, 'a person gets the acknowledgement');
      for (const [label, headers] of MACHINE_HEADERS) {
        const result = await ingest(await compose({ from: `${unique('robot')}@example.com`, subject: 'Out of office', headers, text: 'I am away until Monday.' }));
        assert.equal(result.outcome, 'opened', label);
        assert.ok((await inboundRow(result.inboundEmailId)).loopReason, label);
        assert.equal((await ticketById(db(), result.ticketId!))!.noAutoReply, true, label);
        assert.equal(await emailsAfter(result.ticketId!, 'support.ticket_opened'), 0, `${label}: no acknowledgement`);
        if (label === 'Precedence: bulk') {
          assert.equal((await agent.get(`/admin/support/${result.ticketNumber}`)).statusCode, 200, 'an agent reads it');
          assert.equal(await emailsAfter(result.ticketId!, 'support.ticket_read'), 0, `${label}: no "we have read it" email either`);
        }
      }
    });

    it('takes Auto-Submitted: no as a person', async () => {
      const result = await ingest(await compose({ from: `${unique('human')}@example.com`, subject: 'Hi', headers: { 'Auto-Submitted': 'no' }, text: 'Hello' }));
      assert.equal((await inboundRow(result.inboundEmailId)).loopReason, null);
    });

    it('records an auto-reply to a solved ticket without reopening it', async () => {
      const { ticket } = await openTestTicket(store, { email: `${unique('away')}@example.com` });
      await store.platform.database.transaction((tx) => setTicketStatus(store.platform, tx, ticket.id, 'solved', { actor: { kind: 'system' } }));
      const result = await ingest(await compose({ from: ticket.email, subject: `Automatic reply: Solved [#${ticket.number}]`, headers: { 'Auto-Submitted': 'auto-replied' }, text: 'I am on holiday.' }));
      assert.equal(result.outcome, 'added');
      assert.equal((await ticketById(db(), ticket.id))!.status, 'solved');
    });
  });

  describe('bad input', () => {
    it('reads malformed MIME (a boundary never closed, broken base64) as far as it goes', async () => {
      const raw = [
        'From: Gus <gus@example.com>',
        'Subject: Broken',
        'Message-ID: <broken-1@example.com>',
        'Content-Type: multipart/mixed; boundary="nope"',
        '',
        '--nope',
        'Content-Type: text/plain',
        '',
        'The words survive.',
        '--nope',
        'Content-Type: application/pdf; name="x.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        '%%%% not base64 at all ####',
      ].join('\r\n');
      const result = await ingest(raw);
      assert.equal(result.outcome, 'opened');
      assert.equal((await lastMessage(result.ticketId!)).body, 'The words survive.');
    });

    it('reads bytes that are not an email at all, from the envelope sender', async () => {
      const result = await ingestEmail(store.platform, Buffer.from([0, 1, 2, 255, 254, 10, 13, 10, 200, 201]), { via: 'smtp', envelopeFrom: 'noise@example.com' });
      assert.equal(result.outcome, 'opened');
      assert.equal((await ticketById(db(), result.ticketId!))!.email, 'noise@example.com');
    });

    it('drops NUL characters, which PostgreSQL text cannot hold', async () => {
      const result = await ingest(Buffer.from('From: "Nu\u0000ll" <n\u0000ul@example.com>\r\nSubject: a\u0000b\r\nMessage-ID: <nul@example.com>\r\nContent-Type: text/plain\r\n\r\nbe\u0000fore\r\n'));
      assert.equal(result.outcome, 'opened');
      assert.equal((await lastMessage(result.ticketId!)).body, 'before');
      const ticket = (await ticketById(db(), result.ticketId!))!;
      assert.deepEqual([ticket.email, ticket.name, ticket.subject], ['nul@example.com', 'Null', 'a b']);
    });

    it('refuses and records a message with no usable sender', async () => {
      const result = await ingest('Subject: from nobody\r\n\r\nhello');
      assert.equal(result.outcome, 'refused');
      assert.equal((await inboundRow(result.inboundEmailId)).rawPath, null);
    });

    it('does not crash on an unknown charset', async () => {
      const raw = ['From: hal@example.com', 'Subject: =?x-klingon?Q?Qapla?=', 'Message-ID: <klingon@example.com>', 'Content-Type: text/plain; charset="x-klingon-8"', 'Content-Transfer-Encoding: 8bit', '', 'Hello \xe9t\xe9'].join('\r\n');
      const result = await ingest(Buffer.from(raw, 'latin1'));
      assert.equal(result.outcome, 'opened');
      assert.match((await lastMessage(result.ticketId!)).body, /^Hello /);
    });

    it('stores HTML with scripts as text and shows everything escaped on the staff page', async () => {
      const result = await ingest(await compose({ from: `${unique('ivy')}@example.com`, subject: 'Look <b>here</b>', html: '<p>Hello <b>there</b></p><script>alert("owned")</script><img src=x onerror="alert(2)"><style>p{color:red}</style>' }));
      const message = await lastMessage(result.ticketId!);
      assert.match(message.body, /^Hello there/);
      assert.doesNotMatch(message.body, /owned|onerror|color:red|</, 'scripts, handlers and styles are gone, no markup is left');
      const plain = await ingest(await compose({ from: `${unique('jo')}@example.com`, subject: 'Code', text: 'I typed <script>alert(1)</script> in the box' }));
      const page = await agent.get(`/admin/support/${plain.ticketNumber}`);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes('I typed &lt;script>alert(1)&lt;/script> in the box'), 'escaped');
      assert.doesNotMatch(page.body, /<script>alert\(1\)/);
      const html = await agent.get(`/admin/support/${result.ticketNumber}`);
      assert.doesNotMatch(html.body, /alert\("owned"\)|onerror/);
    });

    it('lists at most a bound of attachments, and names the first few of a message that has nothing else', async () => {
      const many = Array.from({ length: ATTACHMENTS_LISTED + 50 }, (_, i) => ({ filename: `note-${i + 1}.txt`, content: `note ${i + 1}`, contentType: 'text/plain' }));
      const result = await ingest(await compose({ from: `${unique('many')}@example.com`, subject: 'Notes', attachments: many }));
      const files = await attachmentsOf(result.inboundEmailId);
      assert.equal(files.length, ATTACHMENTS_LISTED);
      assert.equal(files.filter((file) => file.refused === 'message_total').length, ATTACHMENTS_LISTED - ATTACHMENTS_PER_MESSAGE);
      assert.equal((await lastMessage(result.ticketId!)).body, `(No text: only attachments: ${many.slice(0, 10).map((file) => file.filename).join(', ')} and ${many.length - 10} more)`);
    });

    it('keeps allowed attachments and lists a huge one and a program as not kept', async () => {
      const huge = Buffer.alloc(ATTACHMENT_MAX_BYTES + 1024, 'a');
      const result = await ingest(
        await compose({
          from: `${unique('kim')}@example.com`,
          subject: 'Photos',
          text: 'See attached.',
          attachments: [
            { filename: 'receipt.pdf', content: Buffer.from('%PDF-1.4 tiny'), contentType: 'application/pdf' },
            { filename: 'video.pdf', content: huge, contentType: 'application/pdf' },
            { filename: 'invoice.exe', content: Buffer.from('MZ'), contentType: 'application/octet-stream' },
            { filename: 'page.html', content: '<script>alert(1)</script>', contentType: 'text/html' },
            { filename: 'photo.png', content: Buffer.from('not really a png'), contentType: 'text/html' },
          ],
        }),
      );
      const files = await attachmentsOf(result.inboundEmailId);
      assert.deepEqual(
        files.map((f) => [f.filename, f.refused, f.storedPath !== null]),
        [
          ['receipt.pdf', null, true],
          ['video.pdf', 'too_large', false],
          ['invoice.exe', 'type', false],
          ['page.html', 'type', false],
          ['photo.png', 'type', false],
        ],
      );
      const page = pageText((await agent.get(`/admin/support/${result.ticketNumber}`)).body);
      assert.match(page, /video\.pdf \(10\.0 MB, not kept: too large\)/);
      assert.match(page, /invoice\.exe \(2 B, not kept: type not accepted\)/);
    });
  });

  describe('the staff ticket page and attachments', () => {
    it('shows the new words, the full message behind a toggle, and the attachments as downloads', async () => {
      const email = `${unique('lu')}@example.com`;
      const result = await ingest(
        await compose({
          from: email,
          subject: 'Lid',
          text: 'The lid is cracked.\n\nOn Mon, 7 Dec 2026 at 09:00, Shop <shop@store.test> wrote:\n> Your order has shipped',
          attachments: [{ filename: 'lid "cracked".jpg', content: Buffer.from([0xff, 0xd8, 0xff, 0xe0]), contentType: 'image/jpeg' }],
        }),
      );
      const [file] = await attachmentsOf(result.inboundEmailId);
      const page = await agent.get(`/admin/support/${result.ticketNumber}`);
      assert.match(page.body, /<details class="email-message__full"><summary>Show full message<\/summary>/);
      const text = pageText(page.body);
      assert.match(text, /The lid is cracked\. Show full message The lid is cracked\. On Mon, 7 Dec 2026 at 09:00, Shop &lt;shop@store\.test> wrote: > Your order has shipped lid "cracked"\.jpg \(4 B\)/);
      const href = `/admin/support/${result.ticketNumber}/attachments/${file!.id}`;
      assert.ok(page.body.includes(`href="${href}"`));

      const download = await agent.get(href);
      assert.equal(download.statusCode, 200);
      assert.equal(download.headers['content-type'], 'image/jpeg');
      assert.equal(download.headers['x-content-type-options'], 'nosniff');
      assert.equal(download.headers['content-disposition'], `attachment; filename="lid _cracked_.jpg"; filename*=UTF-8''lid%20%22cracked%22.jpg`);
      assert.match(String(download.headers['content-security-policy']), /sandbox/);
      assert.deepEqual(download.rawPayload, Buffer.from([0xff, 0xd8, 0xff, 0xe0]));

      const visitor = await new Browser(store).get(href);
      assert.equal(visitor.statusCode, 303, 'visitors are sent to sign in');
      const shopper = new Browser(store);
      await shopper.get('/account/sign-up');
      await shopper.post('/account/sign-up', { email, name: 'Lu', password: 'correct horse battery staple' });
      assert.equal((await shopper.get(href)).statusCode, 403, 'customers, even the sender, do not download from the desk');
      const other = await openTestTicket(store);
      assert.equal((await agent.get(`/admin/support/${other.ticket.number}/attachments/${file!.id}`)).statusCode, 404, 'only through its own ticket');
    });
  });

  describe('the inbound webhook', () => {
    const post = (payload: string | Buffer, headers: Record<string, string>) => store.app.inject({ method: 'POST', url: INBOUND_WEBHOOK_PATH, payload, headers });
    const secret = () => ({ [EMAIL_WEBHOOK_SECRET_HEADER]: emailWebhookSecret(store.platform.config) });

    it('answers 401 and stores nothing without the right secret', async () => {
      const raw = await compose({ from: `${unique('mo')}@example.com`, subject: 'Hi', text: 'Hello' });
      const before = await count('inbound_emails');
      for (const headers of [{}, { [EMAIL_WEBHOOK_SECRET_HEADER]: 'wrong' }] as Record<string, string>[]) {
        const response = await post(raw, { 'content-type': 'message/rfc822', ...headers });
        assert.equal(response.statusCode, 401);
        assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
      }
      assert.equal(await count('inbound_emails'), before);
    });

    it('takes the raw message, a JSON field, a form field or a multipart field or file, once', async () => {
      const raw = await compose({ from: `${unique('ned')}@example.com`, subject: 'By webhook', text: 'Hello' });
      const first = await post(raw, { 'content-type': 'message/rfc822', ...secret() });
      assert.equal(first.statusCode, 201);
      const answer = first.json<{ outcome: string; duplicate: boolean; ticket: string }>();
      assert.deepEqual([answer.outcome, answer.duplicate], ['opened', false]);
      assert.match(answer.ticket, /^T-\d+$/);
      const again = await post(JSON.stringify({ raw: raw.toString('utf8') }), { 'content-type': 'application/json', ...secret() });
      assert.deepEqual([again.statusCode, again.json().duplicate, again.json().ticket], [200, true, answer.ticket]);

      const form = await compose({ from: `${unique('ola')}@example.com`, subject: 'By form', text: 'Hello' });
      const byForm = await post(new URLSearchParams({ email: form.toString('utf8') }).toString(), { 'content-type': 'application/x-www-form-urlencoded', ...secret() });
      assert.equal(byForm.statusCode, 201);

      for (const asFile of [false, true]) {
        const raw = await compose({ from: `${unique('pat')}@example.com`, subject: `By multipart, as a ${asFile ? 'file' : 'field'}`, text: 'Hello' });
        const data = new FormData();
        data.set('to', 'support@store.test');
        if (asFile) data.set('email', new Blob([new Uint8Array(raw)], { type: 'message/rfc822' }), 'message.eml');
        else data.set('email', raw.toString('utf8'));
        const request = new Request('http://store.test/', { method: 'POST', body: data });
        const response = await post(Buffer.from(await request.arrayBuffer()), { 'content-type': request.headers.get('content-type')!, ...secret() });
        assert.equal(response.statusCode, 201, `multipart, as a ${asFile ? 'file' : 'field'}: ${response.body}`);
        assert.equal((await ticketById(db(), (await db().select().from(inboundEmails).where(eq(inboundEmails.subject, `By multipart, as a ${asFile ? 'file' : 'field'}`)))[0]!.ticketId!))!.channel, 'email');
      }
    });

    it('answers 400 for an empty body or a JSON body without the message', async () => {
      assert.equal((await post('', { 'content-type': 'message/rfc822', ...secret() })).statusCode, 400);
      assert.equal((await post(JSON.stringify({ text: 'hi' }), { 'content-type': 'application/json', ...secret() })).statusCode, 400);
      assert.equal((await post('{not json', { 'content-type': 'application/json', ...secret() })).statusCode, 400);
    });

    it('refuses a message over the size limit with 413 and records it', async () => {
      const limit = store.platform.config.inboundEmail.maxBytes;
      const raw = Buffer.concat([Buffer.from('From: big@example.com\r\nSubject: big\r\n\r\n'), Buffer.alloc(limit, 'x')]);
      const response = await post(raw, { 'content-type': 'message/rfc822', ...secret() });
      assert.equal(response.statusCode, 413);
      const [row] = await db().select().from(inboundEmails).where(and(eq(inboundEmails.outcome, 'refused'), eq(inboundEmails.rawSize, raw.length)));
      assert.ok(row, 'recorded');
      assert.equal(row.rawPath, null);
    });
  });

  describe('the SMTP listener', () => {
    const transport = (options: Record<string, unknown> = {}) => nodemailer.createTransport({ host: '127.0.0.1', port: inboundSmtpPort(store.platform)!, secure: false, ignoreTLS: true, ...options });

    it('takes a message for our domain over SMTP and opens a ticket', async () => {
      const from = `${unique('pia')}@example.com`;
      const info = await transport().sendMail({ from, to: 'support@store.test', subject: 'By SMTP', text: 'Hello over SMTP' });
      assert.match(info.response, /^250 Received for T-\d+/);
      const [row] = await db().select().from(inboundEmails).where(eq(inboundEmails.fromAddress, from));
      assert.equal(row!.via, 'smtp');
      assert.equal(row!.envelopeFrom, from);
      assert.equal((await lastMessage(row!.ticketId!)).body, 'Hello over SMTP');
    });

    it('refuses recipients outside our domains (550), so it relays nothing', async () => {
      await assert.rejects(transport().sendMail({ from: 'q@example.com', to: 'someone@elsewhere.example', subject: 'Relay?', text: 'x' }), (error: Error & { responseCode?: number }) => error.responseCode === 550);
    });

    it('refuses a message over the announced size with 552 and records it', async () => {
      const limit = store.platform.config.inboundEmail.maxBytes;
      const before = await count('inbound_emails');
      await assert.rejects(
        transport().sendMail({ from: 'r@example.com', to: 'support@store.test', subject: 'Huge', text: 'x'.repeat(limit + 10) }),
        (error: Error & { responseCode?: number }) => error.responseCode === 552,
      );
      const [row] = await db().select().from(inboundEmails).where(and(eq(inboundEmails.outcome, 'refused'), eq(inboundEmails.via, 'smtp')));
      assert.ok(row, 'recorded');
      assert.equal(await count('inbound_emails'), before + 1);
    });

    it(`takes at most ${MESSAGES_PER_10_SECONDS} messages in 10 seconds on one connection`, async () => {
      const pooled = transport({ pool: true, maxConnections: 1, maxMessages: Infinity });
      const from = `${unique('burst')}@example.com`;
      const outcomes: string[] = [];
      for (let i = 0; i <= MESSAGES_PER_10_SECONDS; i++) {
        outcomes.push(await pooled.sendMail({ from, to: 'support@store.test', subject: `Burst ${i}`, text: 'x' }).then(() => 'ok', (error: Error & { responseCode?: number }) => String(error.responseCode)));
      }
      pooled.close();
      assert.deepEqual(outcomes.slice(0, MESSAGES_PER_10_SECONDS), Array(MESSAGES_PER_10_SECONDS).fill('ok'));
      assert.equal(outcomes.at(-1), '451');
    });
  });
});
