// Touch points for a parcel's journey (shipped, out for delivery, delivered: one email per
// parcel, so a second parcel gets its own) and for a promise that slips (a delay found by the
// fulfillment checks, or a backordered item's new date). The slips apologise and never sell.
import { formatDay, formatDayRange } from '../../../platform/calendar.ts';
import type { Db } from '../../../platform/db/database.ts';
import type { Platform } from '../../../platform/platform.ts';
import { formatDateTime } from '../../../web/dates.ts';
import {
  CARRIERS,
  delaysOfOrder,
  deliveryDelayed,
  isCarrierCode,
  shipmentById,
  shipmentDelivered,
  shipmentOutForDelivery,
  shipmentShipped,
  shipmentsOfOrder,
  trackPath,
  type DelayKind,
  type DeliveryDelayedPayload,
  type OrderDelay,
  type Shipment,
  type ShipmentEventPayload,
} from '../../fulfillment/index.ts';
import { estimateWords, orderById, type Order, type OrderLine, type OrderStatus } from '../../orders/index.ts';
import { defineTouchPoint, type ItemRow, type Letter, type TouchPoint } from './define.ts';
import { ORDER_PLACEHOLDERS, orderContext, orderLetter, previewOrder } from './order-letter.ts';

const carrierName = (code: string) => (isCarrierCode(code) ? CARRIERS[code].name : code.toUpperCase());

/** Units of an order line, named as on the order. */
const lineRow = (line: OrderLine, quantity: number): ItemRow => ({
  title: line.productTitle,
  ...(line.variantTitle && line.variantTitle !== 'Default Title' ? { detail: line.variantTitle } : {}),
  quantity,
});

/** The parcel's units. */
function parcelItems(order: Order, parcel: Shipment): ItemRow[] {
  return parcel.lines.flatMap(({ orderLineId, quantity }) => {
    const line = order.lines.find((l) => l.id === orderLineId);
    return line ? [lineRow(line, quantity)] : [];
  });
}

interface ParcelNews {
  order: Order;
  parcel: Shipment;
  /** "Your parcel", or "Parcel 2 of 3" when the order travels in several. */
  name: string;
  /** Our counted redirect to the carrier's tracking page, signed like the order link. */
  trackUrl: string;
}

async function parcelNews(platform: Platform, tx: Db, payload: { shipmentId: string; orderId: string }): Promise<ParcelNews | null> {
  const order = await orderById(tx, payload.orderId);
  const parcel = await shipmentById(tx, payload.shipmentId);
  if (!order || !parcel) return null;
  const count = (await shipmentsOfOrder(tx, order.id)).length;
  return {
    order,
    parcel,
    name: count > 1 ? `Parcel ${parcel.seq} of ${count}` : 'Your parcel',
    trackUrl: new URL(trackPath(platform, order, parcel.seq, { kind: 'link' }), platform.config.baseUrl).href,
  };
}

/** A letter about one parcel: its own dedupe subject, so each parcel of an order has its email. */
async function parcelLetter(platform: Platform, news: ParcelNews, blocks: Letter['blocks']): Promise<Letter> {
  const letter = await orderLetter(platform, news.order, blocks, {
    about: `shipment:${news.parcel.id}`,
    values: { 'parcel.carrier': carrierName(news.parcel.carrier), 'parcel.tracking_number': news.parcel.trackingNumber },
  });
  // Suggestions relate to what is in this parcel.
  return { ...letter, variantIds: news.parcel.lines.map((line) => line.variantId) };
}

const PARCEL_PLACEHOLDERS: Record<string, string> = {
  ...ORDER_PLACEHOLDERS,
  'parcel.carrier': 'The carrier’s name, e.g. UPS',
  'parcel.tracking_number': 'The parcel’s tracking number',
};

/** For previews: a parcel of the order with this number (or a recent order in these statuses) that has reached `status`. */
async function previewParcel(db: Db, number: string | undefined, statuses: readonly OrderStatus[], status: Shipment['status']): Promise<ShipmentEventPayload | null> {
  const order = await previewOrder(db, number, statuses);
  const parcels = order ? await shipmentsOfOrder(db, order.id) : [];
  const parcel = parcels.find((p) => p.status === status) ?? parcels[0];
  return order && parcel ? { shipmentId: parcel.id, orderId: order.id, orderNumber: order.number, status } : null;
}

