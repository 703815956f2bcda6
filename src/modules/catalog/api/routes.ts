// Placeholder until this area is built.
import type { App } from '../../../platform/http/app.ts';
import type { Platform } from '../../../platform/platform.ts';

export function registerCatalogApiRoutes(_app: App, _platform: Platform): void {}
