// The inventory module's public face. This first slice keeps on-hand per variant at one
// (default) location with a selling policy; reservations, locations and the delivery
// promise grow here.
import type { Module } from '../../platform/module.ts';

export { availabilityOf, canOrder, type Availability, type AvailabilityState } from './availability.ts';
export { STOCK_CACHE_TAG, stockChanged } from './events.ts';
export { deliveryPromise, type DeliveryPromise, type DeliveryPromiseInput, type InboundSupply } from './promise.ts';
export { STOCK_POLICIES, type StockPolicy } from './schema.ts';
export { setStock, type StockSetting } from './stock.ts';

export const inventoryModule: Module = {
  name: 'inventory',
  register() {},
};
