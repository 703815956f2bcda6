// The inventory module's public face: stock per location with its ledger, selling policies,
// checkout reservations (the one place stock is locked), inbound supply, and the delivery
// promise every page shows.
import type { Module } from '../../platform/module.ts';
import { registerInventoryAdminRoutes } from './admin/routes.tsx';
import { registerAvailabilityApi } from './api/routes.ts';
import { registerBackInStock } from './back-in-stock/register.ts';
import { registerWarehouseRoutes } from './bulk/register.ts';
import { RELEASE_EXPIRED_CRON, RELEASE_EXPIRED_JOB, releaseExpiredNow } from './expiry.ts';
import { openStockTopics } from './live.ts';

export { DeliveryPromiseJson, deliveryPromiseJson } from './api/promise-json.ts';
export { availabilityFrom, availabilityOf, canOrder, readStockFigures, type Availability, type AvailabilityState, type StockFigures } from './availability.ts';
export { STOCK_ALERTS_API_PATH } from './back-in-stock/routes.tsx';
export { STOCK_ALERTS_PATH } from './back-in-stock/pages.tsx';
export { lastAnsweredStockAlert, stockAlertsByIds, type StockAlert } from './back-in-stock/requests.ts';
export { loadDemoStock } from './demo.ts';
export { STOCK_CACHE_TAG, stockBackInStock, stockChanged } from './events.ts';
export { listLocations, type StockLocation } from './locations.ts';
export { deliveryPromise, type DeliveryPromise, type DeliveryPromiseInput, type InboundSupply } from './promise.ts';
export { promiseDatesNote } from './promise-note.ts';
export { promisesFor, type LinePromise, type PromiseAnswer, type PromiseLine, type PromiseOptions } from './promise-for.ts';
export {
  allocateReservation,
  extendReservation,
  holdCovers,
  holdRanOut,
  liveReservation,
  markReservationSold,
  MAX_UNITS_PER_LINE,
  releaseReservation,
  reserve,
  ReservationError,
  allocatedLines,
  shipReservation,
  type AllocatedLine,
  type ParcelUnits,
  type Reservation,
  type ReserveLine,
  type ReserveResult,
  type Shortage,
} from './reservations.ts';
export { restockOutlook, type RestockOutlook } from './restock.ts';
export { STOCK_POLICIES, type StockPolicy } from './schema.ts';
export { readInventorySettings, type InventorySettings } from './settings.ts';
export { setStock, type StockSetting } from './stock.ts';
export { provideVariantDirectory, type VariantDirectory, type VariantLabel } from './variant-directory.ts';

export const inventoryModule: Module = {
  name: 'inventory',
  register(app, platform) {
    platform.jobs.schedule(RELEASE_EXPIRED_JOB, RELEASE_EXPIRED_CRON, () => releaseExpiredNow(platform));
    registerInventoryAdminRoutes(app, platform);
    openStockTopics(platform);
    registerAvailabilityApi(app, platform);
    registerBackInStock(app, platform);
    registerWarehouseRoutes(app, platform);
  },
  async ready(platform) {
    // Holds that ran out while the store was down go back on sale before the first shopper.
    await releaseExpiredNow(platform);
  },
};
