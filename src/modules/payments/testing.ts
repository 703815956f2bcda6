// For tests and benchmarks: which gateway a store runs, the simulator's address (its
// control API and charges ledger), and paying an order's intent with one of Stripe's test
// payment methods (pm_card_visa, pm_card_chargeDeclined, …) without a browser.
import type { Platform } from '../../platform/platform.ts';
import { CardDeclined, PaymentNotAllowed } from './errors.ts';
import type { CircuitStatus, ResilienceOptions } from './gateway/resilience.ts';
import { paymentsRunning, runtimeOf, type GatewayMode } from './gateway/runtime.ts';
import { IdempotencyConflict, StripeGateway } from './gateway/stripe-gateway.ts';
import { ensureIntent } from './operations.ts';
import type { SimulatorAddress } from './simulator/control-client.ts';
import type { GatewaySimulator } from './simulator/server.ts';
import { syncPayment, type PaymentChange } from './sync.ts';

export interface GatewayInfo {
  mode: GatewayMode;
  /** Where a simulator answers (embedded or standalone); null with Stripe. */
  simulator: SimulatorAddress | null;
  /** The simulator running inside this store, when it is the embedded one. */
  embedded: GatewaySimulator | null;
}

export function paymentsGateway(platform: Platform): GatewayInfo {
  const runtime = runtimeOf(platform);
  return { mode: runtime.mode, simulator: runtime.simulator, embedded: runtime.embedded };
}

/** The gateway's circuit breaker as this process sees it; closed before the module started. */
export function gatewayCircuit(platform: Platform): { status: CircuitStatus; retryAt: Date | null } {
  return paymentsRunning(platform) ? runtimeOf(platform).gateway.circuit() : { status: 'closed', retryAt: null };
}

/** Rebuilds the store's gateway adapter with other retry and breaker timings (tests: short pauses). */
export function tuneGatewayResilience(platform: Platform, resilience: ResilienceOptions): void {
  const runtime = runtimeOf(platform);
  runtime.gateway = new StripeGateway({ ...runtime.connection, resilience });
}

/**
 * Confirms the order's intent with a test payment method, as the hosted card page does, and
 * records the outcome (source 'api'). A decline is recorded, then thrown as CardDeclined.
 */
export async function payWithTestMethod(platform: Platform, orderId: string, paymentMethod: string): Promise<PaymentChange> {
  const payment = await ensureIntent(platform, orderId);
  try {
    await runtimeOf(platform).gateway.confirmIntent(payment.intentId!, paymentMethod, `${orderId}:confirm:${payment.attempts + 1}`);
  } catch (error) {
    if (error instanceof CardDeclined || error instanceof IdempotencyConflict) await syncPayment(platform, orderId, 'api');
    // Someone else confirmed with this attempt's key at the same moment (another card): theirs counts.
    if (error instanceof IdempotencyConflict) throw new PaymentNotAllowed('payment_intent_unexpected_state', 'This payment is being confirmed by someone else.');
    throw error;
  }
  return syncPayment(platform, orderId, 'api');
}
