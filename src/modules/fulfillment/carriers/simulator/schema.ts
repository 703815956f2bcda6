// The carrier simulator's own tables: every parcel's planned tracking events with when each is
// to be sent and how its delivery went, the log of webhook deliveries (the admin page lists the
// recent ones), and the fault switches the merchant saved. They stand for the carrier's side:
// nothing in the store reads them except the simulator, and shipments are known here only by
// carrier and tracking number, as a carrier knows them.
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { TrackingCode } from '../../states.ts';

export interface SimulatedPlace {
  city?: string;
  region?: string;
  country?: string;
}

export const carrierSimulatorEvents = pgTable(
  'carrier_simulator_events',
  {
    /** The carrier's event id, derived from carrier, number and place in the timeline (planning twice adds nothing). */
    id: text('id').primaryKey(),
    carrier: text('carrier').notNull(),
    trackingNumber: text('tracking_number').notNull(),
    /** Place in the parcel's timeline, from 1. */
    seq: integer('seq').notNull(),
    code: text('code').$type<TrackingCode>().notNull(),
    detail: text('detail').notNull(),
    location: jsonb('location').$type<SimulatedPlace>().notNull(),
    /** When it happens to the parcel. */
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    /** When the carrier means to tell the store: later than occurredAt for late or reordered deliveries. */
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    estimateEarliest: date('estimate_earliest', { mode: 'string' }),
    estimateLatest: date('estimate_latest', { mode: 'string' }),
    /** Delivery attempts so far (a lost or refused one counts). */
    attempts: integer('attempts').notNull().default(0),
    /** The next try: dueAt at first, then after a failure the retry time, and while a try runs a short lease. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    /** When the store acknowledged it (2xx). */
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** When the simulator stopped retrying. */
    gaveUpAt: timestamp('gave_up_at', { withTimezone: true }),
    plannedAt: timestamp('planned_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('carrier_simulator_events_parcel_seq_key').on(t.carrier, t.trackingNumber, t.seq),
    index('carrier_simulator_events_tracking_idx').on(t.trackingNumber),
    index('carrier_simulator_events_pending_idx').on(t.nextAttemptAt).where(sql`${t.sentAt} is null and ${t.gaveUpAt} is null`),
    check('carrier_simulator_events_seq_check', sql`${t.seq} > 0`),
  ],
);

export const carrierSimulatorDeliveries = pgTable(
  'carrier_simulator_deliveries',
  {
    id: uuid('id').primaryKey(),
    carrier: text('carrier').notNull(),
    attemptedAt: timestamp('attempted_at', { withTimezone: true }).notNull(),
    eventIds: jsonb('event_ids').$type<string[]>().notNull(),
    /** 'accepted' (2xx), 'refused' (another answer), 'lost' (a fault: it never reached the store), 'unreachable'. */
    outcome: text('outcome').notNull(),
    /** The store's HTTP status; 0 when there was no answer. */
    status: integer('status').notNull(),
    /** The start of the store's answer, for the admin page. */
    answer: text('answer').notNull().default(''),
    /** True for the second copy sent by the duplicate fault. */
    duplicate: boolean('duplicate').notNull().default(false),
  },
  (t) => [index('carrier_simulator_deliveries_at_idx').on(t.attemptedAt)],
);

/** One row (id 1) once the merchant saves fault switches; until then the configured ones apply. */
export const carrierSimulatorSettings = pgTable(
  'carrier_simulator_settings',
  {
    id: integer('id').primaryKey(),
    faults: jsonb('faults').$type<Record<string, unknown>>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [check('carrier_simulator_settings_one_row', sql`${t.id} = 1`)],
);
