// Every page of the support desk: the customer's "Ask about this order", contact form and requests, the staff desk with its answer times, and the satisfaction survey.
import type { App } from '../../../platform/http/app.ts';
import type { Platform } from '../../../platform/platform.ts';
import { registerAdminSupportRoutes } from './admin-routes.tsx';
import { registerHelpRoutes } from './help-routes.tsx';
import { registerRateRoutes } from './rate-routes.tsx';
import { registerRequestRoutes } from './request-routes.tsx';
import { registerAnswerTimesRoutes } from './sla-settings.tsx';

export function registerSupportRoutes(app: App, platform: Platform): void {
  registerHelpRoutes(app, platform);
  registerAdminSupportRoutes(app, platform);
  registerRateRoutes(app, platform);
  registerRequestRoutes(app, platform);
  registerAnswerTimesRoutes(app, platform);
}
