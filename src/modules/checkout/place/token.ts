// The one-time token the "Place order" form carries: it names the cart and the version of
// the checkout draft the shopper was shown, signed so it cannot be made up. An order placed
// with it is the one on the page: a draft changed since (another tab) no longer matches.
import type { Platform } from '../../../platform/platform.ts';

const PURPOSE = 'place-order';
/** Long enough for a slow shopper; the stock hold is the tighter limit. */
const TOKEN_TTL_MS = 2 * 60 * 60 * 1000;

export interface PlaceOrderClaim {
  cartId: string;
  /** The draft version the form was shown with (0: no draft saved yet). */
  version: number;
}

/** `version`: of the draft the page or answer shows (0: none saved yet). */
export function placeOrderToken(platform: Platform, cartId: string, version: number): string {
  return platform.signer.sign(PURPOSE, { cart: cartId, v: version }, new Date(platform.clock.now().getTime() + TOKEN_TTL_MS));
}

/** The cart and draft version a token was made for; null when it is forged, garbled or expired. */
export function verifyPlaceOrderToken(platform: Platform, token: string): PlaceOrderClaim | null {
  const claim = platform.signer.verify<{ cart?: unknown; v?: unknown }>(PURPOSE, token);
  if (!claim || typeof claim.cart !== 'string' || typeof claim.v !== 'number') return null;
  return { cartId: claim.cart, version: claim.v };
}
