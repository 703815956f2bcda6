// One inbound email into the desk, whichever way it came (the SMTP listener, a provider's
// webhook): raw bytes → parsed → raw message and kept attachments stored under DATA_DIR →
// matched to its ticket → the customer's new words added to it (or a new ticket opened), the
// inbound row saying what happened — one transaction for the rows, so a failure leaves none.
//
// Matching, first hit wins: our ticket number in the subject ([#T-48213]) when the sender is
// the ticket's own address (a number is guessable, a Message-ID is not); then In-Reply-To and
// References — an email we sent (or its thread root), or an email we received on a ticket.
// A message whose sender failed verification (a trusted host's DMARC fail: its From is likely
// forged) matches nothing: it opens a ticket of its own, tagged, with no automatic answer to
// the address it pretends to be from; the staff page flags every message not verified.
// A reply to a closed ticket opens a new one that points back to it (and keeps its orders);
// a reply to an order email opens a ticket about that order; a solved ticket reopens (the
// messages module does that for a customer's message).
//
// A message a machine sent (auto-reply, list, bounce) is stored and shown, but gets no
// automatic email and reopens nothing. A delivery report about our mail goes to the email
// sender's bounce handling and opens no ticket. The Message-ID makes a redelivery a no-op.
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import { newId } from '../../../platform/ids.ts';
import type { Platform } from '../../../platform/platform.ts';
import { emailProblem, normalizeEmail } from '../../customers/index.ts';
import { orderById } from '../../orders/index.ts';
import { addTicketMessage } from '../messages.ts';
import { normalizeTicketNumber } from '../numbers.ts';
import { currentTicket } from '../merge.ts';
import { ticketById, ticketByNumber, type Ticket } from '../read.ts';
import { MESSAGE_MAX, SUBJECT_MAX, ticketMessages } from '../schema.ts';
import { SENDER_FAILED_TAG } from '../tags.ts';
import { openTicket } from '../tickets.ts';
import { decideAttachments, safeFilename } from './attachments.ts';
import { inboundMailHooks } from './hooks.ts';
import { parseInbound, type ParsedInbound } from './parse.ts';
import { newWords } from './reply-text.ts';
import { inboundAttachments, inboundEmails, type InboundOutcome, type InboundVia, type ThreadedBy } from './schema.ts';
import { senderVerdict, type AuthResult } from './sender-check.ts';
import { storeFile } from './storage.ts';

export interface InboundDelivery {
  via: InboundVia;
  /** The SMTP envelope's MAIL FROM ('' for a bounce); unknown by webhook. */
  envelopeFrom?: string | null;
  /** Sender checks the delivering provider posted beside the message (its webhook secret vouches for them). */
  vouched?: AuthResult[];
}

export interface IngestResult {
  inboundEmailId: string;
  outcome: InboundOutcome;
  /** The Message-ID was seen before: nothing was added. */
  duplicate: boolean;
  ticketId: string | null;
  ticketNumber: string | null;
  /** Why it was refused, or what the bounce handling did with a report. */
  detail: string | null;
}

