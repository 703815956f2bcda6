// Wires the merchant's fulfillment console into the store: its entry in the admin navigation
// (for staff who may fulfil orders) and its pages under /admin/fulfillment.
import type { App } from '../../../platform/http/app.ts';
import type { Platform } from '../../../platform/platform.ts';
import { addAdminNavItem } from '../../staff/index.ts';
import { FULFILLMENT_PATH } from './pages/parts.tsx';
import { registerConsoleRoutes } from './routes.tsx';

export function registerFulfillmentConsole(app: App, platform: Platform): void {
  addAdminNavItem({ label: 'Fulfillment', href: FULFILLMENT_PATH, permission: 'orders.fulfill', order: 15 });
  registerConsoleRoutes(app, platform);
}