export const parcelShipped = defineTouchPoint({
  key: 'shipment.shipped',
  group: 'Delivery',
  title: 'Parcel shipped',
  when: 'When the carrier takes a parcel: one email for each parcel of the order.',
  event: shipmentShipped,
  kind: 'transactional',
  sells: true,
  defaults: {
    subject: 'Your order {{order.number}} is on its way',
    intro: 'Your parcel is on its way with {{parcel.carrier}}. Its tracking number is {{parcel.tracking_number}}.',
  },
  placeholders: PARCEL_PLACEHOLDERS,
  async letters(platform, tx, event) {
    const news = await parcelNews(platform, tx, event.payload);
    if (!news) return [];
    const { profile, link } = await orderContext(platform, news.order);
    const { parcel } = news;
    const estimate = estimateWords({ earliest: parcel.estimateEarliest, latest: parcel.estimateLatest }, profile, platform.clock.now());
    return [
      await parcelLetter(platform, news, [
        {
          kind: 'facts',
          rows: [
            { label: 'Carrier', value: `${carrierName(parcel.carrier)} ${parcel.service}`.trim() },
            { label: 'Tracking number', value: parcel.trackingNumber },
            ...(estimate ? [{ label: 'Delivery', value: estimate.text }] : []),
          ],
        },
        { kind: 'items', title: `${news.name}: what is inside`, items: parcelItems(news.order, parcel) },
        { kind: 'button', label: 'Track your parcel', url: news.trackUrl },
        ...(news.name === 'Your parcel' ? [] : [{ kind: 'paragraph' as const, text: 'Your order travels in several parcels: you get an email like this one as each of them leaves.' }]),
        { kind: 'link', label: 'See your order', url: link },
      ]),
    ];
  },
  preview: (db, number) => previewParcel(db, number, ['shipped', 'partially_shipped', 'out_for_delivery', 'delivered'], 'shipped'),
});

export const parcelOutForDelivery = defineTouchPoint({
  key: 'shipment.out-for-delivery',
  group: 'Delivery',
  title: 'Out for delivery',
  when: 'When the carrier’s driver sets off with a parcel: one email for each parcel.',
  event: shipmentOutForDelivery,
  kind: 'transactional',
  sells: false,
  defaults: {
    subject: 'Arriving today: your order {{order.number}}',
    intro: 'Your parcel is out for delivery with {{parcel.carrier}} and should reach you today.',
  },
  placeholders: PARCEL_PLACEHOLDERS,
  async letters(platform, tx, event) {
    const news = await parcelNews(platform, tx, event.payload);
    if (!news) return [];
    return [
      await parcelLetter(platform, news, [
        { kind: 'items', title: `${news.name}: what is inside`, items: parcelItems(news.order, news.parcel) },
        { kind: 'button', label: 'Track your parcel', url: news.trackUrl },
        { kind: 'paragraph', text: 'If you will not be in, the carrier’s tracking page shows what you can do. Anything else: just reply to this email.' },
      ]),
    ];
  },
  preview: (db, number) => previewParcel(db, number, ['out_for_delivery', 'delivered'], 'out_for_delivery'),
});

export const parcelDelivered = defineTouchPoint({
  key: 'shipment.delivered',
  group: 'Delivery',
  title: 'Parcel delivered',
  when: 'When the carrier reports a parcel delivered: one email for each parcel.',
  event: shipmentDelivered,
  kind: 'transactional',
  sells: true,
  defaults: {
    subject: 'Delivered: your order {{order.number}}',
    intro: '{{parcel.carrier}} tells us your parcel has been delivered. We hope you enjoy it.',
  },
  placeholders: PARCEL_PLACEHOLDERS,
  async letters(platform, tx, event) {
    const news = await parcelNews(platform, tx, event.payload);
    if (!news) return [];
    const { profile, link } = await orderContext(platform, news.order);
    const at = news.parcel.deliveredAt;
    return [
      await parcelLetter(platform, news, [
        ...(at ? [{ kind: 'facts' as const, rows: [{ label: 'Delivered', value: formatDateTime(at, profile.locale, profile.timeZone) }] }] : []),
        { kind: 'items', title: `${news.name}: what was inside`, items: parcelItems(news.order, news.parcel) },
        {
          kind: 'paragraph',
          text: 'If it has not reached you, something is missing or damaged, or it is not what you expected, just reply to this email: a person reads it and puts it right.',
        },
        { kind: 'link', label: 'See your order', url: link },
      ]),
    ];
  },
  preview: (db, number) => previewParcel(db, number, ['delivered'], 'delivered'),
});

const DELAY_PLACEHOLDERS: Record<string, string> = {
  ...ORDER_PLACEHOLDERS,
  'delivery.new_dates': 'The new delivery dates, e.g. Thursday, November 26 – Monday, November 30',
};

interface DelayNews {
  order: Order;
  delay: OrderDelay;
  newDates: string;
}

async function delayNews(platform: Platform, tx: Db, payload: DeliveryDelayedPayload): Promise<DelayNews | null> {
  const order = await orderById(tx, payload.orderId);
  const delays = await delaysOfOrder(tx, payload.orderId);
  const delay = delays.find((d) => d.id === payload.delayId);
  if (!order || !delay) return null;
  const { profile } = await orderContext(platform, order);
  return { order, delay, newDates: formatDayRange(delay.newEarliest, delay.newLatest, profile.locale, { long: true }) };
}

/** A letter about one revision of the promise: each new slip is its own news. */
const delayLetter = (platform: Platform, news: DelayNews, blocks: Letter['blocks']) =>
  orderLetter(platform, news.order, blocks, { about: `delay:${news.delay.id}`, values: { 'delivery.new_dates': news.newDates } });

