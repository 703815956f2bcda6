// How a cart line's availability reads to a shopper, from the inventory module's figures.
import type { Availability } from '../inventory/index.ts';

export type AvailabilityTone = 'in-stock' | 'backorder' | 'out-of-stock';

export interface AvailabilityLabel {
  text: string;
  tone: AvailabilityTone;
}

function leadTime(days: number | null): string {
  return days ? ` — ships in about ${days} business ${days === 1 ? 'day' : 'days'}` : '';
}

export function availabilityLabel(availability: Availability): AvailabilityLabel {
  switch (availability.state) {
    case 'in_stock':
      return { text: 'In stock', tone: 'in-stock' };
    case 'low_stock':
      return { text: `Only ${availability.available ?? 0} left`, tone: 'in-stock' };
    case 'backorder':
      return { text: `On backorder${leadTime(availability.leadTimeDays)}`, tone: 'backorder' };
    case 'preorder':
      return { text: availability.releaseDate ? `Pre-order — released ${availability.releaseDate}` : 'Pre-order', tone: 'backorder' };
    case 'made_to_order':
      return { text: `Made to order${leadTime(availability.leadTimeDays)}`, tone: 'backorder' };
    case 'out_of_stock':
      return { text: 'Sold out', tone: 'out-of-stock' };
  }
}
