// Learning what happened at the gateway and recording it. Every path that hears news of a
// payment (the customer's return from the card page, a webhook, the reconciliation job, an
// agent, our own capture/void/refund calls) reads the intent from the gateway and records
// it here, so they all converge on one state. In one transaction: the status (only
// forward), the amounts (only up), the transition log, the payment.* events and the
// registered change handler (the checkout uses it to move the order along atomically).
import { eq, sql } from 'drizzle-orm';
import { crashPoint } from '../../platform/crash.ts';
import { deferWrite, type Db } from '../../platform/db/database.ts';
import type { Platform } from '../../platform/platform.ts';
import { customerMessageFor } from './errors.ts';
import { paymentAuthorized, paymentCaptured, paymentFailed, paymentRefunded, paymentVoided } from './events.ts';
import type { GatewayIntent } from './gateway/stripe-gateway.ts';
import { runtimeOf } from './gateway/runtime.ts';
import { requirePayment, toRecord, type PaymentRecord } from './records.ts';
import { payments, paymentTransitions, type PaymentStatus, type SyncSource } from './schema.ts';
import { canMove, statusOf, UNSETTLED } from './status.ts';

export interface PaymentChange {
  before: PaymentStatus;
  after: PaymentRecord;
}

export type PaymentChangeHandler = (platform: Platform, tx: Db, change: PaymentChange) => Promise<void>;

const handlers = new Set<PaymentChangeHandler>();

/**
 * Registers the handler that runs, inside the recording transaction, whenever a payment's
 * status or amounts change, whichever path learnt of it. Registering the same function
 * again changes nothing.
 */
export function onPaymentChange(handler: PaymentChangeHandler): void {
  handlers.add(handler);
}

/**
 * Asks the gateway for the order's intent and records what it says. Throws GatewayUnavailable.
 * With `unlessSettled`, a settled payment is answered from the record: the customer back
 * from the card page usually finds the webhook has already told us, and anything later
 * (a capture, a refund) comes by its own webhook or the reconciliation job.
 */
export async function syncPayment(platform: Platform, orderId: string, source: SyncSource, options: { unlessSettled?: boolean } = {}): Promise<PaymentChange> {
  const payment = await requirePayment(platform.database.db, orderId);
  if (!payment.intentId || (options.unlessSettled && !UNSETTLED.includes(payment.status))) return { before: payment.status, after: payment };
  const intent = await runtimeOf(platform).gateway.retrieveIntent(payment.intentId);
  return recordIntent(platform, orderId, intent, source);
}

/** Money figures the intent shows: what was captured, and what of it was refunded. */
function figuresOf(intent: GatewayIntent): { captured: number; refunded: number } {
  if (intent.status !== 'succeeded') return { captured: 0, refunded: 0 };
  return { captured: intent.charge?.amountCaptured ?? intent.amountReceived, refunded: intent.charge?.amountRefunded ?? 0 };
}

/** The attempt the intent reports last: the declined charge, or the one that went through. */
function attemptRefOf(intent: GatewayIntent, status: PaymentStatus): string | null {
  if (status === 'failed') return intent.lastError?.attemptRef ?? null;
  return intent.charge?.paid ? intent.charge.id : null;
}

/**
 * Records one reading of the intent. `alsoInTx` runs in the same transaction (the webhook
 * route records the event id there, so "handled" and its effect commit together).
 */
export async function recordIntent(platform: Platform, orderId: string, intent: GatewayIntent, source: SyncSource, alsoInTx?: (tx: Db) => Promise<void>): Promise<PaymentChange> {
  // The gateway has spoken and we have not written it down: the crash test dies here.
  crashPoint(platform.config, 'payment:before-record');
  return platform.database.transaction(async (tx) => {
    const [row] = await tx.select().from(payments).where(eq(payments.orderId, orderId)).for('update');
    if (!row) throw new Error(`No payment is recorded for order ${orderId}`);
    const before = toRecord(row);
    const observed = statusOf(intent);
    // Stale news (an older reading, a late webhook) moves nothing; amounts only ever grow.
    const accepted = observed === before.status || canMove(before.status, observed);
    const status = accepted ? observed : before.status;
    const figures = figuresOf(intent);
    const capturedAmount = Math.max(before.capturedAmount, figures.captured);
    const refundedAmount = Math.min(capturedAmount, Math.max(before.refundedAmount, figures.refunded));
    const ref = accepted ? attemptRefOf(intent, observed) : null;
    const newAttempt = ref !== null && ref !== row.lastAttemptRef;
    const failedNow = accepted && observed === 'failed' && intent.lastError;
    const changes = {
      status,
      capturedAmount,
      refundedAmount,
      ...(newAttempt ? { attempts: row.attempts + 1, lastAttemptRef: ref } : {}),
      ...(failedNow ? { lastErrorCode: intent.lastError!.declineCode ?? intent.lastError!.code, lastErrorMessage: customerMessageFor(intent.lastError!.code, intent.lastError!.declineCode) } : {}),
    };
    // The row is locked: what it becomes is the row read with these changes. The writes go out
    // with the transaction's next statement or its commit (deferWrite).
    await deferWrite(tx, tx.update(payments).set({ ...changes, updatedAt: sql`now()` }).where(eq(payments.orderId, orderId)));
    const after = toRecord({ ...row, ...changes });
    await alsoInTx?.(tx);
    const moved = after.status !== before.status || after.capturedAmount !== before.capturedAmount || after.refundedAmount !== before.refundedAmount;
    if (!moved) return { before: before.status, after };

    await deferWrite(tx, tx.insert(paymentTransitions).values({
      orderId,
      fromStatus: before.status,
      toStatus: after.status,
      source,
      detail: after.status === 'failed' ? (after.lastErrorCode ?? '') : `captured ${after.capturedAmount}, refunded ${after.refundedAmount}`,
    }));
    await announce(platform, tx, before, after, intent, source);
    for (const handler of handlers) await handler(platform, tx, { before: before.status, after });
    return { before: before.status, after };
  });
}

/** One event per fact learnt: entering a state, money taken, money returned. */
async function announce(platform: Platform, tx: Db, before: PaymentRecord, after: PaymentRecord, intent: GatewayIntent, source: SyncSource): Promise<void> {
  const actor = `payments:${source}`;
  const intentId = intent.id;
  const { orderId, currency } = after;
  const entered = (status: PaymentStatus) => after.status === status && before.status !== status;
  if (entered('authorized')) await platform.events.publish(tx, paymentAuthorized, { orderId, intentId, amount: after.amount, currency }, actor);
  if (entered('failed')) {
    await platform.events.publish(tx, paymentFailed, { orderId, intentId, code: intent.lastError?.code ?? null, declineCode: intent.lastError?.declineCode ?? null }, actor);
  }
  if (before.capturedAmount === 0 && after.capturedAmount > 0) await platform.events.publish(tx, paymentCaptured, { orderId, intentId, amount: after.capturedAmount, currency }, actor);
  if (entered('voided')) await platform.events.publish(tx, paymentVoided, { orderId, intentId }, actor);
  if (after.refundedAmount > before.refundedAmount) {
    await platform.events.publish(
      tx,
      paymentRefunded,
      { orderId, intentId, amount: after.refundedAmount - before.refundedAmount, refundedAmount: after.refundedAmount, currency, full: after.refundedAmount === after.capturedAmount },
      actor,
    );
  }
}
