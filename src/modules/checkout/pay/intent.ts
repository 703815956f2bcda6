// Asking the gateway for an order's payment intent when not answering is no error for the
// caller: the order stands, payment pending, and the pay page or a later run asks again.
import type { Platform } from '../../../platform/platform.ts';
import { ensureIntent, GatewayUnavailable } from '../../payments/index.ts';

/** Creates the order's payment intent; false when the gateway is out (the order stands, the pay page retries). */
export async function askForIntent(platform: Platform, orderId: string): Promise<boolean> {
  try {
    await ensureIntent(platform, orderId);
    return true;
  } catch (error) {
    if (error instanceof GatewayUnavailable) {
      platform.log.warn({ orderId, err: error.message }, 'payment gateway unavailable for a placed order; it stays payment pending');
      return false;
    }
    throw error;
  }
}
