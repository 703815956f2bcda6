// The public side of incidents: the status page's section (incidents now with their updates,
// the last 90 days per part of the store, and the past incidents and maintenance by day) and
// one incident's page.
import { formatDay } from '../../../platform/calendar.ts';
import type { PageContext } from '../../../web/context.ts';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';
import type { MaintenanceWindow } from '../../maintenance/index.ts';
import { COMPONENTS, STATE_LABELS } from '../../site/index.ts';
import type { HistoryDay } from '../history.ts';
import type { IncidentWithUpdates } from '../incidents.ts';
import { componentNames, formatMoment, IMPACT_LABELS, INCIDENT_STATE_LABELS, INCIDENTS_PUBLIC_PATH } from '../words.ts';

interface StoreWords {
  locale: string;
  timeZone: string;
}

function Updates({ incident, store }: { incident: IncidentWithUpdates; store: StoreWords }) {
  return (
    <ol class="incident-updates">
      {incident.updates.map((update) => (
        <li key={update.id}>
          <strong>{INCIDENT_STATE_LABELS[update.state]}</strong> <time dateTime={update.postedAt.toISOString()}>{formatMoment(update.postedAt, store)}</time>
          <p>{update.message}</p>
        </li>
      ))}
    </ol>
  );
}

function IncidentSummary({ incident, store }: { incident: IncidentWithUpdates; store: StoreWords }) {
  return (
    <article class={`incident incident--${incident.resolvedAt ? 'resolved' : incident.impact}`} id={`incident-${incident.id}`}>
      <h3>
        <a href={`${INCIDENTS_PUBLIC_PATH}/${incident.id}`}>{incident.title}</a>
      </h3>
      <p class="muted small">
        {componentNames(incident.components)} · {incident.resolvedAt ? `Resolved ${formatMoment(incident.resolvedAt, store)}` : IMPACT_LABELS[incident.impact]} · Since {formatMoment(incident.openedAt, store)}
      </p>
      <Updates incident={incident} store={store} />
    </article>
  );
}

export function ActiveIncidentsSection({ active, store }: { active: IncidentWithUpdates[]; store: StoreWords }) {
  return (
    <section aria-labelledby="incidents-title">
      <h2 id="incidents-title">Incidents now</h2>
      {active.length === 0 ? <p>No incident: everything we know of is working.</p> : active.map((incident) => <IncidentSummary key={incident.id} incident={incident} store={store} />)}
    </section>
  );
}

export interface HistorySectionProps {
  history: HistoryDay[];
  /** Incidents of the last 90 days (the history's), newest first. */
  past: IncidentWithUpdates[];
  windows: MaintenanceWindow[];
  store: StoreWords;
  describeWindow: (window: MaintenanceWindow) => string;
}

const dayLabel = (day: HistoryDay, locale: string) => formatDay(day.date, locale);

export function HistorySection({ history, past, windows, store, describeWindow }: HistorySectionProps) {
  const byId = new Map(past.map((incident) => [incident.id, incident]));
  const windowById = new Map(windows.map((window) => [window.id, window]));
  const notable = [...history].reverse().filter((day) => day.incidentIds.length > 0 || day.windowIds.length > 0);
  return (
    <>
      <section aria-labelledby="history-title">
        <h2 id="history-title">The last 90 days</h2>
        <p class="muted small">One square per day ({store.timeZone}), showing the worst moment of that day. Days with an incident or maintenance link to it below.</p>
        {COMPONENTS.map(({ key, name }) => (
          <div class="status-history" key={key}>
            <h3 class="status-history__name">{name}</h3>
            <ol class="status-history__days" aria-label={`${name}, day by day`}>
              {history.map((day) => {
                const state = day.states[key];
                const label = `${dayLabel(day, store.locale)}: ${STATE_LABELS[state]}`;
                const linked = state !== 'operational';
                return (
                  <li key={day.date} class={`status-day status-day--${state}`} title={label}>
                    {linked ? <a href={`#day-${day.date}`}>{label}</a> : <span class="visually-hidden">{label}</span>}
                  </li>
                );
              })}
            </ol>
          </div>
        ))}
      </section>
      <section aria-labelledby="past-title">
        <h2 id="past-title">Past incidents and maintenance</h2>
        {notable.length === 0 ? (
          <p>Nothing to report in the last 90 days.</p>
        ) : (
          notable.map((day) => (
            <div key={day.date} id={`day-${day.date}`} class="status-past-day">
              <h3>{dayLabel(day, store.locale)}</h3>
              <ul>
                {day.incidentIds.map((id) => {
                  const incident = byId.get(id);
                  return incident ? (
                    <li key={id}>
                      <a href={`${INCIDENTS_PUBLIC_PATH}/${id}`}>{incident.title}</a> ({componentNames(incident.components)}; {incident.resolvedAt ? 'resolved' : INCIDENT_STATE_LABELS[incident.state].toLowerCase()})
                    </li>
                  ) : null;
                })}
                {day.windowIds.map((id) => {
                  const window = windowById.get(id);
                  return window ? <li key={id}>Planned maintenance: {describeWindow(window)}</li> : null;
                })}
              </ul>
            </div>
          ))
        )}
      </section>
    </>
  );
}

export function IncidentPage({ ctx, incident, store }: { ctx: PageContext; incident: IncidentWithUpdates; store: StoreWords }) {
  return (
    <StoreLayout ctx={ctx} title={incident.title} canonicalPath={`${INCIDENTS_PUBLIC_PATH}/${incident.id}`}>
      <p>
        <a href="/status">Store status</a>
      </p>
      <h1>{incident.title}</h1>
      <dl class="facts">
        <dt>Affects</dt>
        <dd>{componentNames(incident.components)}</dd>
        <dt>State</dt>
        <dd>{incident.resolvedAt ? `Resolved ${formatMoment(incident.resolvedAt, store)}` : `${INCIDENT_STATE_LABELS[incident.state]}: ${IMPACT_LABELS[incident.impact].toLowerCase()}`}</dd>
        <dt>Began</dt>
        <dd>{formatMoment(incident.openedAt, store)}</dd>
      </dl>
      <h2>Updates</h2>
      <Updates incident={incident} store={store} />
    </StoreLayout>
  );
}
