// What every email about an order shares: its recipient and thread, the placeholders, the
// items, the delivery estimate and the signed link to the order page. Each order touch point
// adds its own facts and words around these.
import type { Db } from '../../../platform/db/database.ts';
import { formatMoney } from '../../../platform/money.ts';
import type { Platform } from '../../../platform/platform.ts';
import { deliveryEstimate, estimateWords, orderById, orderByNumber, orderPageUrl, ordersInStatus, type Order, type OrderEventPayload, type OrderStatus } from '../../orders/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import type { Block, ItemRow, Letter } from './define.ts';

export const ORDER_PLACEHOLDERS: Record<string, string> = {
  'order.number': 'The order number, e.g. DS-7K3M-9QX2',
  'order.total': 'The order total with its currency',
};

export async function orderContext(platform: Platform, order: Order) {
  const profile = await getStoreProfile(platform);
  const money = (amount: number) => formatMoney({ amount, currency: order.currency }, profile.locale);
  return { profile, money, link: orderPageUrl(platform, order) };
}

export function itemRows(order: Order, money: (amount: number) => string): ItemRow[] {
  return order.lines.map((line) => ({
    title: line.productTitle,
    ...(line.variantTitle && line.variantTitle !== 'Default Title' ? { detail: line.variantTitle } : {}),
    quantity: line.quantity,
    amount: money(line.lineTotal),
  }));
}

/** The estimate as a facts row, or nothing when the order has none; reads through the handler's transaction. */
export async function estimateRow(platform: Platform, tx: Db, order: Order): Promise<{ label: string; value: string }[]> {
  const profile = await getStoreProfile(platform, tx);
  const words = estimateWords(await deliveryEstimate(platform, order, tx), profile, platform.clock.now());
  return words ? [{ label: 'Delivery', value: words.text }] : [];
}

/** A letter to the order's customer about `about` (the order itself unless a shipment, refund… is named). */
export async function orderLetter(platform: Platform, order: Order, blocks: Block[], options: { about?: string; values?: Record<string, string> } = {}): Promise<Letter> {
  const { money } = await orderContext(platform, order);
  const name = order.shippingAddress.name.trim().split(/\s+/)[0] ?? '';
  return {
    to: order.email,
    about: options.about ?? `order:${order.id}`,
    orderId: order.id,
    thread: `order.${order.id}`,
    values: {
      ...(name ? { 'customer.name': name } : {}),
      'order.number': order.number,
      'order.total': money(order.total),
      ...options.values,
    },
    blocks,
    variantIds: order.lines.map((line) => line.variantId),
  };
}

/** The order an order event names, or null when it has gone (nothing to write about). */
export function orderOfEvent(tx: Db, event: { payload: { orderId: string } }): Promise<Order | null> {
  return orderById(tx, event.payload.orderId);
}

/** For previews: the order with this number, else one in any of these statuses. */
export async function previewOrder(db: Db, orderNumber: string | undefined, statuses: readonly OrderStatus[]): Promise<Order | null> {
  if (orderNumber) return orderByNumber(db, orderNumber);
  const [order] = await ordersInStatus(db, statuses, 1);
  return order ?? null;
}

/** The payload of an order event, for previews. */
export function orderEventPayload(order: Order | null): OrderEventPayload | null {
  return order ? { orderId: order.id, number: order.number, from: null } : null;
}
