// The payments module's public face. It knows an order only by its id and amount: the
// checkout opens the order's payment in its own transaction (openPayment), asks for the
// intent (ensureIntent), sends the customer to the card entry (hostedCardPageUrl or
// Stripe's Payment Element), and learns the outcome through syncPayment, the webhook or
// the reconciliation job, all of which run the one handler registered with onPaymentChange.
import type { App } from '../../platform/http/app.ts';
import type { Module } from '../../platform/module.ts';
import type { Platform } from '../../platform/platform.ts';
import { registerGatewayAdminRoutes } from './admin/routes.tsx';
import { startPaymentsRuntime, stopPaymentsRuntime } from './gateway/runtime.ts';
import { reconcilePayments, scheduleReconciliation } from './reconcile.ts';
import { paymentsGateway } from './testing.ts';
import { registerWebhookRoute } from './webhook-route.ts';

export { CardDeclined, GatewayUnavailable, PaymentNotAllowed, WebhookRejected, customerMessageFor } from './errors.ts';
export { paymentAuthorized, paymentCaptured, paymentFailed, paymentRefunded, paymentVoided } from './events.ts';
export { hostedCardPageUrl, publishableKey } from './card-entry.ts';
export { capturePayment, ensureIntent, refundPayment, voidPayment } from './operations.ts';
export { PaymentNotFound, openPayment, paymentOf, unsettledPayments, type PaymentRecord } from './records.ts';
export { reconcilePayments, type ReconcileResult } from './reconcile.ts';
export { PAYMENT_STATUSES, type PaymentStatus, type SyncSource } from './schema.ts';
export { onPaymentChange, syncPayment, type PaymentChange, type PaymentChangeHandler } from './sync.ts';
export { verifyWebhook, WEBHOOK_PATH } from './webhook-route.ts';
export { payWithTestMethod, paymentsGateway, tuneGatewayResilience, type GatewayInfo } from './testing.ts';
export type { CircuitStatus, ResilienceOptions } from './gateway/resilience.ts';
export { onGatewayCircuitChange, type CircuitListener } from './gateway/circuit-watch.ts';
export { gatewayCircuit } from './testing.ts';
export { startSimulator, type GatewaySimulator, type SimulatorOptions } from './simulator/server.ts';
export { readCharges, readFaults, writeFaults, type SimulatorAddress } from './simulator/control-client.ts';
export type { Faults, FaultsPatch } from './simulator/faults.ts';
export type { LedgerCharge } from './simulator/ledger.ts';

/** Each store's app, kept from register() for ready(): the embedded simulator delivers its webhooks to it. */
const apps = new WeakMap<Platform, App>();
/** The reconciliation pass started with the store, awaited before the gateway stops. */
const startupPasses = new WeakMap<Platform, Promise<unknown>>();

export const paymentsModule: Module = {
  name: 'payments',
  register(app, platform) {
    apps.set(platform, app);
    registerWebhookRoute(app, platform);
    registerGatewayAdminRoutes(app, platform);
    scheduleReconciliation(platform);
    // Stops the embedded simulator with the store (app.close() runs in store.stop()).
    app.addHook('onClose', async () => {
      await startupPasses.get(platform);
      await stopPaymentsRuntime(platform);
    });
  },
  async ready(platform) {
    const app = apps.get(platform);
    if (!app) throw new Error('The payments module was not registered with this store');
    await startPaymentsRuntime(platform, app);
    // The card is typed on the gateway's side: its page (simulator) or Stripe's script and frames.
    const { mode, simulator } = paymentsGateway(platform);
    if (simulator) app.allowOrigin('form-action', simulator.url);
    if (mode.kind === 'stripe') {
      app.allowOrigin('script-src', 'https://js.stripe.com');
      app.allowOrigin('frame-src', 'https://js.stripe.com');
      app.allowOrigin('frame-src', 'https://hooks.stripe.com');
      app.allowOrigin('connect-src', 'https://api.stripe.com');
    }
    // After a crash or a restart, every unsettled payment is asked about at once rather than
    // after the job's quiet minute (by the process that runs jobs).
    if (platform.config.worker) {
      startupPasses.set(
        platform,
        reconcilePayments(platform, 0).catch((error: unknown) => platform.log.error({ err: error }, 'payment reconciliation at start failed')),
      );
    }
  },
};
