// A payment's status as data: what the gateway's view of the intent means for us, and
// which moves are allowed. Status only moves forward: news that arrives late or out of
// order (a webhook saying "requires payment method" after the authorisation, a slower read
// committing after a faster one) is recorded as nothing, never as a step back.
import type { GatewayIntent } from './gateway/stripe-gateway.ts';
import type { PaymentStatus } from './schema.ts';

/** Where each status may go. A status not listed as a target of the current one is stale news. */
export const TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  pending: ['requires_action', 'authorized', 'captured', 'failed', 'voided'],
  requires_action: ['authorized', 'captured', 'failed', 'voided'],
  // A declined card leaves the intent waiting for another one: the next attempt may still pay.
  failed: ['requires_action', 'authorized', 'captured', 'voided'],
  authorized: ['captured', 'voided'],
  captured: ['partially_refunded', 'refunded'],
  partially_refunded: ['refunded'],
  refunded: [],
  voided: [],
};

/** Settled: nothing more will happen on its own (the reconciliation job leaves it alone). */
export const UNSETTLED: readonly PaymentStatus[] = ['pending', 'requires_action', 'failed'];

export function canMove(from: PaymentStatus, to: PaymentStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** `status` is `mark` or lies beyond it: some chain of moves leads from `mark` to `status`. */
export function isAtOrBeyond(status: PaymentStatus, mark: PaymentStatus): boolean {
  const seen = new Set<PaymentStatus>([mark]);
  for (const at of seen) for (const next of TRANSITIONS[at]) seen.add(next);
  return seen.has(status);
}

/** What the gateway's intent means as our status. */
export function statusOf(intent: GatewayIntent): PaymentStatus {
  switch (intent.status) {
    case 'requires_action':
      return 'requires_action';
    case 'requires_capture':
      return 'authorized';
    case 'canceled':
      return 'voided';
    case 'succeeded': {
      const captured = intent.charge?.amountCaptured ?? intent.amountReceived;
      const refunded = intent.charge?.amountRefunded ?? 0;
      if (refunded === 0) return 'captured';
      return refunded >= captured ? 'refunded' : 'partially_refunded';
    }
    case 'requires_payment_method':
      return intent.lastError ? 'failed' : 'pending';
    default:
      // requires_confirmation, processing: on its way, no outcome yet.
      return 'pending';
  }
}
