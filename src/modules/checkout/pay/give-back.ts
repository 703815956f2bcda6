// The money goes back when staff cancel an order: an authorised payment is voided (the hold on
// the card is released), a captured one is refunded of what is left of it, and an intent still
// waiting to be paid is voided so it can no longer be paid. The `order.cancelled` handler runs
// inside the outbox's transaction, where the gateway cannot be called, so it only queues a job
// when the payment needs it; the job talks to the gateway and is retried while it cannot.
//
// Not double-handled with the rest of checkout: the deadline job (deadline.ts) voids an unpaid
// order's payment before it cancels the order, so such an order arrives here already voided and
// nothing is queued; a payment that arrives after the cancellation is given back by settle.ts,
// and if both act, the gateway calls are keyed (cancel:1, refund:n) and what is left to refund is
// read again each time, so the money goes back once.
import type { Db } from '../../../platform/db/database.ts';
import type { DomainEvent } from '../../../platform/events/events.ts';
import type { Platform } from '../../../platform/platform.ts';
import { orderById, orderCancelled, type OrderEventPayload } from '../../orders/index.ts';
import { paymentOf, PaymentNotAllowed, refundPayment, voidPayment, type PaymentRecord, type PaymentStatus } from '../../payments/index.ts';

export const GIVE_BACK_JOB = 'checkout.give-back-cancelled';
export const GIVE_BACK_HANDLER = 'checkout.give-back-on-cancel';

/** Statuses whose intent can still be paid: voided so that it cannot. */
const OPEN: ReadonlySet<PaymentStatus> = new Set(['pending', 'requires_action', 'failed']);
const CAPTURED: ReadonlySet<PaymentStatus> = new Set(['captured', 'partially_refunded']);

export type GiveBack = 'voided' | 'refunded' | 'nothing';

/** What the payment of a cancelled order still needs from the gateway. */
export function owed(payment: PaymentRecord): Exclude<GiveBack, 'nothing'> | null {
  if (payment.status === 'authorized' || OPEN.has(payment.status)) return 'voided';
  if (CAPTURED.has(payment.status) && payment.capturedAmount > payment.refundedAmount) return 'refunded';
  return null;
}

/** The `order.cancelled` handler: queues the give-back in the handler's transaction when there is something to give back. */
export async function queueGiveBack(platform: Platform, event: DomainEvent<OrderEventPayload>, tx: Db): Promise<void> {
  const payment = await paymentOf(tx, event.payload.orderId);
  if (!payment || !owed(payment)) return;
  await platform.jobs.send(tx, GIVE_BACK_JOB, { orderId: event.payload.orderId }, { singletonKey: event.payload.orderId });
}

/**
 * Gives back what the cancelled order's payment still holds. Safe to run any number of times:
 * each run reads the payment again, a voided or fully refunded one needs nothing, and the
 * gateway calls carry the payment's idempotency keys.
 */
export async function giveBackCancelled(platform: Platform, orderId: string): Promise<GiveBack> {
  const order = await orderById(platform.database.db, orderId);
  if (order?.status !== 'cancelled') return 'nothing';
  for (let pass = 0; pass < 2; pass++) {
    const payment = await paymentOf(platform.database.db, orderId);
    const needed = payment ? owed(payment) : null;
    if (!payment || !needed) return 'nothing';
    try {
      if (needed === 'voided') await voidPayment(platform, orderId);
      else await refundPayment(platform, orderId, payment.capturedAmount - payment.refundedAmount, `Order cancelled: ${order.cancelledReason ?? ''}`.slice(0, 500));
      return needed;
    } catch (error) {
      // Captured meanwhile (a void refused), or refunded meanwhile by another run (nothing left):
      // read the payment again and do what it now needs, if anything.
      if (!(error instanceof PaymentNotAllowed || error instanceof RangeError) || pass > 0) throw error;
    }
  }
  return 'nothing';
}

export function registerGiveBack(platform: Platform): void {
  platform.jobs.define<{ orderId: string }>(GIVE_BACK_JOB, async ({ orderId }) => {
    const done = await giveBackCancelled(platform, orderId);
    if (done !== 'nothing') platform.log.info({ orderId, done }, 'the payment of a cancelled order was given back');
  });
  platform.events.subscribe(orderCancelled, GIVE_BACK_HANDLER, (event, tx) => queueGiveBack(platform, event, tx));
}
