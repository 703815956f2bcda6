// Every page of the orders module, and its entry in the admin navigation.
import type { App } from '../../../platform/http/app.ts';
import type { Platform } from '../../../platform/platform.ts';
import { addAdminNavItem } from '../../staff/index.ts';
import { registerAdminOrderRoutes } from './admin-routes.tsx';
import { ADMIN_ORDERS_PATH } from './AdminOrdersPage.tsx';
import { registerCustomerOrderRoutes } from './customer-routes.tsx';

export function registerOrderRoutes(app: App, platform: Platform): void {
  addAdminNavItem({ label: 'Orders', href: ADMIN_ORDERS_PATH, permission: 'orders.view', order: 10 });
  registerCustomerOrderRoutes(app, platform);
  registerAdminOrderRoutes(app, platform);
}
