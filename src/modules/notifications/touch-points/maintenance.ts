// Touch points of planned maintenance (seed 000: "If such a message had been visible … I would
// have been in a position to either choose to enter my data with lightning speed or choose to
// return the next day"): the link that confirms a status subscription, and the announcement of
// a window to the people it would surprise. The announcement is the store's own news, not
// something the reader asked about this time, so it is an announcement: one-click unsubscribe,
// and the reader's `announcements` preference is kept. Neither sells.
import type { Platform } from '../../../platform/platform.ts';
import { customersWithOpenCarts } from '../../cart/index.ts';
import { recentDraftEmails } from '../../checkout/index.ts';
import { emailProblem, emailsOfCustomers, normalizeEmail } from '../../customers/index.ts';
import {
  CONFIRM_LINK_DAYS,
  confirmationUrl,
  confirmedSubscribers,
  formatSpanWithZone,
  latestWindow,
  SCOPE_EFFECTS,
  SCOPE_LABELS,
  statusSubscriptionRequested,
  stopUrl,
  subscriberById,
  windowAnnounced,
  windowById,
} from '../../maintenance/index.ts';
import { ordersInStatus } from '../../orders/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import { defineTouchPoint, type Block, type Letter, type TouchPoint } from './define.ts';

/** Shoppers who typed their address at checkout this recently may be about to buy. */
const RECENT_CHECKOUT_DAYS = 7;
/**
 * Unpaid orders are cancelled at their 48-hour payment deadline, so those waiting are the last
 * two days' worth; this bounds the read far above any real backlog.
 */
const UNPAID_ORDERS_READ = 10_000;
/** Signed-in customers with something in their cart, touched in the last 7 days: bounded like the unpaid orders. */
const OPEN_CARTS_READ = 10_000;

const statusUrl = (platform: Platform) => `${platform.config.baseUrl}/status`;

export const statusSubscriptionConfirm = defineTouchPoint({
  key: 'status.subscription-confirm',
  group: 'Announcements',
  title: 'Status emails: confirm the address',
  when: 'When someone asks on the status page to hear about planned maintenance and incidents.',
  event: statusSubscriptionRequested,
  // The person just asked for it: the confirmation is theirs, whatever their preferences say.
  kind: 'transactional',
  sells: false,
  defaults: {
    subject: 'Confirm your status emails from {{store.name}}',
    intro: 'You asked to hear from {{store.name}} before planned maintenance and when something is not working.',
  },
  placeholders: {},
  async letters(platform, tx, event) {
    const subscriber = await subscriberById(tx, event.payload.subscriberId);
    if (!subscriber || (subscriber.confirmedAt && !subscriber.unsubscribedAt)) return [];
    // Each request is its own email: someone who lost the first link asks again and gets one.
    return [
      {
        to: subscriber.email,
        about: `status-subscription:${event.id}`,
        values: {},
        blocks: [
          { kind: 'paragraph', text: 'Press the button and confirm on the page it opens; until then we send nothing.' },
          { kind: 'button', label: 'Confirm my address', url: confirmationUrl(platform, subscriber) },
          { kind: 'paragraph', text: `The link works for ${CONFIRM_LINK_DAYS} days. If you did not ask for this, ignore this email: you will hear nothing more from us.` },
        ],
      },
    ];
  },
  // The link confirms a real person's subscription: a preview would hand it to the merchant.
  preview: async () => null,
});

export const maintenanceAnnouncement = defineTouchPoint({
  key: 'maintenance.announcement',
  group: 'Announcements',
  title: 'Planned maintenance',
  when: 'When staff press “Announce by email” on a maintenance window: once per window and address, to confirmed status subscribers, customers with an unpaid order, signed-in customers with something in their cart and shoppers who typed their address at checkout, both in the last 7 days.',
  event: windowAnnounced,
  kind: 'announcement',
  sells: false,
  defaults: {
    subject: 'Planned maintenance at {{store.name}}: {{maintenance.when}}',
    intro: 'We have planned some work on {{store.name}}, and we would rather you heard about it from us before it starts.',
  },
  placeholders: {
    'maintenance.when': 'When it starts and ends, with the time zone, e.g. “Tuesday, December 8, 2:00 AM – 4:00 AM (Eastern Time)”',
    'maintenance.scope': 'What will not work: “Checkout and payments” or “The whole store”',
  },
  async letters(platform, tx, event) {
    const window = await windowById(tx, event.payload.windowId);
    if (!window || window.cancelledAt) return [];
    const now = platform.clock.now();
    const recently = new Date(now.getTime() - RECENT_CHECKOUT_DAYS * 86_400_000);
    // One after another: a transaction is one connection, which runs one statement at a time.
    const profile = await getStoreProfile(platform, tx);
    const subscribers = await confirmedSubscribers(tx);
    const unpaid = await ordersInStatus(tx, ['placed'], UNPAID_ORDERS_READ);
    const drafting = await recentDraftEmails(tx, recently);
    const cartOwners = await emailsOfCustomers(tx, await customersWithOpenCarts(tx, recently, OPEN_CARTS_READ));
    const when = formatSpanWithZone(window.startsAt, window.endsAt, profile);
    const blocks: Block[] = [
      { kind: 'facts', rows: [{ label: 'When', value: when }] },
      { kind: 'paragraph', text: `${SCOPE_EFFECTS[window.scope]} ${window.message}` },
      {
        kind: 'paragraph',
        text: 'Nothing you typed or paid for will be lost: orders placed before it starts are kept with their payments, and your cart and checkout details wait for you until we are back.',
      },
      { kind: 'button', label: 'See the store status', url: statusUrl(platform) },
    ];

    // One letter per address; a subscriber's carries the link that stops status emails.
    const letters = new Map<string, Letter>();
    const add = (address: string, extra: Block[] = []) => {
      const to = normalizeEmail(address);
      if (letters.has(to) || emailProblem(to)) return;
      letters.set(to, { to, about: `maintenance:${window.id}`, values: { 'maintenance.when': when, 'maintenance.scope': SCOPE_LABELS[window.scope] }, blocks: [...blocks, ...extra] });
    };
    for (const subscriber of subscribers) add(subscriber.email, [{ kind: 'link', label: 'Stop status emails', url: stopUrl(platform, subscriber) }]);
    for (const order of unpaid) add(order.email);
    for (const address of drafting) add(address);
    for (const address of cartOwners) add(address);
    return [...letters.values()];
  },
  async preview(db) {
    const window = await latestWindow(db);
    return window ? { windowId: window.id } : null;
  },
});

export const MAINTENANCE_TOUCH_POINTS = [statusSubscriptionConfirm, maintenanceAnnouncement] as TouchPoint[];
