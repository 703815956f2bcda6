// The token that lets whoever could see an unpaid order's page act on its payment (open the
// card page, ask for the pay link, ask for a person) and come back from the gateway. It names
// the order and lasts until the payment deadline: after that there is nothing left to pay.
import type { Platform } from '../../../platform/platform.ts';
import { ORDER_PAGE_PREFIX } from '../../orders/index.ts';

const PURPOSE = 'order-pay';

export function payToken(platform: Platform, order: { id: string; paymentDeadline: Date }): string {
  return platform.signer.sign(PURPOSE, { o: order.id }, order.paymentDeadline);
}

export function payTokenOpens(platform: Platform, token: unknown, orderId: string): boolean {
  return typeof token === 'string' && platform.signer.verify<{ o?: unknown }>(PURPOSE, token)?.o === orderId;
}

export const payPath = (number: string, action: 'card' | 'return' | 'later' | 'assist') => `${ORDER_PAGE_PREFIX}/${number}/pay/${action}`;

/** Where the gateway's card page sends the browser back to. */
export function returnUrl(platform: Platform, order: { id: string; number: string; paymentDeadline: Date }): string {
  const url = new URL(payPath(order.number, 'return'), platform.config.baseUrl);
  url.searchParams.set('t', payToken(platform, order));
  return url.href;
}