/** Subject references such as "[#T-48213]" or "[T-48213]", as our emails write them. */
const SUBJECT_REFERENCE = /\[\s*#?\s*(T\s*-?\s*\d{5,8})\s*\]/i;

const NO_SUBJECT = '(no subject)';
/** Attachments listed on one message at most (kept or not). */
export const ATTACHMENTS_LISTED = 200;
/** Attachments a message without text names in the conversation. */
const NAMED_IN_TEXT = 10;

/** Records a message refused before it was read (too large, no sender): no file, no ticket. */
export async function recordRefused(platform: Platform, delivery: InboundDelivery, facts: { size: number; reason: string; fromAddress?: string | null; subject?: string }): Promise<IngestResult> {
  const id = newId();
  await platform.database.db.insert(inboundEmails).values({
    id,
    messageId: null,
    via: delivery.via,
    receivedAt: platform.clock.now(),
    envelopeFrom: delivery.envelopeFrom ?? null,
    fromAddress: facts.fromAddress ?? null,
    subject: (facts.subject ?? '').slice(0, SUBJECT_MAX),
    outcome: 'refused',
    detail: facts.reason,
    rawPath: null,
    rawSize: facts.size,
  });
  platform.log.warn({ inboundEmailId: id, via: delivery.via, size: facts.size, reason: facts.reason }, 'inbound email refused');
  return { inboundEmailId: id, outcome: 'refused', duplicate: false, ticketId: null, ticketNumber: null, detail: facts.reason };
}

/** Records a delivery report the email sender's bounce handling took: no ticket. */
async function recordReport(platform: Platform, parsed: ParsedInbound, delivery: InboundDelivery, facts: { rawPath: string; size: number; detail: string }): Promise<IngestResult> {
  const id = newId();
  const [row] = await platform.database.db
    .insert(inboundEmails)
    .values({
      id,
      messageId: parsed.messageId,
      via: delivery.via,
      receivedAt: platform.clock.now(),
      envelopeFrom: delivery.envelopeFrom ?? null,
      fromAddress: parsed.fromAddress?.slice(0, 320) ?? null,
      fromName: parsed.fromName?.slice(0, 200) ?? null,
      subject: parsed.subject.slice(0, SUBJECT_MAX),
      outcome: 'report',
      detail: facts.detail.slice(0, 1000),
      rawPath: facts.rawPath,
      rawSize: facts.size,
      loopReason: parsed.loopReason ?? 'A delivery report',
      fullText: parsed.text,
    })
    .onConflictDoNothing()
    .returning({ id: inboundEmails.id });
  if (!row) return (await earlier(platform.database.db, parsed.messageId))!;
  return { inboundEmailId: id, outcome: 'report', duplicate: false, ticketId: null, ticketNumber: null, detail: facts.detail };
}

async function earlier(db: Db, messageId: string): Promise<IngestResult | null> {
  const [row] = await db.select().from(inboundEmails).where(eq(inboundEmails.messageId, messageId));
  if (!row) return null;
  const ticket = row.ticketId ? await ticketById(db, row.ticketId) : null;
  return { inboundEmailId: row.id, outcome: row.outcome, duplicate: true, ticketId: row.ticketId, ticketNumber: ticket?.number ?? null, detail: row.detail };
}

/** The sender: From, else the envelope's MAIL FROM. */
function senderOf(parsed: ParsedInbound, delivery: InboundDelivery): { address: string; name: string | null } | null {
  for (const candidate of [parsed.fromAddress, delivery.envelopeFrom]) {
    if (candidate && emailProblem(candidate) === null) return { address: candidate, name: parsed.fromName };
  }
  return null;
}

/** What the conversation shows: the new words, cut to the message limit, or a line saying there were none. */
function shownText(parsed: ParsedInbound): string {
  const words = newWords(parsed.text);
  if (words === '') {
    const count = parsed.attachments.length;
    const names = parsed.attachments.slice(0, NAMED_IN_TEXT).map((part, i) => safeFilename(part.filename, part.contentType, i + 1));
    const more = count > NAMED_IN_TEXT ? ` and ${count - NAMED_IN_TEXT} more` : '';
    return count > 0 ? `(No text: only attachments: ${names.join(', ')}${more})` : '(No text)';
  }
  const cut = '\n\n[Cut here: the full message is kept.]';
  return words.length > MESSAGE_MAX ? `${words.slice(0, MESSAGE_MAX - cut.length)}${cut}` : words;
}

function subjectOf(parsed: ParsedInbound): string {
  const subject = parsed.subject || NO_SUBJECT;
  return subject.length > SUBJECT_MAX ? `${subject.slice(0, SUBJECT_MAX - 1)}…` : subject;
}

type Thread = { ticket: Ticket; by: ThreadedBy } | { orderIds: string[] } | null;

/** The ticket this message continues, or the order an email we sent was about. */
async function findThread(platform: Platform, tx: Db, parsed: ParsedInbound, sender: string): Promise<Thread> {
  const reference = SUBJECT_REFERENCE.exec(parsed.subject)?.[1];
  const number = reference ? normalizeTicketNumber(reference) : null;
  if (number) {
    const ticket = await ticketByNumber(tx, number);
    // A merged duplicate's number leads to the ticket it was merged into.
    if (ticket && ticket.email === sender) return { ticket: await currentTicket(tx, ticket), by: 'subject' };
  }
  const { inReplyTo, references } = parsed.answers;
  const candidates = [...new Set([...inReplyTo, ...references])];
  if (candidates.length === 0) return null;
  // One after another: a transaction is one connection, which runs one statement at a time.
  const received = await tx.select({ messageId: inboundEmails.messageId, ticketId: inboundEmails.ticketId }).from(inboundEmails).where(inArray(inboundEmails.messageId, candidates));
  const sent = await inboundMailHooks(platform).sentMail(tx, candidates);
  const orderIds: string[] = [];
  for (const id of candidates) {
    const ticketId = received.find((row) => row.messageId === id)?.ticketId ?? sent.get(id)?.ticketId ?? null;
    const ticket = ticketId ? await ticketById(tx, ticketId) : null;
    if (ticket) return { ticket: await currentTicket(tx, ticket), by: inReplyTo.includes(id) ? 'in_reply_to' : 'references' };
    const orderId = sent.get(id)?.orderId;
    // A thread root names an order by id; one that names no order (forged, or deleted) links nothing.
    if (orderId && !orderIds.includes(orderId) && (await orderById(tx, orderId))) orderIds.push(orderId);
  }
  return orderIds.length > 0 ? { orderIds } : null;
}

async function firstMessageId(tx: Db, ticketId: string): Promise<string> {
  const [first] = await tx
    .select({ id: ticketMessages.id })
    .from(ticketMessages)
    .where(and(eq(ticketMessages.ticketId, ticketId), eq(ticketMessages.seq, 1)));
  return first!.id;
}

/** Takes one raw message. Never throws for what is in the message; a refused one is recorded. */
export async function ingestEmail(platform: Platform, raw: Buffer, delivery: InboundDelivery): Promise<IngestResult> {
  const limit = platform.config.inboundEmail.maxBytes;
  if (raw.length > limit) return recordRefused(platform, delivery, { size: raw.length, reason: `Larger than ${limit} bytes` });
  const parsed = await parseInbound(raw, delivery.envelopeFrom);
  const hooks = inboundMailHooks(platform);
  const dataDir = platform.config.dataDir;

  if (parsed.report) {
    // A report seen before is not handed to the bounce handling again. Any other message is
    // found by its claim below (its files are named by their bytes: storing them again writes nothing).
    const seen = await earlier(platform.database.db, parsed.messageId);
    if (seen) return seen;
    const applied = await hooks.mailReport(raw);
    if (applied !== null) {
      const rawPath = await storeFile(dataDir, 'raw', raw);
      return recordReport(platform, parsed, delivery, { rawPath, size: raw.length, detail: applied });
    }
  }
  const sender = senderOf(parsed, delivery);
  if (!sender) return recordRefused(platform, delivery, { size: raw.length, reason: 'No usable sender address (From or MAIL FROM)', fromAddress: parsed.fromAddress?.slice(0, 320) ?? null, subject: parsed.subject });

  const verdict = senderVerdict(parsed.authenticationResults, sender.address, platform.config.inboundEmail.trustedAuthservIds, delivery.vouched);
  const rawPath = await storeFile(dataDir, 'raw', raw);
  // Listed up to a bound (one statement inserts them; the raw message keeps every part).
  const parts = parsed.attachments.slice(0, ATTACHMENTS_LISTED).map((part, i) => ({
    filename: safeFilename(part.filename, part.contentType, i + 1),
    declaredType: part.contentType.replace(/[^\x20-\x7e]/g, '').slice(0, 200),
    size: part.content.length,
    content: part.content,
  }));
  const decisions = decideAttachments(parts);
  const storedPaths = await Promise.all(parts.map((part, i) => (decisions[i]!.keep ? storeFile(dataDir, 'files', part.content) : Promise.resolve(null))));

  return platform.database.transaction(async (tx) => {
    const id = newId();
    const now = platform.clock.now();
    // The row first: a concurrent delivery of the same message waits here, then finds it.
    const [claimed] = await tx
      .insert(inboundEmails)
      .values({
        id,
        messageId: parsed.messageId,
        via: delivery.via,
        receivedAt: now,
        envelopeFrom: delivery.envelopeFrom ?? null,
        fromAddress: sender.address.slice(0, 320),
        fromName: sender.name?.slice(0, 200) ?? null,
        subject: parsed.subject.slice(0, SUBJECT_MAX),
        outcome: 'opened',
        rawPath,
        rawSize: raw.length,
        loopReason: parsed.loopReason,
        fullText: parsed.text,
        senderVerified: verdict,
      })
      .onConflictDoNothing()
      .returning({ id: inboundEmails.id });
    if (!claimed) return (await earlier(tx, parsed.messageId))!;

    const email = normalizeEmail(sender.address);
    // The ticket names the customer (an unknown sender gets a customer record when the ticket opens); the row names the address it came from.
    const actor = { kind: 'customer' as const };
    const automatic = parsed.loopReason !== null;
    const forged = verdict === 'fail';
    const body = shownText(parsed);
    const thread = forged ? null : await findThread(platform, tx, parsed, email);

    let ticket: Ticket;
    let messageId: string;
    let outcome: InboundOutcome;
    let follows: string | null = null;
    if (thread && 'ticket' in thread && thread.ticket.status !== 'closed') {
      const message = await addTicketMessage(platform, tx, thread.ticket.id, { kind: 'customer', channel: 'email', body, actor, automatic });
      ticket = thread.ticket;
      messageId = message.id;
      outcome = 'added';
    } else {
      const closed = thread && 'ticket' in thread ? thread.ticket : null;
      follows = closed?.id ?? null;
      const orderIds = closed ? closed.orders.map((order) => order.orderId) : thread && 'orderIds' in thread ? thread.orderIds : [];
      const opened = await openTicket(platform, tx, {
        channel: 'email',
        email,
        name: sender.name,
        subject: subjectOf(parsed),
        body,
        orderIds,
        tags: forged ? [SENDER_FAILED_TAG] : [],
        actor,
        sourceKey: `email:${parsed.messageId}`,
        noAutoReply: automatic || forged,
      });
      ticket = opened.ticket;
      messageId = opened.created ? opened.firstMessageId : await firstMessageId(tx, ticket.id);
      outcome = 'opened';
    }
    await tx
      .update(inboundEmails)
      .set({ outcome, ticketId: ticket.id, ticketMessageId: messageId, threadedBy: thread && 'ticket' in thread ? thread.by : null, followsTicketId: follows })
      .where(eq(inboundEmails.id, id));
    if (parts.length > 0) {
      await tx.insert(inboundAttachments).values(
        parts.map((part, i) => {
          const decision = decisions[i]!;
          return {
            id: newId(),
            inboundEmailId: id,
            position: i + 1,
            filename: part.filename,
            declaredType: part.declaredType,
            size: part.size,
            servedType: decision.keep ? decision.servedType : null,
            storedPath: storedPaths[i] ?? null,
            refused: decision.keep ? null : decision.refused,
          };
        }),
      );
    }
    return { inboundEmailId: id, outcome, duplicate: false, ticketId: ticket.id, ticketNumber: ticket.number, detail: null };
  });
}
