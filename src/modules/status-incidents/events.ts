// The status-incidents module's domain events. Payloads carry ids only: a listener reads the
// incident through this module's index.
import { defineEvent } from '../../platform/events/events.ts';

export interface IncidentPayload extends Record<string, string> {
  incidentId: string;
}

export const incidentOpened = defineEvent<IncidentPayload>('status.incident_opened');
/** A public update was posted (not the first, not the resolution). */
export const incidentUpdated = defineEvent<IncidentPayload & { updateId: string }>('status.incident_updated');
export const incidentResolved = defineEvent<IncidentPayload>('status.incident_resolved');
/** An address left on the outage page was imported once the database answered again. */
export const backOnlineRequested = defineEvent<{ requestId: string }>('status.back_online_requested');
