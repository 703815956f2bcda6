// The status page as an Atom 1.0 feed (RFC 4287): one entry per incident of the last 90 days
// and per maintenance window running or to come, newest change first. Built by hand: the
// format is small, and every text goes through `xml` (markup characters escaped, characters
// XML 1.0 forbids dropped), entry content twice (HTML inside XML).
import type { MaintenanceWindow } from '../maintenance/index.ts';
import type { IncidentWithUpdates } from './incidents.ts';

export const FEED_PATH = '/status/feed.atom';

// Tab, newline and carriage return are the only control characters XML 1.0 allows.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside XML (and HTML) elements and attributes. */
export function xml(text: string): string {
  return text.replace(FORBIDDEN, '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export interface FeedEntry {
  id: string;
  title: string;
  updated: Date;
  published: Date;
  link: string;
  /** HTML, already escaped for HTML; escaped again for XML here. */
  html: string;
}

export interface FeedInput {
  storeName: string;
  baseUrl: string;
  incidents: readonly IncidentWithUpdates[];
  windows: readonly MaintenanceWindow[];
  /** Words for a window's effect and its span in the store's time. */
  describeWindow: (window: MaintenanceWindow) => { title: string; text: string };
  stateLabel: (state: IncidentWithUpdates['state']) => string;
  incidentUrl: (incident: IncidentWithUpdates) => string;
  /** The feed's own updated time when it has no entry. */
  now: Date;
}

export function feedEntries(input: FeedInput): FeedEntry[] {
  const entries: FeedEntry[] = [
    ...input.incidents.map((incident) => ({
      id: `urn:uuid:${incident.id}`,
      title: `${incident.resolvedAt ? 'Resolved' : input.stateLabel(incident.state)}: ${incident.title}`,
      updated: incident.updatedAt,
      published: incident.openedAt,
      link: input.incidentUrl(incident),
      html: incident.updates.map((update) => `<p><strong>${xml(input.stateLabel(update.state))}</strong> (${xml(update.postedAt.toISOString())}): ${xml(update.message)}</p>`).join(''),
    })),
    ...input.windows.map((window) => {
      const { title, text } = input.describeWindow(window);
      return { id: `urn:uuid:${window.id}`, title, updated: window.updatedAt, published: window.createdAt, link: `${input.baseUrl}/status`, html: `<p>${xml(text)}</p>` };
    }),
  ];
  return entries.sort((a, b) => b.updated.getTime() - a.updated.getTime());
}

export function atomFeed(input: FeedInput): string {
  const entries = feedEntries(input);
  const updated = entries[0]?.updated ?? input.now;
  const self = `${input.baseUrl}${FEED_PATH}`;
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `<id>${xml(self)}</id>`,
    `<title>${xml(`${input.storeName} status`)}</title>`,
    `<updated>${updated.toISOString()}</updated>`,
    `<link rel="self" type="application/atom+xml" href="${xml(self)}"/>`,
    `<link rel="alternate" type="text/html" href="${xml(`${input.baseUrl}/status`)}"/>`,
    `<author><name>${xml(input.storeName)}</name></author>`,
    ...entries.map((entry) =>
      [
        '<entry>',
        `<id>${xml(entry.id)}</id>`,
        `<title>${xml(entry.title)}</title>`,
        `<updated>${entry.updated.toISOString()}</updated>`,
        `<published>${entry.published.toISOString()}</published>`,
        `<link rel="alternate" type="text/html" href="${xml(entry.link)}"/>`,
        `<content type="html">${xml(entry.html)}</content>`,
        '</entry>',
      ].join(''),
    ),
    '</feed>',
  ];
  return `${lines.join('\n')}\n`;
}
