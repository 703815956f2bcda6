// A cart line's availability in a few words, without dates, from the inventory module's
// figures (the JSON API's `availability.label`; pages show the dated delivery promise).
import type { Availability } from '../inventory/index.ts';

export interface AvailabilityLabel {
  text: string;
}

function leadTime(days: number | null): string {
  return days ? ` — ships in about ${days} business ${days === 1 ? 'day' : 'days'}` : '';
}

export function availabilityLabel(availability: Availability): AvailabilityLabel {
  switch (availability.state) {
    case 'in_stock':
      return { text: 'In stock' };
    case 'low_stock':
      return { text: `Only ${availability.available ?? 0} left` };
    case 'backorder':
      return { text: `On backorder${leadTime(availability.leadTimeDays)}` };
    case 'preorder':
      return { text: availability.releaseDate ? `Pre-order — released ${availability.releaseDate}` : 'Pre-order' };
    case 'made_to_order':
      return { text: `Made to order${leadTime(availability.leadTimeDays)}` };
    case 'out_of_stock':
      return { text: 'Sold out' };
  }
}
