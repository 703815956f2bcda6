// The cart's limits, in one place so the API schemas, the forms and the services agree.

/** Units of one variant on one line. */
export const MAX_QUANTITY = 99;
/** Different variants in one cart. */
export const MAX_LINES = 100;
/** A guest cart is kept this long after its last change. */
export const CART_TTL_MS = 30 * 24 * 3600 * 1000;

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function expiryFrom(now: Date): Date {
  return new Date(now.getTime() + CART_TTL_MS);
}
