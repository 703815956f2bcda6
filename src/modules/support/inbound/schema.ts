// The desk's inbound mail: every message that reached us (by the SMTP listener or a mail
// provider's webhook), what became of it, and its attachments. The raw bytes and the kept
// files live under DATA_DIR (inbound-mail/), named by their SHA-256; a row points at them.
// A message is known by its Message-ID, so a redelivery finds its row and adds nothing.
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ticketMessages, tickets } from '../schema.ts';

const list = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/** How the message reached us. */
export const INBOUND_VIAS = ['smtp', 'webhook'] as const;
export type InboundVia = (typeof INBOUND_VIAS)[number];

/**
 * What became of it: a new ticket; a message on an existing one; a delivery report handed to
 * the email sender's bounce handling; refused before it was read (too large).
 */
export const INBOUND_OUTCOMES = ['opened', 'added', 'report', 'refused'] as const;
export type InboundOutcome = (typeof INBOUND_OUTCOMES)[number];

/** How it was matched to its ticket. */
export const THREADED_BY = ['subject', 'in_reply_to', 'references'] as const;
export type ThreadedBy = (typeof THREADED_BY)[number];

/**
 * Whether the sender's address was proven, by the SPF/DKIM/DMARC results a trusted receiving
 * host wrote in Authentication-Results: pass, fail, or unknown (no trusted verdict).
 */
export const SENDER_VERDICTS = ['pass', 'fail', 'unknown'] as const;
export type SenderVerdict = (typeof SENDER_VERDICTS)[number];

/** Why an attachment was not kept. */
export const ATTACHMENT_REFUSALS = ['too_large', 'type', 'message_total'] as const;
export type AttachmentRefusal = (typeof ATTACHMENT_REFUSALS)[number];

export const inboundEmails = pgTable(
  'inbound_emails',
  {
    id: uuid('id').primaryKey(),
    /** As in the header, with its angle brackets; for a message without one, derived from its bytes. Null for a refused message. */
    messageId: text('message_id'),
    via: text('via', { enum: INBOUND_VIAS }).$type<InboundVia>().notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    /** The SMTP envelope sender or Return-Path; '' for a bounce (MAIL FROM:<>). */
    envelopeFrom: text('envelope_from'),
    fromAddress: text('from_address'),
    fromName: text('from_name'),
    subject: text('subject').notNull().default(''),
    outcome: text('outcome', { enum: INBOUND_OUTCOMES }).$type<InboundOutcome>().notNull(),
    /** Why it was refused, or what the bounce handling said of a report. */
    detail: text('detail'),
    /** Relative to DATA_DIR; null when refused. */
    rawPath: text('raw_path'),
    rawSize: bigint('raw_size', { mode: 'number' }).notNull(),
    /** Set when it came from a machine (an auto-reply, a list, a bounce): it got no automatic answer. */
    loopReason: text('loop_reason'),
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
    ticketMessageId: uuid('ticket_message_id').references(() => ticketMessages.id, { onDelete: 'set null' }),
    threadedBy: text('threaded_by', { enum: THREADED_BY }).$type<ThreadedBy>(),
    /** A reply to a closed ticket opens a new one that points back here. */
    followsTicketId: uuid('follows_ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
    /** The whole text as sent, quotes and signature included (the ticket's message shows the new words only). */
    fullText: text('full_text').notNull().default(''),
    /** A message that failed never threads into an existing ticket; anything but pass is flagged to the agent. */
    senderVerified: text('sender_verified', { enum: SENDER_VERDICTS }).$type<SenderVerdict>().notNull().default('unknown'),
  },
  (t) => [
    uniqueIndex('inbound_emails_message_id_key').on(t.messageId),
    index('inbound_emails_ticket_idx').on(t.ticketId),
    index('inbound_emails_ticket_message_idx').on(t.ticketMessageId),
    index('inbound_emails_received_idx').on(t.receivedAt),
    check('inbound_emails_via_check', sql`${t.via} in (${list(INBOUND_VIAS)})`),
    check('inbound_emails_outcome_check', sql`${t.outcome} in (${list(INBOUND_OUTCOMES)})`),
    check('inbound_emails_threaded_by_check', sql`${t.threadedBy} is null or ${t.threadedBy} in (${list(THREADED_BY)})`),
    check('inbound_emails_sender_verified_check', sql`${t.senderVerified} in (${list(SENDER_VERDICTS)})`),
    check('inbound_emails_kept_check', sql`(${t.outcome} = 'refused') = (${t.rawPath} is null)`),
  ],
);

/** Each attachment of an inbound message: kept (a file under DATA_DIR) or listed as not kept, with why. */
export const inboundAttachments = pgTable(
  'inbound_attachments',
  {
    id: uuid('id').primaryKey(),
    inboundEmailId: uuid('inbound_email_id')
      .notNull()
      .references(() => inboundEmails.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    /** Made safe to show and to offer as a download name. */
    filename: text('filename').notNull(),
    /** As the sender declared it; never used to serve the file. */
    declaredType: text('declared_type').notNull(),
    /** The type it is served as, from the allow-list; null when not kept. */
    servedType: text('served_type'),
    size: bigint('size', { mode: 'number' }).notNull(),
    /** Relative to DATA_DIR; null when not kept. */
    storedPath: text('stored_path'),
    refused: text('refused', { enum: ATTACHMENT_REFUSALS }).$type<AttachmentRefusal>(),
  },
  (t) => [
    uniqueIndex('inbound_attachments_position_key').on(t.inboundEmailId, t.position),
    check('inbound_attachments_refused_check', sql`${t.refused} is null or ${t.refused} in (${list(ATTACHMENT_REFUSALS)})`),
    check('inbound_attachments_kept_check', sql`(${t.refused} is null) = (${t.storedPath} is not null and ${t.servedType} is not null)`),
  ],
);
