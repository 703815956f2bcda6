// What other modules add to the status page and its JSON feed (planned maintenance, later
// incidents) without this module knowing them: they import site, so site cannot import them.
// A section that fails is left out and logged: the rest of the page still says how the store is.
import type { JSX } from 'preact';
import type { Platform } from '../../platform/platform.ts';

export interface StatusSection {
  /** Fields added to /status.json (e.g. `{ maintenance: [...] }`). */
  json(): Promise<Record<string, unknown>>;
  /** Shown on /status under the parts of the store, in registration order. */
  page(context: { csrfToken: string }): Promise<JSX.Element | null>;
  /** Sections show in ascending order (0 when absent), then in registration order. */
  order?: number;
}

const registry = new WeakMap<Platform, StatusSection[]>();

export function registerStatusSection(platform: Platform, section: StatusSection): void {
  registry.set(
    platform,
    [...(registry.get(platform) ?? []), section].sort((a, b) => (a.order ?? 0) - (b.order ?? 0)),
  );
}

async function each<T>(platform: Platform, render: (section: StatusSection) => Promise<T>): Promise<T[]> {
  const results = await Promise.all(
    (registry.get(platform) ?? []).map(async (section) => {
      try {
        return { ok: true as const, value: await render(section) };
      } catch (error) {
        platform.log.error({ err: error }, 'a status page section failed');
        return { ok: false as const };
      }
    }),
  );
  return results.flatMap((result) => (result.ok ? [result.value] : []));
}

export async function statusPageSections(platform: Platform, csrfToken: string): Promise<JSX.Element[]> {
  return (await each(platform, (section) => section.page({ csrfToken }))).filter((node): node is JSX.Element => node !== null);
}

export async function statusJsonFields(platform: Platform): Promise<Record<string, unknown>> {
  return Object.assign({}, ...(await each(platform, (section) => section.json())));
}
