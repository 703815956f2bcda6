// The support desk's tables: a ticket (one request, whatever channel it came by), the orders it
// is about, its conversation and its full history. Built for every channel of the desk: a
// ticket records the channel that opened it and each message the channel it came or went by,
// so email, phone calls, chat transcripts and callbacks add rows, not columns.
// Customers, orders and staff are referred to by id only: other modules own them.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { CustomerTier } from '../customers/index.ts';
import { MESSAGE_KINDS, OPEN_STATUSES, TICKET_CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES, type TicketChannel, type TicketPriority, type TicketStatus } from './states.ts';

/** Longest message body stored (plain text). Forms ask for less; an email's raw source is kept elsewhere. */
export const MESSAGE_MAX = 20_000;
export const SUBJECT_MAX = 200;

const list = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/** The customers module's tiers, which the desk's answer times are set by (sla/policies.ts checks they are all here). */
export const SLA_TIERS: readonly CustomerTier[] = ['standard', 'premium', 'platinum'];
export const RATINGS = ['good', 'bad'] as const;
export type Rating = (typeof RATINGS)[number];
export const RATING_COMMENT_MAX = 2000;

export const tickets = pgTable(
  'tickets',
  {
    id: uuid('id').primaryKey(),
    /** What people read aloud: T- and digits (T-48213). */
    number: text('number').notNull(),
    /** The channel that opened it; later messages may come by others. */
    channel: text('channel', { enum: TICKET_CHANNELS }).$type<TicketChannel>().notNull(),
    /** The customer record the email matched (every sender gets one); null only when none could be made. */
    customerId: uuid('customer_id'),
    /** Trimmed and lower-cased, as the customers module keys people. */
    email: text('email').notNull(),
    name: text('name'),
    subject: text('subject').notNull(),
    status: text('status', { enum: TICKET_STATUSES }).$type<TicketStatus>().notNull().default('new'),
    priority: text('priority', { enum: TICKET_PRIORITIES }).$type<TicketPriority>().notNull().default('normal'),
    queue: text('queue').notNull().default('general'),
    assigneeId: uuid('assignee_id'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    /**
     * What opened it, when that can arrive twice: a form's one-time token, an email's
     * Message-ID. A second arrival finds this ticket instead of opening another.
     */
    sourceKey: text('source_key'),
    /**
     * It came from a machine (an out-of-office reply, a mailing list, a bounce): the desk sends
     * it no automatic email (received, read), which would only answer a robot and may loop.
     */
    noAutoReply: boolean('no_auto_reply').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /** When an agent first opened it (the "we have read your question" moment). */
    firstReadAt: timestamp('first_read_at', { withTimezone: true }),
    /** When it was last solved; cleared when it reopens. */
    solvedAt: timestamp('solved_at', { withTimezone: true }),
    // The answer times promised when it opened (support_policies for the customer's tier and the
    // channel); all null for a ticket opened before the desk promised any.
    /** The customer's tier when it opened. */
    slaTier: text('sla_tier').$type<CustomerTier>(),
    /** Whether its clocks count support hours on business days only (false: around the clock). */
    slaBusinessHours: boolean('sla_business_hours'),
    /** The first answer is promised by then. */
    firstResponseDueAt: timestamp('first_response_due_at', { withTimezone: true }),
    /** Solved by then; moved later by the time spent waiting on the customer. */
    resolutionDueAt: timestamp('resolution_due_at', { withTimezone: true }),
    /** The first reply an agent sent the customer. */
    firstRespondedAt: timestamp('first_responded_at', { withTimezone: true }),
    /** When the first answer was found late (by the sweep, or by the late answer itself). */
    firstResponseBreachedAt: timestamp('first_response_breached_at', { withTimezone: true }),
    /** When the resolution was found late. */
    resolutionBreachedAt: timestamp('resolution_breached_at', { withTimezone: true }),
    /** Set while it waits on the customer: the resolution clock stands still from then. */
    slaPausedAt: timestamp('sla_paused_at', { withTimezone: true }),
    /**
     * What the queues sort by: the first answer's due time until one is sent, then the
     * solution's. Kept by the database from the two, so no writer can forget it.
     */
    slaDueAt: timestamp('sla_due_at', { withTimezone: true }).generatedAlwaysAs(
      sql`case when first_responded_at is null and first_response_due_at is not null then first_response_due_at else resolution_due_at end`,
    ),
    /** When the sweep escalated it (re-prioritised, a lead told) because its due time drew near; once per ticket. */
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    /** Marked spam or abuse: out of every queue, no email goes out about it. */
    spamAt: timestamp('spam_at', { withTimezone: true }),
    /** Merged into another ticket (a duplicate): closed, and everything it held moved there. */
    mergedIntoId: uuid('merged_into_id'),
  },
  (t) => [
    uniqueIndex('tickets_number_key').on(t.number),
    uniqueIndex('tickets_source_key').on(t.sourceKey),
    index('tickets_status_updated_idx').on(t.status, t.updatedAt),
    // The desk's default view: open tickets, newest first.
    index('tickets_open_created_idx')
      .on(t.createdAt)
      .where(sql`${t.status} in (${list(OPEN_STATUSES)})`),
    index('tickets_email_idx').on(t.email),
    index('tickets_customer_idx').on(t.customerId, t.createdAt),
    index('tickets_tags_idx').using('gin', t.tags),
    // The queue views: open tickets, not spam, the soonest due first — all of them, one
    // agent's, one queue's (the order by matches each index, so a page reads only its rows).
    index('tickets_queue_due_idx')
      .on(t.slaDueAt, t.id)
      .where(sql`${t.status} in (${list(OPEN_STATUSES)}) and ${t.spamAt} is null`),
    index('tickets_assignee_due_idx')
      .on(t.assigneeId, t.slaDueAt, t.id)
      .where(sql`${t.status} in (${list(OPEN_STATUSES)}) and ${t.spamAt} is null`),
    // Unassigned is a view of its own: a B-tree's IS NULL does not give the planner the due
    // order of the assignee index, so without this it walks every open ticket's heap row.
    index('tickets_unassigned_due_idx')
      .on(t.slaDueAt, t.id)
      .where(sql`${t.status} in (${list(OPEN_STATUSES)}) and ${t.spamAt} is null and ${t.assigneeId} is null`),
    index('tickets_queue_name_due_idx')
      .on(t.queue, t.slaDueAt, t.id)
      .where(sql`${t.status} in (${list(OPEN_STATUSES)}) and ${t.spamAt} is null`),
    // The escalation sweep: open tickets not escalated yet, by due time.
    index('tickets_escalation_idx')
      .on(t.slaDueAt)
      .where(sql`${t.escalatedAt} is null and ${t.status} in (${list(OPEN_STATUSES)}) and ${t.spamAt} is null`),
    // The breach sweep's two questions: first answers not given yet, resolutions not found late yet.
    index('tickets_first_response_due_idx')
      .on(t.firstResponseDueAt)
      .where(sql`${t.firstRespondedAt} is null and ${t.firstResponseBreachedAt} is null`),
    index('tickets_resolution_due_idx')
      .on(t.resolutionDueAt)
      .where(sql`${t.resolutionBreachedAt} is null and ${t.solvedAt} is null`),
    check('tickets_channel_check', sql`${t.channel} in (${list(TICKET_CHANNELS)})`),
    check('tickets_status_check', sql`${t.status} in (${list(TICKET_STATUSES)})`),
    check('tickets_priority_check', sql`${t.priority} in (${list(TICKET_PRIORITIES)})`),
    check('tickets_email_check', sql`${t.email} = lower(${t.email}) and ${t.email} <> ''`),
    check('tickets_subject_check', sql`char_length(${t.subject}) between 1 and ${sql.raw(String(SUBJECT_MAX))}`),
  ],
);

/** The orders a ticket is about. The number is copied (it never changes) so lists show it without asking orders. */
export const ticketOrders = pgTable(
  'ticket_orders',
  {
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    orderId: uuid('order_id').notNull(),
    orderNumber: text('order_number').notNull(),
    linkedAt: timestamp('linked_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.orderId] }), index('ticket_orders_order_idx').on(t.orderId)],
);

/** The conversation, in order: the customer's messages, agents' replies, internal notes, the store's own lines. */
export const ticketMessages = pgTable(
  'ticket_messages',
  {
    id: uuid('id').primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    /** 1, 2, 3… within the ticket. */
    seq: integer('seq').notNull(),
    kind: text('kind', { enum: MESSAGE_KINDS }).notNull(),
    /** How it came or went (an agent's reply by email, a call logged by phone); null for notes and the store's lines. */
    channel: text('channel', { enum: TICKET_CHANNELS }).$type<TicketChannel>(),
    /** "customer", "customer:<id>", "staff:<id>" or "system". */
    author: text('author').notNull(),
    /** Plain text, shown escaped. */
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('ticket_messages_seq_key').on(t.ticketId, t.seq),
    check('ticket_messages_kind_check', sql`${t.kind} in (${list(MESSAGE_KINDS)})`),
    check('ticket_messages_channel_check', sql`${t.channel} is null or ${t.channel} in (${list(TICKET_CHANNELS)})`),
    check('ticket_messages_body_check', sql`char_length(${t.body}) between 1 and ${sql.raw(String(MESSAGE_MAX))}`),
  ],
);

/** Append-only history: everything that happened to the ticket, who did it and when. */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** opened, message_added, status_changed, read… (see TicketEventKind). */
    kind: text('kind').notNull(),
    actor: text('actor').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.seq] })],
);

