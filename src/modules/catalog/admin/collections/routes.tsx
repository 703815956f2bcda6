import type { App } from '../../../../platform/http/app.ts';
import type { Platform } from '../../../../platform/platform.ts';

export function registerCollectionAdminRoutes(_app: App, _platform: Platform): void {}
