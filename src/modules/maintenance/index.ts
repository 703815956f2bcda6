// The maintenance module's public face: planned maintenance windows (scheduled, changed,
// cancelled and announced by staff, each an event), the people subscribed to status emails
// (double opt-in from the status page), and how a window reads in the store's time zone.
// It adds its part of the status page through site's hook; notifications writes its emails.
import type { Module } from '../../platform/module.ts';
import { registerMaintenanceRoutes } from './routes.tsx';

export { statusSubscriptionConfirmed, statusSubscriptionRequested, windowAnnounced, windowCancelled, windowChanged, windowScheduled, type WindowPayload } from './events.ts';
export { SCOPE_EFFECTS, SCOPE_LABELS } from './form.ts';
export { type MaintenanceScope } from './schema.ts';
export { CONFIRM_LINK_DAYS, confirmationUrl, confirmedSubscribers, stopSubscriptionOf, stopUrl, subscriberById, type StatusSubscriber } from './subscribers.ts';
export { formatSpanWithZone, zoneName } from './times.ts';
export { latestWindow, phaseOf, scheduledWindows, windowById, windowsBetween, type MaintenanceWindow } from './windows.ts';

export const maintenanceModule: Module = { name: 'maintenance', register: registerMaintenanceRoutes };