/**
 * The answer times the merchant promises, per customer tier and channel. A pair without a row
 * uses the defaults in sla/policies.ts, so the table holds only what the merchant changed.
 */
export const supportPolicies = pgTable(
  'support_policies',
  {
    tier: text('tier').$type<CustomerTier>().notNull(),
    channel: text('channel', { enum: TICKET_CHANNELS }).$type<TicketChannel>().notNull(),
    firstResponseMinutes: integer('first_response_minutes').notNull(),
    resolutionMinutes: integer('resolution_minutes').notNull(),
    /** Count support hours on business days only; false: around the clock, holidays included. */
    businessHours: boolean('business_hours').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tier, t.channel] }),
    check('support_policies_tier_check', sql`${t.tier} in (${list(SLA_TIERS)})`),
    check('support_policies_channel_check', sql`${t.channel} in (${list(TICKET_CHANNELS)})`),
    check('support_policies_minutes_check', sql`${t.firstResponseMinutes} > 0 and ${t.resolutionMinutes} >= ${t.firstResponseMinutes}`),
  ],
);

/** When the desk answers on a business day, in the store's time zone (one row; 09:00–18:00 without it). */
export const supportHours = pgTable(
  'support_hours',
  {
    id: integer('id').primaryKey(),
    /** 'HH:MM', 24-hour. */
    opens: text('opens').notNull(),
    closes: text('closes').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    check('support_hours_single_row', sql`${t.id} = 1`),
    check('support_hours_times_check', sql`${t.opens} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and ${t.closes} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and ${t.opens} < ${t.closes}`),
  ],
);

