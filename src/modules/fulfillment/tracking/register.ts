// Wires order tracking into the store: the parcels on the customer's and the staff's order
// pages, the order's delivery estimate from its parcels, finding an order by tracking number
// and the parcel count in the staff order list, the counted tracking-link redirect, and the
// where-is-my-order report with its navigation entry.
import type { App } from '../../../platform/http/app.ts';
import type { Platform } from '../../../platform/platform.ts';
import { registerDeliveryEstimate, registerOrderFinder, registerOrderListColumn, registerOrderPageSection, registerStaffOrderSection } from '../../orders/index.ts';
import { addAdminNavItem } from '../../staff/index.ts';
import { estimateWithParcels } from './estimate.ts';
import { orderTracking } from './load.ts';
import { ordersOfTrackingNumber, parcelCounts } from './search.ts';
import { customerParcels, staffParcels } from './sections.tsx';
import { registerTrackingRoutes } from './routes.tsx';
import { WISMO_PATH } from './WismoPage.tsx';

export function registerTrackingSections(app: App, platform: Platform): void {
  registerOrderPageSection(platform, (ctx) => customerParcels(ctx));
  registerStaffOrderSection(platform, (ctx) => staffParcels(ctx));
  registerDeliveryEstimate(platform, async (order, current, db) => estimateWithParcels(order, (await orderTracking(platform, order, db)).parcels, current));
  registerOrderFinder(platform, ordersOfTrackingNumber);
  registerOrderListColumn(platform, { heading: 'Parcels', cells: parcelCounts, empty: '0' });
  registerTrackingRoutes(app, platform);
  addAdminNavItem({ label: 'Where is my order?', href: WISMO_PATH, permission: 'orders.view', order: 11 });
}
