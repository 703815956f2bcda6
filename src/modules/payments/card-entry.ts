// Where the card is typed: never on the store's own pages. With the simulator it is its
// hosted card page; with Stripe, the store's page mounts Stripe's Payment Element with the
// intent's client secret and the publishable key.
import type { Platform } from '../../platform/platform.ts';
import { runtimeOf } from './gateway/runtime.ts';
import type { PaymentRecord } from './records.ts';

/**
 * The simulator's hosted card page for this payment, sending the browser back to
 * `returnUrl` with ?payment_intent=…&redirect_status=succeeded|failed; null with Stripe
 * (or when the payment has no intent yet: call ensureIntent first).
 */
export function hostedCardPageUrl(platform: Platform, payment: PaymentRecord, returnUrl: string): string | null {
  const { simulator } = runtimeOf(platform);
  if (!simulator || !payment.intentId || !payment.clientSecret) return null;
  const url = new URL(`/pay/${encodeURIComponent(payment.intentId)}`, simulator.url);
  url.searchParams.set('client_secret', payment.clientSecret);
  url.searchParams.set('return_url', returnUrl);
  return url.toString();
}

/** Stripe's publishable key for the Payment Element; null with the simulator. */
export function publishableKey(platform: Platform): string | null {
  return runtimeOf(platform).publishableKey;
}
