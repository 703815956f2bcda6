// How much of a variant a shopper may add from the product page. What the page promises
// about getting it (state, dates, words) is the inventory module's delivery promise.
import type { Availability } from '../../inventory/index.ts';

/** The most a shopper may add at once, whatever the stock. */
export const MAX_QUANTITY_PER_ADD = 99;

export function canBuy(availability: Availability): boolean {
  return availability.maxOrderable === null || availability.maxOrderable > 0;
}

export function maxQuantity(availability: Availability): number {
  return Math.min(MAX_QUANTITY_PER_ADD, availability.maxOrderable ?? MAX_QUANTITY_PER_ADD);
}
