// The status-incidents module's public face: incidents (opened by staff, or by the store when
// the payment gateway's circuit breaker opens), their updates and the state of each part of the
// store they give the status page, its 90-day history and Atom feed, the notice agents see, the
// incident that matches a support request, and the import of addresses left on the outage page.
// Its emails are notifications' `status.incident-opened`, `status.incident-resolved` and
// `status.back-online` touch points.
import type { Module } from '../../platform/module.ts';
import { watchGatewayCircuit } from './gateway.ts';
import { registerOutageImport } from './outage-import.ts';
import { registerIncidentRoutes } from './routes.tsx';

export { backOnlineRequested, incidentOpened, incidentResolved, incidentUpdated, type IncidentPayload } from './events.ts';
export { GATEWAY_INCIDENT, GATEWAY_INCIDENT_KEY } from './gateway.ts';
export { activeIncidents, activeIncidentsIn, incidentById, latestIncident, type Incident, type IncidentWithUpdates } from './incidents.ts';
export { incidentMatchingRequest, type SupportRequestFacts } from './matching.ts';
export { ActiveNotice, activeNoticeFacts, type ActiveNoticeFacts } from './pages/notice.tsx';
export { backOnlineRequestById, importBackOnlineRequests } from './outage-import.ts';
export { STATUS_COMPONENTS, type Impact, type IncidentState, type StatusComponent } from './schema.ts';
export { componentNames, INCIDENT_STATE_LABELS, INCIDENTS_PUBLIC_PATH } from './words.ts';

export const statusIncidentsModule: Module = {
  name: 'status-incidents',
  register(app, platform) {
    registerIncidentRoutes(app, platform);
    watchGatewayCircuit(platform);
    registerOutageImport(platform);
  },
};
