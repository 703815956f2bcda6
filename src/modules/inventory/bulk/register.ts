// Warehouse integration: the batch and levels API and the stock file upload in the admin.
import type { App } from '../../../platform/http/app.ts';
import type { Platform } from '../../../platform/platform.ts';
import { registerStockImportRoutes } from './admin.tsx';
import { registerBulkStockApi } from './api.ts';

export function registerWarehouseRoutes(app: App, platform: Platform): void {
  registerBulkStockApi(app, platform);
  registerStockImportRoutes(app, platform);
}
