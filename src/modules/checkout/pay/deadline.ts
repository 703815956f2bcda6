// Orders not paid by their payment deadline are cancelled, their stock released and one email
// sent. The payment is voided first, at the gateway: an order whose payment cannot be voided
// because it was paid at the last moment is left for the payment's news to confirm; one the
// gateway cannot be asked about now is tried again on the next run, never cancelled blind.
import type { Platform } from '../../../platform/platform.ts';
import { releaseReservation } from '../../inventory/index.ts';
import { orderById, transitionOrder, unpaidOrdersPastDeadline } from '../../orders/index.ts';
import { GatewayUnavailable, PaymentNotAllowed, voidPayment } from '../../payments/index.ts';

export const UNPAID_REASON = 'Not paid by its payment deadline';
export const CANCEL_UNPAID_JOB = 'checkout.cancel-unpaid-orders';
const BATCH = 50;

export interface DeadlineRun {
  cancelled: number;
  /** Paid at the last moment: kept. */
  paid: number;
  /** The gateway could not be asked: tried again next run. */
  deferred: number;
}

export async function cancelUnpaidOrders(platform: Platform): Promise<DeadlineRun> {
  const run: DeadlineRun = { cancelled: 0, paid: 0, deferred: 0 };
  const due = await unpaidOrdersPastDeadline(platform.database.db, platform.clock.now(), BATCH);
  for (const order of due) {
    try {
      await voidPayment(platform, order.id);
    } catch (error) {
      if (error instanceof GatewayUnavailable) {
        run.deferred += 1;
        continue;
      }
      if (error instanceof PaymentNotAllowed) {
        run.paid += 1;
        continue;
      }
      throw error;
    }
    const cancelled = await platform.database.transaction(async (tx) => {
      const current = await orderById(tx, order.id);
      if (current?.status !== 'placed') return false;
      await transitionOrder(platform, tx, order.id, 'cancelled', { kind: 'system', reason: UNPAID_REASON });
      await releaseReservation(platform, tx, { orderReference: order.number }, 'order not paid in time', 'system');
      return true;
    });
    if (cancelled) run.cancelled += 1;
  }
  if (run.cancelled || run.deferred) platform.log.info(run, 'unpaid orders past their deadline');
  return run;
}
