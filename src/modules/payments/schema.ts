// The payments module's tables: one payment per order (the order's one PaymentIntent and
// what we know of it), the gateway events already handled (webhook dedupe), and every
// change of a payment's status with where the news came from. Orders are referred to by id
// only: the orders module owns them.
import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const PAYMENT_STATUSES = ['pending', 'requires_action', 'authorized', 'captured', 'failed', 'voided', 'refunded', 'partially_refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const CAPTURE_METHODS = ['manual', 'automatic'] as const;

export const SYNC_SOURCES = ['return', 'webhook', 'reconcile', 'agent', 'api'] as const;
export type SyncSource = (typeof SYNC_SOURCES)[number];

export const payments = pgTable(
  'payments',
  {
    orderId: uuid('order_id').primaryKey(),
    /** The order's one PaymentIntent; null until it is created at the gateway. */
    intentId: text('intent_id').unique(),
    /** Lets the gateway's card page (or Stripe's Payment Element) confirm the intent; it is not card data. */
    clientSecret: text('client_secret'),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    captureMethod: text('capture_method', { enum: CAPTURE_METHODS }).notNull(),
    status: text('status', { enum: PAYMENT_STATUSES }).notNull().default('pending'),
    /** Payment attempts the gateway reported (each declined card, and the one that went through). */
    attempts: integer('attempts').notNull().default(0),
    /** The gateway's reference of the last attempt counted (a charge id), so none is counted twice. */
    lastAttemptRef: text('last_attempt_ref'),
    lastErrorCode: text('last_error_code'),
    /** In plain words, for the customer. */
    lastErrorMessage: text('last_error_message'),
    capturedAmount: integer('captured_amount').notNull().default(0),
    refundedAmount: integer('refunded_amount').notNull().default(0),
    /** Refunds made, so the next one gets the next idempotency key (`<orderId>:refund:<n>`). */
    refundCount: integer('refund_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Last time the gateway was asked about it (the reconciliation job takes the oldest first). */
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('payments_status_updated_idx').on(t.status, t.updatedAt),
    check('payments_amount_check', sql`${t.amount} > 0`),
    check('payments_figures_check', sql`${t.capturedAmount} >= 0 and ${t.refundedAmount} >= 0 and ${t.refundedAmount} <= ${t.capturedAmount}`),
  ],
);

/** Gateway events already handled: a webhook delivered twice is processed once. */
export const paymentEvents = pgTable('payment_events', {
  eventId: text('event_id').primaryKey(),
  type: text('type').notNull(),
  intentId: text('intent_id'),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Every change of a payment's status or amounts, with the path that learnt of it. */
export const paymentTransitions = pgTable(
  'payment_transitions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => payments.orderId),
    fromStatus: text('from_status', { enum: PAYMENT_STATUSES }).notNull(),
    toStatus: text('to_status', { enum: PAYMENT_STATUSES }).notNull(),
    source: text('source', { enum: SYNC_SOURCES }).notNull(),
    /** A short fact: the decline code, or the captured and refunded amounts. */
    detail: text('detail').notNull().default(''),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('payment_transitions_order_idx').on(t.orderId, t.id)],
);