/** What went wrong, and what we are doing about it, in the customer's words (a backorder's new date has its own email). */
async function delayStory(tx: Db, delay: OrderDelay): Promise<{ what: string; doing: string } | null> {
  if (delay.kind === 'backorder') return null;
  const parcel = delay.shipmentId ? await shipmentById(tx, delay.shipmentId) : null;
  const carrier = parcel ? carrierName(parcel.carrier) : 'the carrier';
  const stories: Record<Exclude<DelayKind, 'backorder'>, { what: string; doing: string }> = {
    processing: {
      what: 'Your order did not leave us on the day we promised.',
      doing: 'It is now first in line in our warehouse, and a member of our team is watching it until it leaves.',
    },
    no_scan: {
      what: `${carrier} has not scanned your parcel for a while, so we cannot see it moving.`,
      doing: `A member of our team has asked ${carrier} to trace it and will get in touch if you need to do anything.`,
    },
    carrier_exception: {
      what: parcel?.exception ? `${carrier} reported a problem with your parcel: “${parcel.exception}”.` : `${carrier} reported a problem with your parcel.`,
      doing: `A member of our team is sorting it out with ${carrier} and will get in touch if you need to do anything.`,
    },
  };
  return stories[delay.kind];
}

export const deliveryDelayedTouchPoint = defineTouchPoint({
  key: 'delivery.delayed',
  group: 'Delivery',
  title: 'Delivery delayed',
  when: 'When the delay checks find an order that will miss its promised date (not shipped in time, a parcel gone quiet, a carrier problem).',
  event: deliveryDelayed,
  kind: 'transactional',
  sells: false,
  defaults: {
    subject: 'Sorry: your order {{order.number}} is running late',
    intro: 'We are sorry: your order {{order.number}} will not arrive when we said. It should now arrive {{delivery.new_dates}}.',
  },
  placeholders: DELAY_PLACEHOLDERS,
  async letters(platform, tx, event) {
    // A backordered item's new date has its own email (below).
    if (event.payload.kind === 'backorder') return [];
    const news = await delayNews(platform, tx, event.payload);
    const story = news && (await delayStory(tx, news.delay));
    if (!news || !story) return [];
    const { link } = await orderContext(platform, news.order);
    return [
      await delayLetter(platform, news, [
        { kind: 'paragraph', text: story.what },
        { kind: 'facts', rows: [{ label: 'New delivery dates', value: news.newDates }] },
        { kind: 'paragraph', text: story.doing },
        { kind: 'paragraph', text: 'If the new dates do not work for you, just reply to this email and we will find another way together.' },
        { kind: 'button', label: 'See your order', url: link },
      ]),
    ];
  },
  preview: (db, number) => previewDelay(db, number, (kind) => kind !== 'backorder'),
});

export const backorderDateChanged = defineTouchPoint({
  key: 'backorder.date-changed',
  group: 'Delivery',
  title: 'Backorder date changed',
  when: 'When the restock a backordered item waits for is now expected later, so it ships later than we said.',
  event: deliveryDelayed,
  kind: 'transactional',
  sells: false,
  defaults: {
    subject: 'A new date for your order {{order.number}}',
    intro: 'We are sorry: the restock your order {{order.number}} is waiting for now reaches us later than planned. It should now arrive {{delivery.new_dates}}.',
  },
  placeholders: DELAY_PLACEHOLDERS,
  async letters(platform, tx, event) {
    if (event.payload.kind !== 'backorder') return [];
    const news = await delayNews(platform, tx, event.payload);
    if (!news) return [];
    const { profile, link } = await orderContext(platform, news.order);
    const waiting = news.order.lines.filter((line) => line.variantId === news.delay.variantId);
    return [
      await delayLetter(platform, news, [
        {
          kind: 'items',
          title: 'Waiting for the restock',
          items: waiting.map((line) => lineRow(line, line.quantity)),
        },
        {
          kind: 'facts',
          rows: [...(news.delay.newShipsOn ? [{ label: 'Leaves us', value: formatDay(news.delay.newShipsOn, profile.locale, { long: true }) }] : []), { label: 'New delivery dates', value: news.newDates }],
        },
        { kind: 'paragraph', text: 'Your items stay reserved for you. If you would rather not wait, just reply to this email and we will talk it through with you.' },
        { kind: 'button', label: 'See your order', url: link },
      ]),
    ];
  },
  preview: (db, number) => previewDelay(db, number, (kind) => kind === 'backorder'),
});

async function previewDelay(db: Db, number: string | undefined, fits: (kind: DelayKind) => boolean): Promise<DeliveryDelayedPayload | null> {
  const order = await previewOrder(db, number, ['validated', 'in_preparation', 'prepared', 'partially_shipped', 'shipped']);
  const delay = order ? (await delaysOfOrder(db, order.id)).find((d) => fits(d.kind)) : undefined;
  return order && delay ? { delayId: delay.id, orderId: order.id, orderNumber: order.number, kind: delay.kind, shipmentId: delay.shipmentId } : null;
}

export const DELIVERY_TOUCH_POINTS = [parcelShipped, parcelOutForDelivery, parcelDelivered, deliveryDelayedTouchPoint, backorderDateChanged] as TouchPoint[];
