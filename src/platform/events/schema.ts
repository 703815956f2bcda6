import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Every domain event ever published: the audit trail behind timelines. */
export const domainEvents = pgTable(
  'domain_events',
  {
    id: uuid('id').primaryKey(),
    type: text('type').notNull(),
    /** Ids only, never personal data. */
    payload: jsonb('payload').notNull(),
    /** "system", "customer:<id>", "staff:<id>". */
    actor: text('actor').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('domain_events_type_idx').on(t.type, t.occurredAt)],
);

/** One row per (event, handler) handled: a redelivered event is not handled twice. */
export const handledEvents = pgTable(
  'handled_events',
  {
    eventId: uuid('event_id').notNull(),
    handler: text('handler').notNull(),
    handledAt: timestamp('handled_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.handler] })],
);
