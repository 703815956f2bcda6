// What agents see above their work while something is not working: the open incidents and the
// maintenance running or coming in the next 48 hours, with what customers are being told, so
// the answer to "is your site down?" is on the screen before the question is read.
import { Alert } from '../../../web/components/Alert.tsx';
import type { Platform } from '../../../platform/platform.ts';
import { formatSpanWithZone, SCOPE_LABELS, upcomingWindows, type MaintenanceWindow } from '../../maintenance/index.ts';
import { getStoreProfile, type StoreProfile } from '../../site/index.ts';
import { activeIncidentsNow, type IncidentWithUpdates } from '../incidents.ts';
import { componentNames, IMPACT_LABELS, INCIDENT_STATE_LABELS, INCIDENTS_PUBLIC_PATH } from '../words.ts';

/** Maintenance this close is worth an agent's attention. */
const SOON_MS = 48 * 3600_000;

export interface ActiveNoticeFacts {
  incidents: IncidentWithUpdates[];
  windows: MaintenanceWindow[];
  store: StoreProfile;
}

export async function activeNoticeFacts(platform: Platform): Promise<ActiveNoticeFacts> {
  const now = platform.clock.now();
  // Both remembered for a few seconds: this notice is on every staff page.
  const [incidents, windows, store] = await Promise.all([activeIncidentsNow(platform), upcomingWindows(platform), getStoreProfile(platform)]);
  return { incidents, windows: windows.filter((window) => window.endsAt > now && window.startsAt.getTime() - now.getTime() < SOON_MS), store };
}

/** Nothing when all is well. */
export function ActiveNotice({ facts }: { facts: ActiveNoticeFacts }) {
  if (facts.incidents.length === 0 && facts.windows.length === 0) return null;
  return (
    <Alert tone="warning" title="Customers may be writing about this">
      <ul class="status-notice">
        {facts.incidents.map((incident) => (
          <li key={incident.id}>
            <strong>Incident:</strong> <a href={`${INCIDENTS_PUBLIC_PATH}/${incident.id}`}>{incident.title}</a> ({componentNames(incident.components)}: {IMPACT_LABELS[incident.impact].toLowerCase()}; {INCIDENT_STATE_LABELS[incident.state].toLowerCase()}).
            {incident.updates[0] && <> Latest: “{incident.updates[0].message}”</>}
          </li>
        ))}
        {facts.windows.map((window) => (
          <li key={window.id}>
            <strong>Maintenance:</strong> {formatSpanWithZone(window.startsAt, window.endsAt, facts.store)}. {SCOPE_LABELS[window.scope]}: {window.message}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
