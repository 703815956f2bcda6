// The signed link to an order's status page, as sent in every order email and shown on the
// confirmation: whoever holds it sees that one order, without an account. It binds the order's
// id (not its number) and the purpose 'order', so it opens nothing else.
import type { Platform } from '../../platform/platform.ts';

const PURPOSE = 'order';
/** Long enough for a return or a warranty question a year on; the lookup form covers the rest. */
const LINK_LIFETIME_MS = 400 * 24 * 60 * 60 * 1000;

export const ORDER_PAGE_PREFIX = '/orders';

/** The order page's path with a fresh token, for redirects within the site. */
export function orderPagePath(platform: Platform, order: { id: string; number: string }): string {
  const token = platform.signer.sign(PURPOSE, { o: order.id }, new Date(platform.clock.now().getTime() + LINK_LIFETIME_MS));
  return `${ORDER_PAGE_PREFIX}/${order.number}?t=${encodeURIComponent(token)}`;
}

/** Absolute signed link to the order's status page, for emails and the confirmation. */
export function orderPageUrl(platform: Platform, order: { id: string; number: string }): string {
  return new URL(orderPagePath(platform, order), platform.config.baseUrl).href;
}

/** True when the token is a valid, unexpired order link for this order. */
export function linkOpensOrder(platform: Platform, token: string, orderId: string): boolean {
  return platform.signer.verify<{ o?: unknown }>(PURPOSE, token)?.o === orderId;
}
