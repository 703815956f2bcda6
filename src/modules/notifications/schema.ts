// The notifications module's tables: the mail queue (every email we decided to send, with its
// outcome), the merchant's words and switches per touch point, the brand, the suppression
// list and each address's preferences.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const EMAIL_STATUSES = ['queued', 'sending', 'sent', 'failed', 'suppressed'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/**
 * One row per email, written in the event handler's transaction before anything is sent.
 * `dedupe_key` is (touch point, subject, recipient): a second delivery of the same event, or
 * the same fact published twice, finds the row and sends nothing.
 */
export const outgoingEmails = pgTable(
  'outgoing_emails',
  {
    id: uuid('id').primaryKey(),
    dedupeKey: text('dedupe_key').notNull().unique(),
    touchPoint: text('touch_point').notNull(),
    recipient: text('recipient').notNull(),
    orderId: uuid('order_id'),
    ticketId: uuid('ticket_id'),
    messageId: text('message_id').notNull().unique(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    headers: jsonb('headers').$type<Record<string, string>>().notNull(),
    /** Carries promotional content (a recommendations block or a subscription broadcast). */
    promotional: boolean('promotional').notNull().default(false),
    status: text('status', { enum: EMAIL_STATUSES }).$type<EmailStatus>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    /** When the current send began: a row left `sending` long after this had its process die mid-send. */
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** The staff member who asked for this copy (an order confirmation sent again); null for the touch point's own emails. */
    requestedBy: uuid('requested_by'),
  },
  (t) => [
    index('outgoing_emails_due_idx').on(t.nextAttemptAt).where(sql`${t.status} in ('queued', 'sending')`),
    index('outgoing_emails_order_idx').on(t.orderId, t.createdAt),
    index('outgoing_emails_ticket_idx').on(t.ticketId, t.createdAt),
    index('outgoing_emails_recipient_idx').on(t.recipient, t.createdAt),
    index('outgoing_emails_failed_idx').on(t.createdAt).where(sql`${t.status} = 'failed'`),
    // The admin's outbox: newest first, all or by status.
    index('outgoing_emails_created_idx').on(t.createdAt),
    index('outgoing_emails_status_created_idx').on(t.status, t.createdAt),
    check('outgoing_emails_attempts', sql`${t.attempts} >= 0`),
  ],
);

/** The merchant's switch and words for one touch point; no row means the defaults. */
export const touchPointSettings = pgTable('touch_point_settings', {
  key: text('key').primaryKey(),
  enabled: boolean('enabled').notNull(),
  subject: text('subject').notNull(),
  intro: text('intro').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  updatedBy: text('updated_by').notNull(),
});

/** How every email looks: one row (id 1); no row means the defaults. */
export const emailBrand = pgTable(
  'email_brand',
  {
    id: integer('id').primaryKey(),
    senderName: text('sender_name').notNull(),
    logoUrl: text('logo_url'),
    accentColor: text('accent_color').notNull(),
    footer: text('footer').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [check('email_brand_single_row', sql`${t.id} = 1`)],
);

export const SUPPRESSION_REASONS = ['hard_bounce', 'complaint', 'manual'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/** Addresses we never send to: a hard bounce or a spam complaint is final until staff lift it. */
export const emailSuppressions = pgTable('email_suppressions', {
  address: text('address').primaryKey(),
  reason: text('reason', { enum: SUPPRESSION_REASONS }).$type<SuppressionReason>().notNull(),
  detail: text('detail').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/** What an address agreed to beyond transactional mail; no row means the defaults. */
export const emailPreferences = pgTable('email_preferences', {
  address: text('address').primaryKey(),
  /** Product suggestions inside order and shipping emails. */
  recommendations: boolean('recommendations').notNull(),
  /** Announcements such as planned maintenance. */
  announcements: boolean('announcements').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