/** The customer's answer to "Was this helpful?" after a ticket is solved: one per ticket, the latest kept. */
export const ticketRatings = pgTable(
  'ticket_ratings',
  {
    ticketId: uuid('ticket_id')
      .primaryKey()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    rating: text('rating', { enum: RATINGS }).notNull(),
    comment: text('comment'),
    ratedAt: timestamp('rated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    check('ticket_ratings_rating_check', sql`${t.rating} in (${list(RATINGS)})`),
    check('ticket_ratings_comment_check', sql`${t.comment} is null or char_length(${t.comment}) between 1 and ${sql.raw(String(RATING_COMMENT_MAX))}`),
  ],
);

/** Canned replies agents insert into an answer, with placeholders filled from the ticket (macros.ts). */
export const supportMacros = pgTable(
  'support_macros',
  {
    id: uuid('id').primaryKey(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /** "staff:<id>" of the last writer. */
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [
    uniqueIndex('support_macros_title_key').on(sql`lower(${t.title})`),
    check('support_macros_title_check', sql`char_length(${t.title}) between 1 and 80`),
    check('support_macros_body_check', sql`char_length(${t.body}) between 1 and ${sql.raw(String(MESSAGE_MAX))}`),
  ],
);

/**
 * Who has a ticket open in the console right now, and whether they are typing a reply: each
 * open page renews its row every few seconds, so a row older than the presence TTL is someone
 * who left (presence.ts).
 */
export const ticketPresence = pgTable(
  'ticket_presence',
  {
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    staffId: uuid('staff_id').notNull(),
    replying: boolean('replying').notNull().default(false),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.staffId] })],
);

/** Senders whose requests go straight to spam (set when an agent blocks them from a spam ticket). */
export const supportBlockedSenders = pgTable('support_blocked_senders', {
  /** Trimmed and lower-cased. */
  email: text('email').primaryKey(),
  blockedAt: timestamp('blocked_at', { withTimezone: true }).notNull(),
  blockedBy: text('blocked_by').notNull(),
});

/** The desk's own settings (one row; defaults in escalation.ts without it). */
export const supportSettings = pgTable(
  'support_settings',
  {
    id: integer('id').primaryKey(),
    /** Escalate a ticket once this share of its answer time has passed (80: at 80 %). */
    escalateAtPercent: integer('escalate_at_percent').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [check('support_settings_single_row', sql`${t.id} = 1`), check('support_settings_percent_check', sql`${t.escalateAtPercent} between 1 and 100`)],
);
