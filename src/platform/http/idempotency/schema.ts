import { index, integer, primaryKey, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row per Idempotency-Key a client sent to a route that honours it: the request's
 * fingerprint, and once answered, the answer to replay.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    /** The route and whose request it is (a cart, a customer, a token): keys never cross callers. */
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    /** SHA-256 of method, path and body: the same key with another body is refused. */
    fingerprint: text('fingerprint').notNull(),
    /** running, then done. */
    state: text('state').notNull(),
    statusCode: integer('status_code'),
    contentType: text('content_type'),
    body: text('body'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);
