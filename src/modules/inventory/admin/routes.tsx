// The merchant's stock pages under /admin/inventory: the stock of every variant, the
// low-stock list, one variant's stock with its forms and ledger, inbound supply, locations
// and settings.
import type { App } from '../../../platform/http/app.ts';
import type { Platform } from '../../../platform/platform.ts';
import { addAdminNavItem } from '../../staff/index.ts';
import { registerListRoutes } from './list-routes.tsx';
import { registerLocationRoutes } from './location-routes.tsx';
import { INVENTORY_PATH } from './pages/parts.tsx';
import { registerSettingsRoutes } from './settings-routes.tsx';
import { registerSupplyRoutes } from './supply-routes.tsx';
import { registerVariantRoutes } from './variant-routes.tsx';

export function registerInventoryAdminRoutes(app: App, platform: Platform): void {
  addAdminNavItem({ label: 'Inventory', href: INVENTORY_PATH, permission: 'catalog.edit', order: 120 });
  registerListRoutes(app, platform);
  registerVariantRoutes(app, platform);
  registerSupplyRoutes(app, platform);
  registerLocationRoutes(app, platform);
  registerSettingsRoutes(app, platform);
}
