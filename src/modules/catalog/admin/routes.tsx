// Placeholder until this area is built.
import type { App } from '../../../platform/http/app.ts';
import type { Platform } from '../../../platform/platform.ts';

export function registerCatalogAdminRoutes(_app: App, _platform: Platform): void {}
