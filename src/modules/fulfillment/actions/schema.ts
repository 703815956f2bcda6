// The refunds staff make on an order: who gave how much back and why, and whether the gateway
// did it. The payment row says how much was refunded in all; this says who asked for each part,
// which the order's history cannot (a second partial refund does not change the order's status).
// A refund is claimed here (order, n) before the gateway is called, so one form sent twice
// refunds once.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const REFUND_STATES = ['requested', 'done', 'failed'] as const;
export type RefundState = (typeof REFUND_STATES)[number];

export const orderRefunds = pgTable(
  'order_refunds',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id').notNull(),
    /** 1, 2, 3… within the order: the form names the one it makes, so a second send finds it taken. */
    seq: integer('seq').notNull(),
    /** Minor units of the order's currency. */
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    reason: text('reason').notNull(),
    /** "merchant:<staff id>", as the order history and the outbox name actors. */
    requestedBy: text('requested_by').notNull(),
    /** requested (the gateway is being asked), done, or failed (nothing was given back, or the outcome is unknown: see error). */
    state: text('state', { enum: REFUND_STATES }).$type<RefundState>().notNull().default('requested'),
    error: text('error'),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    settledAt: timestamp('settled_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('order_refunds_order_seq_key').on(t.orderId, t.seq),
    index('order_refunds_order_idx').on(t.orderId, t.requestedAt),
    check('order_refunds_amount_check', sql`${t.amount} > 0`),
    check('order_refunds_seq_check', sql`${t.seq} > 0`),
    check('order_refunds_state_check', sql`${t.state} in ('requested', 'done', 'failed')`),
  ],
);
