// The payment gateway adapter, on Stripe's official SDK. The same code talks to Stripe
// itself or, with host/port/protocol pointed elsewhere, to the gateway simulator, so the
// simulator exercises exactly what production runs. Every mutating call carries the
// caller's idempotency key (`<orderId>:<operation>:<attempt>`); retries reuse it, so a
// call whose answer was lost is replayed by the gateway instead of done twice.
import Stripe from 'stripe';
import { CardDeclined, GatewayUnavailable, PaymentNotAllowed } from '../errors.ts';
import { DEFAULT_RESILIENCE, Resilience, type CircuitStatus, type ResilienceOptions } from './resilience.ts';

export interface GatewayConnection {
  secretKey: string;
  /** Base URL of a simulator or Stripe-compatible API; undefined: Stripe itself. */
  url: string | undefined;
  timeoutMs: number;
  resilience?: ResilienceOptions;
  /** Hears the circuit breaker open and close (the status page and checkout follow it). */
  onCircuitChange?: (status: 'open' | 'closed') => void;
}

/** A PaymentIntent as the payments module needs it. */
export interface GatewayIntent {
  id: string;
  clientSecret: string;
  /** Stripe's status: requires_payment_method, requires_action, requires_capture, succeeded, canceled, … */
  status: string;
  amount: number;
  amountCapturable: number;
  amountReceived: number;
  currency: string;
  orderId: string | null;
  /** The last failed attempt, when the intent waits for another payment method. */
  lastError: { code: string; declineCode: string | null; message: string; attemptRef: string | null } | null;
  /** The latest charge (attempt) and its captured and refunded amounts, when there is one. */
  charge: { id: string; paid: boolean; amountCaptured: number; amountRefunded: number } | null;
}

export interface GatewayRefund {
  id: string;
  amount: number;
}

/** Refusals that come from the payment's state, not from a mistake in the call. */
const STATE_CODES = ['payment_intent_unexpected_state', 'charge_already_refunded', 'charge_not_refundable', 'amount_too_large'];

/** Why a call failed, from the SDK's error. */
function classify(error: unknown): 'declined' | 'unknown-outcome' | 'not-sent' | 'rate-limited' | 'idempotency' | 'state' | 'other' {
  if (error instanceof Stripe.errors.StripeCardError) return 'declined';
  if (error instanceof Stripe.errors.StripeIdempotencyError) return 'idempotency';
  if (error instanceof Stripe.errors.StripeRateLimitError) return 'rate-limited';
  if (error instanceof Stripe.errors.StripeConnectionError) {
    // Refused or unresolvable: the request never left. Anything else (timeout, reset): it may have arrived.
    const code = (error.detail as { code?: string } | undefined)?.code;
    return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'not-sent' : 'unknown-outcome';
  }
  if (error instanceof Stripe.errors.StripeAPIError && (error.statusCode ?? 500) >= 500) return 'unknown-outcome';
  if (error instanceof Stripe.errors.StripeInvalidRequestError && STATE_CODES.includes(error.code ?? '')) return 'state';
  return 'other';
}

/** Timeouts, dropped connections, 5xx and rate limits are worth another try; a decline or a refusal is not. */
export function isTransient(error: unknown): boolean {
  const kind = classify(error);
  return kind === 'unknown-outcome' || kind === 'not-sent' || kind === 'rate-limited';
}

/** An idempotency key used with other parameters than the first time. */
export class IdempotencyConflict extends Error {
  override name = 'IdempotencyConflict';
}

function toIntent(intent: Stripe.PaymentIntent): GatewayIntent {
  const error = intent.last_payment_error;
  const charge = typeof intent.latest_charge === 'object' && intent.latest_charge ? intent.latest_charge : null;
  return {
    id: intent.id,
    clientSecret: intent.client_secret ?? '',
    status: intent.status,
    amount: intent.amount,
    amountCapturable: intent.amount_capturable,
    amountReceived: intent.amount_received,
    currency: intent.currency,
    orderId: intent.metadata?.order_id ?? null,
    lastError: error
      ? {
          code: error.code ?? 'unknown',
          declineCode: error.decline_code ?? null,
          message: error.message ?? '',
          attemptRef: (typeof error.charge === 'string' ? error.charge : null) ?? error.payment_method?.id ?? null,
        }
      : null,
    charge: charge ? { id: charge.id, paid: charge.paid, amountCaptured: charge.amount_captured, amountRefunded: charge.amount_refunded } : null,
  };
}

export class StripeGateway {
  readonly #stripe: Stripe;
  readonly #resilience: Resilience;

