// The routes of what each reader receives: the preference centre and one-click unsubscribe,
// the bounce and complaint webhook that fills the suppression list, and its staff page.
import type { App } from '../../../platform/http/app.ts';
import type { Platform } from '../../../platform/platform.ts';
import { registerSuppressionAdminRoutes } from '../suppression/admin-routes.tsx';
import { registerEmailWebhookRoute } from '../suppression/webhook-route.ts';
import { registerPreferenceRoutes } from './routes.tsx';

export function registerAudienceRoutes(app: App, platform: Platform): void {
  registerPreferenceRoutes(app, platform);
  registerEmailWebhookRoute(app, platform);
  registerSuppressionAdminRoutes(app, platform);
}
