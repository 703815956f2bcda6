// What the product page tells a shopper about getting a variant, from inventory's
// availability. This is the delivery-estimate slot's content: today the state in words;
// the inventory module's delivery dates will fill the detail line.
import type { Availability } from '../../inventory/index.ts';
import type { DeliveryPromise } from '../../../web/islands/product-buy-box.tsx';

/** The most a shopper may add at once, whatever the stock. */
export const MAX_QUANTITY_PER_ADD = 99;

export function canBuy(availability: Availability): boolean {
  return availability.maxOrderable === null || availability.maxOrderable > 0;
}

export function maxQuantity(availability: Availability): number {
  return Math.min(MAX_QUANTITY_PER_ADD, availability.maxOrderable ?? MAX_QUANTITY_PER_ADD);
}

function days(n: number): string {
  return n === 1 ? '1 business day' : `${n} business days`;
}

export function deliveryPromiseOf(availability: Availability, locale: string): DeliveryPromise {
  switch (availability.state) {
    case 'in_stock':
      return { tone: 'good', headline: 'In stock' };
    case 'low_stock':
      return { tone: 'low', headline: `Only ${availability.available} left`, detail: 'In stock now; order soon.' };
    case 'backorder':
      return {
        tone: 'later',
        headline: 'Backordered',
        detail: availability.leadTimeDays
          ? `Order now: it ships in about ${days(availability.leadTimeDays)}, when it is back in stock.`
          : 'Order now: it ships as soon as it is back in stock.',
      };
    case 'preorder':
      return {
        tone: 'later',
        headline: 'Pre-order',
        detail: availability.releaseDate
          ? `Order now: it is released on ${new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${availability.releaseDate}T00:00:00Z`))}.`
          : 'Order now: it ships when it is released.',
      };
    case 'made_to_order':
      return {
        tone: 'later',
        headline: 'Made to order',
        detail: availability.leadTimeDays ? `Made for you in about ${days(availability.leadTimeDays)}.` : 'Made for you once you order.',
      };
    case 'out_of_stock':
      return { tone: 'none', headline: 'Sold out' };
  }
}
