// What a payment's news does to its order. Every path that learns of a payment (the buyer's
// return from the card page, a webhook, the reconciliation job, an agent taking the payment
// by phone) records it through payments, which runs this handler in the same transaction:
// the order shows the payment's status, and the first authorisation sells the allocated stock
// and confirms the order. Whichever path comes first does it; the others find nothing to do.
import type { Db } from '../../../platform/db/database.ts';
import type { Platform } from '../../../platform/platform.ts';
import { markReservationSold } from '../../inventory/index.ts';
import { lockOrder, setPaymentStatus, transitionOrders } from '../../orders/index.ts';
import { refundPayment, voidPayment, type PaymentChange, type PaymentRecord, type PaymentStatus } from '../../payments/index.ts';

const PAID: ReadonlySet<PaymentStatus> = new Set(['authorized', 'captured']);

export function isPaid(status: PaymentStatus): boolean {
  return PAID.has(status);
}

export async function settleOrderPayment(platform: Platform, tx: Db, change: PaymentChange): Promise<void> {
  // Locked now, as the payment status update would lock it anyway: the transition reads it no more.
  const order = await lockOrder(tx, change.after.orderId);
  if (!order) {
    platform.log.error({ orderId: change.after.orderId }, 'a payment changed for an order that does not exist');
    return;
  }
  const paidNow = isPaid(change.after.status) && !isPaid(change.before);
  if (paidNow && order.status === 'placed') {
    await markReservationSold(platform, tx, order.number);
    // The order's copy of the payment status goes in with its new status, in one write.
    await transitionOrders(platform, tx, [{ order, steps: ['validated'], by: { kind: 'system', reason: 'Payment authorised' }, paymentStatus: change.after.status }]);
    return;
  }
  await setPaymentStatus(tx, order.id, change.after.status);
  if (!paidNow) return;
  if (order.status === 'cancelled') {
    // Paid after the order was cancelled (its payment deadline passed as the buyer paid):
    // the money goes back at once, once this record has committed.
    platform.log.warn({ orderId: order.id }, 'payment arrived for a cancelled order: giving it back');
    platform.database.afterCommit(() => void giveBack(platform, change.after));
  }
}

async function giveBack(platform: Platform, payment: PaymentRecord): Promise<void> {
  const orderId = payment.orderId;
  try {
    if (payment.status === 'authorized') await voidPayment(platform, orderId);
    else await refundPayment(platform, orderId, payment.capturedAmount, 'Order cancelled before the payment arrived');
  } catch (error) {
    // Reconciliation will see the payment still taken; an agent sees it on the order page.
    platform.log.error({ orderId, err: (error as Error).message }, 'could not give back a payment for a cancelled order');
  }
}
