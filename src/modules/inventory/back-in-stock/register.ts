// "Email me when it's back": the requests (form, page and JSON) and the handler that answers
// them when stock returns.
import type { App } from '../../../platform/http/app.ts';
import type { Platform } from '../../../platform/platform.ts';
import { stockChanged } from '../events.ts';
import { notifyBackInStock } from './notify.ts';
import { registerStockAlertRoutes } from './routes.tsx';

export function registerBackInStock(app: App, platform: Platform): void {
  platform.events.subscribe(stockChanged, 'inventory.back-in-stock', (event, tx) => notifyBackInStock(platform, event, tx));
  registerStockAlertRoutes(app, platform);
}
