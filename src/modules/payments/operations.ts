// What the store asks of the gateway for an order: create its one intent, capture, void,
// refund. Each call carries the key `<orderId>:<operation>:<attempt>`, derived from what the
// database already knows, so a call repeated after a crash or a lost answer reuses the key
// and the gateway replays instead of acting twice. What the gateway answers is recorded
// through the same path as every other piece of news (recordIntent).
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Platform } from '../../platform/platform.ts';
import { PaymentNotAllowed } from './errors.ts';
import { runtimeOf } from './gateway/runtime.ts';
import { IdempotencyConflict } from './gateway/stripe-gateway.ts';
import { requirePayment, toRecord, type PaymentRecord } from './records.ts';
import { payments } from './schema.ts';
import { recordIntent, syncPayment } from './sync.ts';

export const idempotencyKey = (orderId: string, operation: 'create' | 'capture' | 'cancel' | 'refund', attempt: number) => `${orderId}:${operation}:${attempt}`;

/**
 * Creates the order's one PaymentIntent if it has none. The key is always `<orderId>:create:1`:
 * a create whose answer was lost (or a crash before it was recorded) finds the same intent
 * again. `opened`: the payment as the caller has just opened it (openPayment, committed), so
 * it is not read again. Throws GatewayUnavailable.
 */
export async function ensureIntent(platform: Platform, orderId: string, opened?: PaymentRecord): Promise<PaymentRecord> {
  const payment = opened ?? (await requirePayment(platform.database.db, orderId));
  if (payment.intentId) return payment;
  const intent = await runtimeOf(platform).gateway.createIntent(
    { orderId, amount: payment.amount, currency: payment.currency, captureMethod: payment.captureMethod },
    idempotencyKey(orderId, 'create', 1),
  );
  const db = platform.database.db;
  const [recorded] = await db
    .update(payments)
    .set({ intentId: intent.id, clientSecret: intent.clientSecret, updatedAt: sql`now()` })
    .where(and(eq(payments.orderId, orderId), isNull(payments.intentId)))
    .returning();
  // Recorded meanwhile (a webhook, another caller): the same intent, since the key is the same.
  return recorded ? toRecord(recorded) : requirePayment(db, orderId);
}

const CAPTURED = ['captured', 'partially_refunded', 'refunded'] as const;
const isCaptured = (payment: PaymentRecord) => (CAPTURED as readonly string[]).includes(payment.status);

/** Takes the authorised money (all of it, or `amount` of it; the rest is released). Idempotent. */
export async function capturePayment(platform: Platform, orderId: string, amount?: number): Promise<PaymentRecord> {
  const payment = await requirePayment(platform.database.db, orderId);
  if (isCaptured(payment)) return payment;
  if (payment.status !== 'authorized' || !payment.intentId) {
    throw new PaymentNotAllowed('not_authorized', `The payment of order ${orderId} is ${payment.status}: only an authorised payment can be captured.`);
  }
  if (amount !== undefined && (!Number.isInteger(amount) || amount < 1 || amount > payment.amount)) {
    throw new RangeError(`A capture is a whole number of minor units from 1 to ${payment.amount}, not ${amount}`);
  }
  try {
    const intent = await runtimeOf(platform).gateway.captureIntent(payment.intentId, amount, idempotencyKey(orderId, 'capture', 1));
    return (await recordIntent(platform, orderId, intent, 'api')).after;
  } catch (error) {
    // Captured already (by an earlier call whose answer was lost, perhaps with another amount): learn it.
    if (!(error instanceof PaymentNotAllowed || error instanceof IdempotencyConflict)) throw error;
    const { after } = await syncPayment(platform, orderId, 'api');
    if (isCaptured(after)) return after;
    throw error instanceof PaymentNotAllowed ? error : new PaymentNotAllowed('conflict', error.message);
  }
}

/**
 * Cancels the intent: releases an authorisation, or makes an unpaid intent unpayable (the
 * order was cancelled). A payment whose intent was never recorded gets it first: a create
 * whose answer was lost may exist at the gateway, and must not stay payable. Idempotent.
 */
export async function voidPayment(platform: Platform, orderId: string): Promise<PaymentRecord> {
  let payment = await requirePayment(platform.database.db, orderId);
  if (payment.status === 'voided') return payment;
  if (isCaptured(payment)) {
    throw new PaymentNotAllowed('already_captured', `The payment of order ${orderId} was captured: it can be refunded, not voided.`);
  }
  payment = await ensureIntent(platform, orderId);
  try {
    const intent = await runtimeOf(platform).gateway.cancelIntent(payment.intentId!, idempotencyKey(orderId, 'cancel', 1));
    return (await recordIntent(platform, orderId, intent, 'api')).after;
  } catch (error) {
    // Paid or cancelled in the meantime: record what happened; only "voided" satisfies the call.
    if (!(error instanceof PaymentNotAllowed || error instanceof IdempotencyConflict)) throw error;
    const { after } = await syncPayment(platform, orderId, 'api');
    if (after.status === 'voided') return after;
    throw error instanceof PaymentNotAllowed ? error : new PaymentNotAllowed('conflict', error.message);
  }
}

/**
 * Gives `amount` of the captured money back. Refund n of an order has the key
 * `<orderId>:refund:<n>`; if the gateway already used that key for other figures (a refund
 * made before a crash, never recorded), the refunds it holds are counted and the next
 * number is used.
 */
export async function refundPayment(platform: Platform, orderId: string, amount: number, reason: string): Promise<PaymentRecord> {
  const payment = await requirePayment(platform.database.db, orderId);
  if (!isCaptured(payment) || !payment.intentId) {
    throw new PaymentNotAllowed('not_captured', `The payment of order ${orderId} is ${payment.status}: only captured money can be refunded.`);
  }
  const left = payment.capturedAmount - payment.refundedAmount;
  if (!Number.isInteger(amount) || amount < 1 || amount > left) {
    throw new RangeError(`A refund is a whole number of minor units from 1 to ${left}, not ${amount}`);
  }
  const { gateway } = runtimeOf(platform);
  const intentId = payment.intentId;
  const [row] = await platform.database.db.select({ refundCount: payments.refundCount }).from(payments).where(eq(payments.orderId, orderId));
  let number = row!.refundCount + 1;
  const refund = (n: number) => gateway.refund({ intentId, orderId, amount, reason: reason.slice(0, 500) }, idempotencyKey(orderId, 'refund', n));
  try {
    await refund(number);
  } catch (error) {
    if (!(error instanceof IdempotencyConflict)) throw error;
    number = (await gateway.listRefunds(intentId)).length + 1;
    await refund(number);
  }
  const intent = await gateway.retrieveIntent(intentId);
  const { after } = await recordIntent(platform, orderId, intent, 'api', async (tx) => {
    await tx.update(payments).set({ refundCount: sql`greatest(${payments.refundCount}, ${number})` }).where(eq(payments.orderId, orderId));
  });
  return after;
}
