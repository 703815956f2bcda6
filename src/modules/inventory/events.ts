// The domain events the inventory module emits. Payloads carry ids only.
import { defineEvent } from '../../platform/events/events.ts';

/** On-hand, reserved or policy of these variants changed. */
export const stockChanged = defineEvent<{ variantIds: string[] }>('stock.changed');

/** Cache tag of everything rendered from stock figures. */
export const STOCK_CACHE_TAG = 'stock';

/** Open "email me when it's back" requests for a variant were answered: it is back in stock. */
export const stockBackInStock = defineEvent<{ variantId: string; requestIds: string[] }>('stock.back_in_stock');
