// Reading and opening payments: the row that says "this order is paid by one intent".
import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import { deferWrite, type Db } from '../../platform/db/database.ts';
import { paymentEvents, payments, type PaymentStatus } from './schema.ts';
import { UNSETTLED } from './status.ts';

export interface PaymentRecord {
  orderId: string;
  intentId: string | null;
  clientSecret: string | null;
  amount: number;
  currency: string;
  captureMethod: 'manual' | 'automatic';
  status: PaymentStatus;
  attempts: number;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  capturedAmount: number;
  refundedAmount: number;
}

export type PaymentRow = typeof payments.$inferSelect;

export function toRecord(row: PaymentRow): PaymentRecord {
  return {
    orderId: row.orderId,
    intentId: row.intentId,
    clientSecret: row.clientSecret,
    amount: row.amount,
    currency: row.currency,
    captureMethod: row.captureMethod,
    status: row.status,
    attempts: row.attempts,
    lastErrorCode: row.lastErrorCode,
    lastErrorMessage: row.lastErrorMessage,
    capturedAmount: row.capturedAmount,
    refundedAmount: row.refundedAmount,
  };
}

/** No payment is recorded for this order. */
export class PaymentNotFound extends Error {
  override name = 'PaymentNotFound';
  constructor(orderId: string) {
    super(`No payment is recorded for order ${orderId}`);
  }
}

/**
 * In the caller's transaction, without calling the gateway: records that this order, recorded
 * in the same transaction, will be paid by one intent. The row goes out with the transaction's
 * commit (deferWrite) and the record is answered from what is written, every field given, none
 * left to a column default. An order has one payment: opening a second fails the transaction.
 */
export async function openPayment(tx: Db, input: { orderId: string; amount: number; currency: string; captureMethod: 'manual' | 'automatic' }): Promise<PaymentRecord> {
  if (!Number.isInteger(input.amount) || input.amount <= 0) throw new RangeError(`A payment amount is a positive whole number of minor units, not ${input.amount}`);
  if (!/^[A-Za-z]{3}$/.test(input.currency)) throw new RangeError(`A currency is an ISO 4217 code, not ${input.currency}`);
  const opened = {
    orderId: input.orderId,
    intentId: null,
    clientSecret: null,
    amount: input.amount,
    currency: input.currency.toUpperCase(),
    captureMethod: input.captureMethod,
    status: 'pending',
    attempts: 0,
    lastErrorCode: null,
    lastErrorMessage: null,
    capturedAmount: 0,
    refundedAmount: 0,
  } satisfies PaymentRecord;
  await deferWrite(tx, tx.insert(payments).values(opened));
  return opened;
}

export async function paymentOf(db: Db, orderId: string): Promise<PaymentRecord | null> {
  const [row] = await db.select().from(payments).where(eq(payments.orderId, orderId));
  return row ? toRecord(row) : null;
}

export async function requirePayment(db: Db, orderId: string): Promise<PaymentRecord> {
  const payment = await paymentOf(db, orderId);
  if (!payment) throw new PaymentNotFound(orderId);
  return payment;
}

/**
 * For a webhook event about an intent: the payment the intent pays and, in the same read,
 * whether this event has already been recorded (a redelivery).
 */
export async function paymentForEvent(db: Db, intentId: string, eventId: string): Promise<{ payment: PaymentRecord; handled: boolean } | null> {
  const [found] = await db
    .select({ row: payments, handled: sql<boolean>`exists (select 1 from ${paymentEvents} where ${paymentEvents.eventId} = ${eventId})` })
    .from(payments)
    .where(eq(payments.intentId, intentId));
  return found ? { payment: toRecord(found.row), handled: found.handled } : null;
}

/** Payments not settled and not looked at for `olderThanMs`, oldest first: for the reconciliation job. */
export async function unsettledPayments(db: Db, olderThanMs: number, limit: number): Promise<PaymentRecord[]> {
  const found = await db
    .select()
    .from(payments)
    .where(and(inArray(payments.status, [...UNSETTLED]), lt(payments.updatedAt, sql`now() - make_interval(secs => ${olderThanMs / 1000})`)))
    .orderBy(asc(payments.updatedAt))
    .limit(limit);
  return found.map(toRecord);
}