  constructor(connection: GatewayConnection) {
    const target = connection.url ? new URL(connection.url) : undefined;
    this.#stripe = new Stripe(connection.secretKey, {
      // Retries are ours (same key, backoff, breaker), not the SDK's.
      maxNetworkRetries: 0,
      timeout: connection.timeoutMs,
      telemetry: false,
      appInfo: { name: 'Doorstep' },
      ...(target
        ? {
            host: target.hostname,
            port: target.port || (target.protocol === 'https:' ? '443' : '80'),
            protocol: target.protocol === 'https:' ? 'https' : 'http',
          }
        : {}),
    });
    this.#resilience = new Resilience(isTransient, connection.resilience ?? DEFAULT_RESILIENCE, connection.onCircuitChange);
  }

  circuit(): { status: CircuitStatus; retryAt: Date | null } {
    return this.#resilience.circuit();
  }

  /** Runs one SDK call under the retry and breaker policies and turns its failure into our errors. */
  async #call<T>(what: string, mutation: boolean, call: () => Promise<T>): Promise<T> {
    try {
      return await this.#resilience.execute(call);
    } catch (error) {
      switch (classify(error)) {
        case 'declined': {
          const e = error as Stripe.errors.StripeCardError;
          throw new CardDeclined(e.code ?? 'card_declined', e.decline_code ?? null, e.message);
        }
        case 'unknown-outcome':
          throw new GatewayUnavailable(`The payment gateway did not answer (${what})`, { outcomeUnknown: mutation, cause: error });
        case 'not-sent':
        case 'rate-limited':
          throw new GatewayUnavailable(`The payment gateway could not be reached (${what})`, { outcomeUnknown: false, cause: error });
        case 'idempotency':
          throw new IdempotencyConflict((error as Error).message);
        case 'state': {
          const e = error as Stripe.errors.StripeInvalidRequestError;
          throw new PaymentNotAllowed(e.code ?? 'unexpected_state', e.message);
        }
        default:
          throw error;
      }
    }
  }

  createIntent(input: { orderId: string; amount: number; currency: string; captureMethod: 'manual' | 'automatic' }, idempotencyKey: string): Promise<GatewayIntent> {
    return this.#call('create payment', true, async () =>
      toIntent(
        await this.#stripe.paymentIntents.create(
          {
            amount: input.amount,
            currency: input.currency.toLowerCase(),
            capture_method: input.captureMethod,
            metadata: { order_id: input.orderId },
            automatic_payment_methods: { enabled: true },
          },
          { idempotencyKey },
        ),
      ),
    );
  }

  retrieveIntent(intentId: string): Promise<GatewayIntent> {
    return this.#call('read payment', false, async () => toIntent(await this.#stripe.paymentIntents.retrieve(intentId, { expand: ['latest_charge'] })));
  }

  /** Confirms with a saved or test payment method (no card data passes here). */
  confirmIntent(intentId: string, paymentMethod: string, idempotencyKey: string): Promise<GatewayIntent> {
    return this.#call('confirm payment', true, async () =>
      toIntent(await this.#stripe.paymentIntents.confirm(intentId, { payment_method: paymentMethod, expand: ['latest_charge'] }, { idempotencyKey })),
    );
  }

  captureIntent(intentId: string, amount: number | undefined, idempotencyKey: string): Promise<GatewayIntent> {
    return this.#call('capture payment', true, async () =>
      toIntent(await this.#stripe.paymentIntents.capture(intentId, { ...(amount !== undefined ? { amount_to_capture: amount } : {}), expand: ['latest_charge'] }, { idempotencyKey })),
    );
  }

  cancelIntent(intentId: string, idempotencyKey: string): Promise<GatewayIntent> {
    return this.#call('void payment', true, async () => toIntent(await this.#stripe.paymentIntents.cancel(intentId, { expand: ['latest_charge'] }, { idempotencyKey })));
  }

  /** `reason` is the merchant's note, kept in the refund's metadata. */
  refund(input: { intentId: string; orderId: string; amount: number; reason: string }, idempotencyKey: string): Promise<GatewayRefund> {
    return this.#call('refund payment', true, async () => {
      const refund = await this.#stripe.refunds.create(
        { payment_intent: input.intentId, amount: input.amount, reason: 'requested_by_customer', metadata: { order_id: input.orderId, reason: input.reason } },
        { idempotencyKey },
      );
      return { id: refund.id, amount: refund.amount };
    });
  }

  /** The intent's refunds, newest first (at most 100: far beyond what one order sees). */
  listRefunds(intentId: string): Promise<GatewayRefund[]> {
    return this.#call('list refunds', false, async () => {
      const list = await this.#stripe.refunds.list({ payment_intent: intentId, limit: 100 });
      return list.data.map((refund) => ({ id: refund.id, amount: refund.amount }));
    });
  }
}
