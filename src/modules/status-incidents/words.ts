// How incidents read to people: state and impact labels, and moments in the store's time.
import type { ComponentKey } from '../site/index.ts';
import { COMPONENTS } from '../site/index.ts';
import type { Impact, IncidentState } from './schema.ts';

export const INCIDENT_STATE_LABELS: Record<IncidentState, string> = {
  investigating: 'Investigating',
  identified: 'Cause found',
  monitoring: 'Fix in place, watching',
  resolved: 'Resolved',
};

export const IMPACT_LABELS: Record<Impact, string> = {
  degraded: 'Partly working or slow',
  down: 'Not working',
};

export const componentName = (key: ComponentKey): string => COMPONENTS.find((component) => component.key === key)?.name ?? key;

export const componentNames = (keys: readonly ComponentKey[]): string => keys.map(componentName).join(', ');

export const INCIDENTS_PUBLIC_PATH = '/status/incidents';
export const INCIDENTS_ADMIN_PATH = '/admin/status/incidents';

const formats = new Map<string, Intl.DateTimeFormat>();

/** "Sun 6 Dec, 14:05 EST" in the store's time zone and locale. */
export function formatMoment(at: Date, store: { locale: string; timeZone: string }): string {
  const key = `${store.locale}|${store.timeZone}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(store.locale, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: store.timeZone, timeZoneName: 'short' });
    formats.set(key, format);
  }
  return format.format(at);
}
