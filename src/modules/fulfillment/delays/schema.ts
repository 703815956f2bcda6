// The delay checks' tables: every delay found on an order (why, when, the revised promise it
// gave the customer, the ticket an agent works it in, and when it was over), and the
// merchant's settings for the checks. One row per (order, kind, revision): a problem is
// acted on once, however often the job runs or the carrier repeats itself; the same problem
// coming back in a new form (a second missed ship day, a new exception) is a new revision.
import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { DELAY_KINDS, type DelayKind } from './kinds.ts';

const kinds = sql.raw(DELAY_KINDS.map((k) => `'${k}'`).join(', '));

export const orderDelays = pgTable(
  'order_delays',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id').notNull(),
    kind: text('kind', { enum: DELAY_KINDS }).$type<DelayKind>().notNull(),
    /**
     * What makes this problem new: the ship day that was missed, the last scan the parcel went
     * quiet after, the carrier event that reported the exception, the supply date that slipped.
     */
    revision: text('revision').notNull(),
    detectedAt: timestamp('detected_at', { withTimezone: true }).notNull(),
    /** The revised ship day (local date) when the delay is before the parcel leaves. */
    newShipsOn: date('new_ships_on', { mode: 'string' }),
    /** The revised delivery promise, as local dates in the store's time zone. */
    newEarliest: date('new_earliest', { mode: 'string' }).notNull(),
    newLatest: date('new_latest', { mode: 'string' }).notNull(),
    /** What was found, in words for staff (the customer reads words of their own). */
    detail: text('detail').notNull(),
    /** The parcel it is about; null for an order that has not left yet. */
    shipmentId: uuid('shipment_id'),
    /** The variant whose supply slipped (backorder delays). */
    variantId: uuid('variant_id'),
    /** The support ticket an agent follows it up in. */
    ticketId: uuid('ticket_id'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('order_delays_revision_key').on(t.orderId, t.kind, t.revision),
    index('order_delays_open_idx').on(t.orderId).where(sql`${t.resolvedAt} is null`),
    index('order_delays_detected_idx').on(t.detectedAt),
    check('order_delays_kind_check', sql`${t.kind} in (${kinds})`),
    check('order_delays_dates_check', sql`${t.newEarliest} <= ${t.newLatest}`),
  ],
);

/** One row (id 1): the merchant's settings for the delay checks; defaults until saved. */
export const delaySettings = pgTable(
  'delay_settings',
  {
    id: integer('id').primaryKey().default(1),
    /** Business days a parcel on its way may go without a carrier scan before it counts as late. */
    noScanBusinessDays: integer('no_scan_business_days').notNull().default(2),
    /** Business days from today a missed ship day is moved to (the revised ship day). */
    replanBusinessDays: integer('replan_business_days').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('delay_settings_days_check', sql`${t.noScanBusinessDays} between 1 and 30 and ${t.replanBusinessDays} between 1 and 30`)],
);
