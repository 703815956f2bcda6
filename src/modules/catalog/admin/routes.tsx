// The merchant's catalogue admin: products and collections. (The CSV import page is its own
// area.) Every page needs a staff member with the catalog.edit permission.
import type { App } from '../../../platform/http/app.ts';
import type { Platform } from '../../../platform/platform.ts';
import { addAdminNavItem } from '../../staff/index.ts';
import { registerCollectionAdminRoutes } from './collections/routes.tsx';
import { registerProductAdminRoutes } from './products/routes.tsx';

export function registerCatalogAdminRoutes(app: App, platform: Platform): void {
  addAdminNavItem({ label: 'Products', href: '/admin/products', permission: 'catalog.edit', order: 100 });
  addAdminNavItem({ label: 'Collections', href: '/admin/collections', permission: 'catalog.edit', order: 110 });
  registerProductAdminRoutes(app, platform);
  registerCollectionAdminRoutes(app, platform);
}
