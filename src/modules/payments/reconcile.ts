// The reconciliation job: every minute, payments whose outcome is not known yet (no intent
// recorded, waiting for the card or for 3-D Secure, declined and waiting for another card)
// and that nobody looked at for a minute are read back from the gateway. A payment whose
// create never got an answer gets its intent by the same idempotency key, so a lost create
// is found, not repeated. While the gateway is down the run stops early and the next one
// tries again.
import type { Platform } from '../../platform/platform.ts';
import { GatewayUnavailable } from './errors.ts';
import { paymentsRunning } from './gateway/runtime.ts';
import { ensureIntent } from './operations.ts';
import { unsettledPayments } from './records.ts';
import { syncPayment } from './sync.ts';

export const RECONCILE_QUEUE = 'payments.reconcile';
const QUIET_MS = 60_000;
const BATCH = 100;

export interface ReconcileResult {
  checked: number;
  changed: number;
  /** True when the gateway stopped answering and the run ended early. */
  interrupted: boolean;
}

/** One reconciliation run over payments quiet for `quietMs` (the job uses a minute). */
export async function reconcilePayments(platform: Platform, quietMs = QUIET_MS): Promise<ReconcileResult> {
  const result: ReconcileResult = { checked: 0, changed: 0, interrupted: false };
  // A run that starts while the store stops has no gateway to ask; the next store's run will.
  if (!paymentsRunning(platform)) return { ...result, interrupted: true };
  for (const payment of await unsettledPayments(platform.database.db, quietMs, BATCH)) {
    try {
      if (payment.intentId) {
        const { after } = await syncPayment(platform, payment.orderId, 'reconcile');
        if (after.status !== payment.status) result.changed++;
      } else {
        await ensureIntent(platform, payment.orderId);
      }
      result.checked++;
    } catch (error) {
      if (error instanceof GatewayUnavailable) {
        platform.log.warn({ orderId: payment.orderId, err: { message: error.message } }, 'payment reconciliation paused: the gateway is unavailable');
        result.interrupted = true;
        break;
      }
      // One broken payment must not stop the others; the job's log names it.
      platform.log.error({ orderId: payment.orderId, err: error }, 'payment reconciliation failed for one payment');
    }
  }
  return result;
}

export function scheduleReconciliation(platform: Platform): void {
  platform.jobs.schedule(RECONCILE_QUEUE, '* * * * *', async () => {
    await reconcilePayments(platform);
  }, { retryLimit: 0 });
}
