// The status-incidents module's tables: incidents (something not working, opened by staff or by
// the store itself when the payment gateway fails), their public updates, and the addresses left
// on the outage page while the database was out ("tell me when you are back"), imported once
// the database answers again.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** The parts of the store the status page lists; an incident names the ones it affects. */
export const STATUS_COMPONENTS = ['storefront', 'checkout', 'payments', 'email', 'support-chat'] as const;
export type StatusComponent = (typeof STATUS_COMPONENTS)[number];

/** degraded: slow or partly working; down: not working. */
export const IMPACTS = ['degraded', 'down'] as const;
export type Impact = (typeof IMPACTS)[number];

/** The life of an incident, in order; `resolved` ends it. */
export const INCIDENT_STATES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

export const TITLE_MAX = 120;
export const UPDATE_MAX = 2000;

export const incidents = pgTable(
  'incidents',
  {
    id: uuid('id').primaryKey(),
    title: text('title').notNull(),
    components: text('components').array().$type<StatusComponent[]>().notNull(),
    impact: text('impact', { enum: IMPACTS }).$type<Impact>().notNull(),
    state: text('state', { enum: INCIDENT_STATES }).$type<IncidentState>().notNull(),
    /**
     * Set on incidents the store opens by itself ("payments-gateway"): at most one such incident
     * is open per key, so a failure noticed by many calls (or several processes) opens one.
     */
    automaticKey: text('automatic_key'),
    /** "staff:<id>" or "system". */
    openedBy: text('opened_by').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('incidents_open_automatic_key').on(t.automaticKey).where(sql`${t.resolvedAt} is null and ${t.automaticKey} is not null`),
    index('incidents_opened_idx').on(t.openedAt),
    index('incidents_unresolved_idx').on(t.openedAt).where(sql`${t.resolvedAt} is null`),
    check('incidents_title_length', sql`char_length(${t.title}) between 1 and ${sql.raw(String(TITLE_MAX))}`),
    check('incidents_components_given', sql`cardinality(${t.components}) > 0`),
    check('incidents_resolved_state', sql`(${t.state} = 'resolved') = (${t.resolvedAt} is not null)`),
  ],
);

/** What the public reads under an incident: each change of state or note, timestamped. */
export const incidentUpdates = pgTable(
  'incident_updates',
  {
    id: uuid('id').primaryKey(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    /** 1, 2, 3… per incident: the order updates were posted in, even within one second. */
    seq: integer('seq').notNull(),
    state: text('state', { enum: INCIDENT_STATES }).$type<IncidentState>().notNull(),
    message: text('message').notNull(),
    postedBy: text('posted_by').notNull(),
    postedAt: timestamp('posted_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('incident_updates_incident_seq_idx').on(t.incidentId, t.seq), check('incident_updates_message_length', sql`char_length(${t.message}) between 1 and ${sql.raw(String(UPDATE_MAX))}`)],
);

/**
 * Addresses left on the outage page. The id is the one written in the outage file's line, so
 * importing the same file twice (a crash before it was rotated) adds nothing.
 */
export const backOnlineRequests = pgTable(
  'back_online_requests',
  {
    id: uuid('id').primaryKey(),
    email: text('email').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    /** When the outage the visitor saw began: one email per address per outage. */
    outageSince: timestamp('outage_since', { withTimezone: true }).notNull(),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('back_online_requests_email_idx').on(t.email)],
);
