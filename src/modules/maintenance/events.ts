// The maintenance module's domain events. Payloads carry ids only: a listener reads the window
// or the subscriber through this module's index.
import { defineEvent } from '../../platform/events/events.ts';

export interface WindowPayload extends Record<string, string> {
  windowId: string;
}

export const windowScheduled = defineEvent<WindowPayload>('maintenance.window_scheduled');
/** Its end moved (extended, shortened or ended now). */
export const windowChanged = defineEvent<WindowPayload>('maintenance.window_changed');
export const windowCancelled = defineEvent<WindowPayload>('maintenance.window_cancelled');
/** The merchant pressed "Announce by email": published once per window. */
export const windowAnnounced = defineEvent<WindowPayload>('maintenance.window_announced');

/** Someone typed their address into the status page's form: they are sent a link to confirm it. */
export const statusSubscriptionRequested = defineEvent<{ subscriberId: string }>('status.subscription_requested');

/** They pressed the button of the confirmation link: announcements are welcome again, even after an unsubscribe. */
export const statusSubscriptionConfirmed = defineEvent<{ subscriberId: string }>('status.subscription_confirmed');
