// The maintenance module's tables: planned maintenance windows and the people who asked to
// hear about them (status subscribers). Staff are referred to by id only: the staff module
// owns them.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const MAINTENANCE_SCOPES = ['checkout', 'site'] as const;
export type MaintenanceScope = (typeof MAINTENANCE_SCOPES)[number];

/** What a window's message may hold, in the merchant's words. */
export const MESSAGE_MAX = 500;

export const maintenanceWindows = pgTable(
  'maintenance_windows',
  {
    id: uuid('id').primaryKey(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    /** Moves when the window is extended or ended early. */
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    /** 'checkout': checkout and payments only; 'site': the whole store. */
    scope: text('scope', { enum: MAINTENANCE_SCOPES }).$type<MaintenanceScope>().notNull(),
    message: text('message').notNull(),
    /** The staff member who scheduled it. */
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    /** When "Announce by email" was pressed: a window is announced once. */
    announcedAt: timestamp('announced_at', { withTimezone: true }),
  },
  (t) => [
    check('maintenance_windows_ends_after_start', sql`${t.endsAt} > ${t.startsAt}`),
    check('maintenance_windows_message_length', sql`char_length(${t.message}) <= ${sql.raw(String(MESSAGE_MAX))}`),
    index('maintenance_windows_ends_idx').on(t.endsAt),
  ],
);

export const statusSubscribers = pgTable(
  'status_subscribers',
  {
    id: uuid('id').primaryKey(),
    /** Trimmed and lower-cased: one row per address. */
    email: text('email').notNull(),
    /** Set when the person pressed the button behind the emailed link (double opt-in). */
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('status_subscribers_email_idx').on(t.email)],
);

/** Default and limits of the merchant's maintenance settings (minutes). */
export const MAINTENANCE_SETTING_LIMITS = {
  /** The banner shows this long before a window starts (48 hours by default). */
  leadMinutes: { default: 48 * 60, min: 0, max: 14 * 24 * 60 },
  /** New checkouts stop this long before a window starts (30 minutes by default). */
  drainMinutes: { default: 30, min: 0, max: 24 * 60 },
} as const;

/** The merchant's maintenance settings: one row (id 1), absent until first saved. */
export const maintenanceSettings = pgTable(
  'maintenance_settings',
  {
    id: integer('id').primaryKey(),
    leadMinutes: integer('lead_minutes').notNull(),
    drainMinutes: integer('drain_minutes').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [check('maintenance_settings_one_row', sql`${t.id} = 1`), check('maintenance_settings_minutes', sql`${t.leadMinutes} >= 0 and ${t.drainMinutes} >= 0`)],
);

/**
 * "Email me when it's back": an address left while checkout was closed for a window. One
 * email goes when the window ends (or is cancelled); `notifiedAt` marks it sent to the outbox.
 */
export const maintenanceBackRequests = pgTable(
  'maintenance_back_requests',
  {
    id: uuid('id').primaryKey(),
    windowId: uuid('window_id')
      .notNull()
      .references(() => maintenanceWindows.id),
    /** Trimmed and lower-cased: one request per address and window. */
    email: text('email').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    notifiedAt: timestamp('notified_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('maintenance_back_requests_window_email_idx').on(t.windowId, t.email), index('maintenance_back_requests_waiting_idx').on(t.windowId).where(sql`${t.notifiedAt} is null`)],
);
