// What the status page says about each part of the store: now (the worst of the open incidents
// and running maintenance windows that name it) and over the last 90 days (one cell per store
// day and part, the worst state that day, with the incidents of that day).
import { addDays, instantAt, localDateOf, type LocalDate } from '../../platform/calendar.ts';
import type { MaintenanceScope, MaintenanceWindow } from '../maintenance/index.ts';
import { COMPONENTS, worseState, type ComponentKey, type ComponentSignal, type ComponentState } from '../site/index.ts';
import type { IncidentWithUpdates } from './incidents.ts';

export const HISTORY_DAYS = 90;

/** The parts a maintenance window stops: "checkout" closes checkout and payments; "site" everything but emails, which queue. */
export const SCOPE_COMPONENTS: Record<MaintenanceScope, readonly ComponentKey[]> = {
  checkout: ['checkout', 'payments'],
  site: ['storefront', 'checkout', 'payments', 'support-chat'],
};

/** Signals of the incidents open and the windows running at `now`. */
export function signalsAt(now: Date, open: readonly IncidentWithUpdates[], windows: readonly MaintenanceWindow[]): ComponentSignal[] {
  const signals: ComponentSignal[] = [];
  for (const incident of open) {
    for (const component of incident.components) signals.push({ component, state: incident.impact, detail: incident.title });
  }
  for (const window of windows) {
    if (window.cancelledAt || now < window.startsAt || now >= window.endsAt) continue;
    for (const component of SCOPE_COMPONENTS[window.scope]) signals.push({ component, state: 'maintenance', detail: window.message });
  }
  return signals;
}

export interface HistoryDay {
  date: LocalDate;
  /** Per part, the worst state of the day. */
  states: Record<ComponentKey, ComponentState>;
  /** Incidents open at some moment of the day (ids, in the order given). */
  incidentIds: string[];
  /** Maintenance windows running at some moment of the day. */
  windowIds: string[];
}

const overlaps = (from: Date, to: Date | null, dayStart: Date, dayEnd: Date) => from < dayEnd && (to === null || to > dayStart);

/** The first instant of the oldest day shown. */
export function historyStart(now: Date, timeZone: string): Date {
  return instantAt(addDays(localDateOf(now, timeZone), -(HISTORY_DAYS - 1)), '00:00', timeZone);
}

/**
 * The last 90 store days, oldest first, ending with today. Days follow the store's time zone,
 * so a day when clocks change lasts 23 or 25 hours.
 */
export function dailyHistory(now: Date, timeZone: string, incidents: readonly IncidentWithUpdates[], windows: readonly MaintenanceWindow[]): HistoryDay[] {
  const today = localDateOf(now, timeZone);
  const days: HistoryDay[] = [];
  for (let back = HISTORY_DAYS - 1; back >= 0; back--) {
    const date = addDays(today, -back);
    const dayStart = instantAt(date, '00:00', timeZone);
    const dayEnd = instantAt(addDays(date, 1), '00:00', timeZone);
    const states = Object.fromEntries(COMPONENTS.map(({ key }) => [key, 'operational'])) as Record<ComponentKey, ComponentState>;
    const day: HistoryDay = { date, states, incidentIds: [], windowIds: [] };
    for (const incident of incidents) {
      if (!overlaps(incident.openedAt, incident.resolvedAt, dayStart, dayEnd)) continue;
      day.incidentIds.push(incident.id);
      for (const component of incident.components) states[component] = worseState(states[component], incident.impact);
    }
    for (const window of windows) {
      if (window.cancelledAt || !overlaps(window.startsAt, window.endsAt, dayStart, dayEnd)) continue;
      day.windowIds.push(window.id);
      for (const component of SCOPE_COMPONENTS[window.scope]) states[component] = worseState(states[component], 'maintenance');
    }
    days.push(day);
  }
  return days;
}
