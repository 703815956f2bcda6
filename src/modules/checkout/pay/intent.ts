// Asking the gateway for an order's payment intent when not answering is no error for the
// caller: the order stands, payment pending, and the pay page or a later run asks again.
import type { Platform } from '../../../platform/platform.ts';
import { ensureIntent, GatewayUnavailable, type PaymentRecord } from '../../payments/index.ts';

/**
 * Creates the order's payment intent and answers the payment with it; null when the gateway is
 * out (the order stands, the pay page retries). `opened`: the payment just opened, not read again.
 */
export async function askForIntent(platform: Platform, orderId: string, opened?: PaymentRecord): Promise<PaymentRecord | null> {
  try {
    return await ensureIntent(platform, orderId, opened);
  } catch (error) {
    if (error instanceof GatewayUnavailable) {
      platform.log.warn({ orderId, err: error.message }, 'payment gateway unavailable for a placed order; it stays payment pending');
      return null;
    }
    throw error;
  }
}
