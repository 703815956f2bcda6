// The maintenance module's public face: planned maintenance windows (scheduled, changed,
// cancelled and announced by staff, each an event), the people subscribed to status emails
// (double opt-in from the status page), and how a window reads in the store's time zone.
// It adds its part of the status page through site's hook; notifications writes its emails.
// Before and during a window it runs the storefront's side (gate.tsx): the banner on every
// page, the checkout drain, read-only mode through the app's maintenance gate, and "email me
// when it's back".
import type { Module } from '../../platform/module.ts';
import type { App } from '../../platform/http/app.ts';
import type { Platform } from '../../platform/platform.ts';
import { registerBackEmail } from './back-routes.tsx';
import { registerMaintenanceGate } from './gate.tsx';
import { registerMaintenanceRoutes } from './routes.tsx';

export { statusSubscriptionConfirmed, statusSubscriptionRequested, windowAnnounced, windowCancelled, windowChanged, windowScheduled, type WindowPayload } from './events.ts';
export { SCOPE_EFFECTS, SCOPE_LABELS } from './form.ts';
export { type MaintenanceScope } from './schema.ts';
export { CONFIRM_LINK_DAYS, confirmationUrl, confirmedSubscribers, stopSubscriptionOf, stopUrl, subscriberById, type StatusSubscriber } from './subscribers.ts';
export { formatSpanWithZone, zoneName } from './times.ts';
export { latestWindow, phaseOf, scheduledWindows, windowById, windowsBetween, type MaintenanceWindow } from './windows.ts';

export { backRequestById, latestBackRequest, maintenanceBack, tellShoppersBack, type BackRequest } from './back.ts';
export { maintenanceNow, upcomingWindows, type MaintenanceNow, type MaintenancePhase } from './state.ts';

export const maintenanceModule: Module = {
  name: 'maintenance',
  register(app: App, platform: Platform) {
    registerMaintenanceRoutes(app, platform);
    registerMaintenanceGate(app, platform);
    registerBackEmail(app, platform);
  },
};
