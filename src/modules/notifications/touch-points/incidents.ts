// Touch points of incidents: one email to confirmed status subscribers when an incident opens
// and one when it is resolved (updates in between are on the status page, not in inboxes), and
// the one "we are back" email to each address left on the outage page. The incident emails are
// the store's own news, so they are announcements: one-click unsubscribe, the reader's
// `announcements` preference kept, and the subscriber's stop link. The "we are back" email was
// asked for, once: transactional. None sells.
import type { Db } from '../../../platform/db/database.ts';
import type { Platform } from '../../../platform/platform.ts';
import { normalizeEmail } from '../../customers/index.ts';
import { confirmedSubscribers, stopUrl } from '../../maintenance/index.ts';
import { backOnlineRequestById, backOnlineRequested, componentNames, incidentById, incidentOpened, incidentResolved, INCIDENT_STATE_LABELS, INCIDENTS_PUBLIC_PATH, latestIncident, type IncidentWithUpdates } from '../../status-incidents/index.ts';
import { defineTouchPoint, type Block, type Letter, type TouchPoint } from './define.ts';

const INCIDENT_PLACEHOLDERS = {
  'incident.title': 'The incident’s title, e.g. “Card payments are not going through”',
  'incident.components': 'The parts of the store it affects, e.g. “Payments, Checkout”',
};

async function subscriberLetters(platform: Platform, tx: Db, incident: IncidentWithUpdates, about: string, blocks: Block[]): Promise<Letter[]> {
  const values = { 'incident.title': incident.title, 'incident.components': componentNames(incident.components) };
  const letters = new Map<string, Letter>();
  for (const subscriber of await confirmedSubscribers(tx)) {
    const to = normalizeEmail(subscriber.email);
    if (!letters.has(to)) letters.set(to, { to, about, values, blocks: [...blocks, { kind: 'link', label: 'Stop status emails', url: stopUrl(platform, subscriber) }] });
  }
  return [...letters.values()];
}

const incidentUrl = (platform: Platform, incident: IncidentWithUpdates) => `${platform.config.baseUrl}${INCIDENTS_PUBLIC_PATH}/${incident.id}`;

/** The admin's preview: the most recent incident there is. */
async function previewIncident(db: Db): Promise<{ incidentId: string } | null> {
  const incident = await latestIncident(db);
  return incident ? { incidentId: incident.id } : null;
}

export const incidentOpenedTouchPoint = defineTouchPoint({
  key: 'status.incident-opened',
  group: 'Announcements',
  title: 'Incident: something is not working',
  when: 'When an incident is opened (by staff, or by the store when the payment gateway fails): once per incident, to confirmed status subscribers.',
  event: incidentOpened,
  kind: 'announcement',
  sells: false,
  defaults: {
    subject: 'Something is not working at {{store.name}}: {{incident.title}}',
    intro: 'We would rather you heard it from us: part of {{store.name}} is not working as it should, and we are on it.',
  },
  placeholders: INCIDENT_PLACEHOLDERS,
  async letters(platform, tx, event) {
    const incident = await incidentById(tx, event.payload.incidentId);
    if (!incident) return [];
    const first = incident.updates.at(-1);
    return subscriberLetters(platform, tx, incident, `incident-opened:${incident.id}`, [
      { kind: 'facts', rows: [{ label: 'Affects', value: componentNames(incident.components) }, { label: 'Where we are', value: INCIDENT_STATE_LABELS[incident.state] }] },
      ...(first ? [{ kind: 'paragraph' as const, text: first.message }] : []),
      { kind: 'paragraph', text: 'We email you once more when it is resolved; the status page has every update meanwhile.' },
      { kind: 'button', label: 'Follow it on the status page', url: incidentUrl(platform, incident) },
    ]);
  },
  preview: previewIncident,
});

export const incidentResolvedTouchPoint = defineTouchPoint({
  key: 'status.incident-resolved',
  group: 'Announcements',
  title: 'Incident resolved',
  when: 'When an incident is resolved: once per incident, to confirmed status subscribers.',
  event: incidentResolved,
  kind: 'announcement',
  sells: false,
  defaults: {
    subject: 'Resolved at {{store.name}}: {{incident.title}}',
    intro: 'The problem we wrote to you about is over: {{store.name}} is working normally again.',
  },
  placeholders: INCIDENT_PLACEHOLDERS,
  async letters(platform, tx, event) {
    const incident = await incidentById(tx, event.payload.incidentId);
    if (!incident?.resolvedAt) return [];
    const last = incident.updates[0];
    return subscriberLetters(platform, tx, incident, `incident-resolved:${incident.id}`, [
      { kind: 'facts', rows: [{ label: 'Affected', value: componentNames(incident.components) }] },
      ...(last ? [{ kind: 'paragraph' as const, text: last.message }] : []),
      { kind: 'button', label: 'See what happened', url: incidentUrl(platform, incident) },
    ]);
  },
  preview: previewIncident,
});

export const backOnlineTouchPoint = defineTouchPoint({
  key: 'status.back-online',
  group: 'Announcements',
  title: 'We are back (after an outage)',
  when: 'When the store is back after its database was out: once per address left on the outage page.',
  event: backOnlineRequested,
  // The visitor asked for exactly this email, once.
  kind: 'transactional',
  sells: false,
  defaults: {
    subject: '{{store.name}} is back',
    intro: 'You asked us to tell you when {{store.name}} was working again: it is.',
  },
  placeholders: {},
  async letters(platform, tx, event) {
    const request = await backOnlineRequestById(tx, event.payload.requestId);
    if (!request) return [];
    return [
      {
        to: request.email,
        // Several requests from one address during one outage make one email.
        about: `back-online:${request.outageSince.toISOString()}`,
        values: {},
        blocks: [
          { kind: 'paragraph', text: 'Your cart and anything you ordered before are as you left them.' },
          { kind: 'button', label: 'Go to the shop', url: `${platform.config.baseUrl}/` },
        ],
      },
    ];
  },
  // The address belongs to a visitor who asked for this one email: a preview would show it to the merchant.
  preview: async () => null,
});

export const INCIDENT_TOUCH_POINTS = [incidentOpenedTouchPoint, incidentResolvedTouchPoint, backOnlineTouchPoint] as TouchPoint[];
