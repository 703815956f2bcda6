// Wires this part of fulfillment into the store (routes, jobs, subscribers, page sections).
import type { App } from '../../../platform/http/app.ts';
import type { Platform } from '../../../platform/platform.ts';
import { registerOrderActionRoutes } from './routes.tsx';

export function registerOrderActions(app: App, platform: Platform): void {
  registerOrderActionRoutes(app, platform);
}
