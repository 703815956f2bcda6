// The live state of the store's parts. Site names the parts and the words for their states;
// other modules say what they know about them (an open incident, a running maintenance
// window, emails waiting on a failing mail server) through `registerComponentSignals`, and each
// part shows the worst it is told. Site cannot import those modules: they import site.
import type { Platform } from '../../platform/platform.ts';

/** The parts of the store the status page lists, in its order. */
export const COMPONENTS = [
  { key: 'storefront', name: 'Storefront' },
  { key: 'checkout', name: 'Checkout' },
  { key: 'payments', name: 'Payments' },
  { key: 'email', name: 'Emails' },
  { key: 'support-chat', name: 'Support chat' },
] as const;
export type ComponentKey = (typeof COMPONENTS)[number]['key'];

/** From best to worst: a part shows the worst state any signal gives it. */
export const COMPONENT_STATES = ['operational', 'maintenance', 'degraded', 'down'] as const;
export type ComponentState = (typeof COMPONENT_STATES)[number];

export const STATE_LABELS: Record<ComponentState, string> = {
  operational: 'Working normally',
  maintenance: 'Planned maintenance',
  degraded: 'Partly working or slow',
  down: 'Not working',
};

export interface ComponentSignal {
  component: ComponentKey;
  state: ComponentState;
  /** One sentence for the public, e.g. the incident's title. */
  detail: string;
}

export interface ComponentStatus {
  key: ComponentKey;
  name: string;
  state: ComponentState;
  detail: string;
}

export type SignalSource = () => Promise<ComponentSignal[]>;

const OPERATIONAL_DETAIL: Record<ComponentKey, string> = {
  storefront: 'Pages are being served.',
  checkout: 'Orders are being taken.',
  payments: 'Card payments are going through.',
  email: 'Emails go out within moments.',
  'support-chat': 'Our team can be reached.',
};

/** A queue backlog older than this means emails and order updates are running late. */
const BACKLOG_DEGRADED_SECONDS = 300;

const sources = new WeakMap<Platform, SignalSource[]>();

export function registerComponentSignals(platform: Platform, source: SignalSource): void {
  sources.set(platform, [...(sources.get(platform) ?? []), source]);
}

export function worseState(a: ComponentState, b: ComponentState): ComponentState {
  return COMPONENT_STATES.indexOf(a) >= COMPONENT_STATES.indexOf(b) ? a : b;
}

/** The background queue's own signal: emails and order updates wait behind a late queue. */
async function backlogSignals(platform: Platform): Promise<ComponentSignal[]> {
  const depth = await platform.jobs.depth();
  const oldest = Math.max(0, ...depth.map((q) => q.oldestWaitingSeconds));
  if (oldest <= BACKLOG_DEGRADED_SECONDS) return [];
  return [{ component: 'email', state: 'degraded', detail: `Emails are running about ${Math.round(oldest / 60)} minutes late; nothing is lost.` }];
}

/** Every signal known now; a source that fails is logged and left out. */
export async function componentSignals(platform: Platform): Promise<ComponentSignal[]> {
  const all = [() => backlogSignals(platform), ...(sources.get(platform) ?? [])];
  const results = await Promise.all(
    all.map((source) =>
      source().catch((error: unknown) => {
        platform.log.error({ err: error }, 'a status signal failed');
        return [];
      }),
    ),
  );
  return results.flat();
}

/** Each part with the worst state its signals give (the first such signal's words). */
export function statusFrom(signals: readonly ComponentSignal[]): ComponentStatus[] {
  return COMPONENTS.map(({ key, name }) => {
    let status: ComponentStatus = { key, name, state: 'operational', detail: OPERATIONAL_DETAIL[key] };
    for (const signal of signals) {
      if (signal.component !== key || signal.state === 'operational') continue;
      if (COMPONENT_STATES.indexOf(signal.state) > COMPONENT_STATES.indexOf(status.state)) status = { key, name, state: signal.state, detail: signal.detail };
    }
    return status;
  });
}

export async function currentStatus(platform: Platform): Promise<ComponentStatus[]> {
  return statusFrom(await componentSignals(platform));
}
