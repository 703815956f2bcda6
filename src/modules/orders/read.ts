// Reading orders: one order with its lines (by id, number or cart), its history, and the unpaid
// orders whose payment deadline has passed. Plain data out; every function takes the handle
// (database or transaction) it should read through.
import { and, asc, eq, getTableColumns, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { normalizeOrderNumber } from './numbers.ts';
import { isUuid } from './uuid.ts';
import { orderLines, orders, orderTransitions, type ActorKind, type OrderAddress, type OrderLinePromise, type OrderShippingMethod } from './schema.ts';
import type { OrderStatus } from './states.ts';

export interface OrderLine {
  /** What a shipment line points at. */
  id: string;
  position: number;
  variantId: string;
  sku: string;
  productTitle: string;
  variantTitle: string | null;
  imageUrl: string | null;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
  tax: number;
  taxRateBp: number;
  promise: OrderLinePromise;
}

export interface Order {
  id: string;
  number: string;
  cartId: string | null;
  customerId: string | null;
  email: string;
  status: OrderStatus;
  /** While on hold: the status it returns to. */
  heldFrom: OrderStatus | null;
  paymentStatus: string;
  currency: string;
  pricesIncludeTax: boolean;
  subtotal: number;
  shippingTotal: number;
  taxTotal: number;
  total: number;
  shippingAddress: OrderAddress;
  shippingMethod: OrderShippingMethod;
  paymentDeadline: Date;
  placedAt: Date;
  /** When the status last changed. */
  updatedAt: Date;
  cancelledReason: string | null;
  lines: OrderLine[];
}

export interface OrderTransition {
  seq: number;
  from: OrderStatus | null;
  to: OrderStatus;
  at: Date;
  actorKind: ActorKind;
  actorId: string | null;
  reason: string;
}

export type OrderRow = typeof orders.$inferSelect;
type LineRow = typeof orderLines.$inferSelect;

export function toOrderLine(row: LineRow): OrderLine {
  return {
    id: row.id,
    position: row.position,
    variantId: row.variantId,
    sku: row.sku,
    productTitle: row.productTitle,
    variantTitle: row.variantTitle,
    imageUrl: row.imageUrl,
    quantity: row.quantity,
    unitPrice: row.unitPrice,
    lineTotal: row.lineTotal,
    tax: row.tax,
    taxRateBp: row.taxRateBp,
    promise: row.promise,
  };
}

export function toOrder(row: OrderRow, lines: readonly LineRow[]): Order {
  return {
    id: row.id,
    number: row.number,
    cartId: row.cartId,
    customerId: row.customerId,
    email: row.email,
    status: row.status,
    heldFrom: row.heldFrom,
    paymentStatus: row.paymentStatus,
    currency: row.currency,
    pricesIncludeTax: row.pricesIncludeTax,
    subtotal: row.subtotal,
    shippingTotal: row.shippingTotal,
    taxTotal: row.taxTotal,
    total: row.total,
    shippingAddress: row.shippingAddress,
    shippingMethod: row.shippingMethod,
    paymentDeadline: row.paymentDeadline,
    placedAt: row.placedAt,
    updatedAt: row.updatedAt,
    cancelledReason: row.cancelledReason,
    lines: [...lines].sort((a, b) => a.position - b.position).map(toOrderLine),
  };
}

/** The orders of these rows with their lines, in the rows' order. */
export async function withLines(db: Db, rows: readonly OrderRow[]): Promise<Order[]> {
  if (rows.length === 0) return [];
  const lines = await db
    .select()
    .from(orderLines)
    .where(
      inArray(
        orderLines.orderId,
        rows.map((r) => r.id),
      ),
    );
  return rows.map((row) => toOrder(row, lines.filter((line) => line.orderId === row.id)));
}

/**
 * One order and its lines in one query: the lines come along as a JSON array (every field of a
 * line is a string, a number or JSON already), so reading an order is one round trip wherever
 * it is read (its page, every email about it, checkout's steps). With `lock`, the order's row
 * stays locked until the caller's transaction ends.
 */
export async function oneOrder(db: Db, where: SQL, options: { lock?: boolean } = {}): Promise<Order | null> {
  const [order] = await ordersWhere(db, where, { ...options, limit: 1 });
  return order ?? null;
}

/** Orders with their lines, in one query; locked (in id order, so that two lockers queue instead of deadlocking) when asked. */
export async function ordersWhere(db: Db, where: SQL, options: { lock?: boolean; limit?: number } = {}): Promise<Order[]> {
  const query = db
    .select({
      ...getTableColumns(orders),
      lines: sql<OrderLine[]>`(
        select coalesce(json_agg(json_build_object(
                 'id', l.id, 'position', l.position, 'variantId', l.variant_id, 'sku', l.sku, 'productTitle', l.product_title,
                 'variantTitle', l.variant_title, 'imageUrl', l.image_url, 'quantity', l.quantity, 'unitPrice', l.unit_price,
                 'lineTotal', l.line_total, 'tax', l.tax, 'taxRateBp', l.tax_rate_bp, 'promise', l.promise) order by l.position), '[]'::json)
          from ${orderLines} l where l.order_id = ${orders}."id")`,
    })
    .from(orders)
    .where(where)
    .orderBy(orders.id)
    .$dynamic();
  if (options.limit !== undefined) query.limit(options.limit);
  const found = await (options.lock ? query.for('update', { of: orders }) : query);
  return found.map(({ lines, ...order }) => ({ ...toOrder(order, []), lines }));
}

export async function orderById(db: Db, id: string): Promise<Order | null> {
  if (!isUuid(id)) return null;
  return oneOrder(db, eq(orders.id, id));
}

/** Finds an order however its number was typed (case, spaces, dashes, with or without "DS"). */
export async function orderByNumber(db: Db, number: string): Promise<Order | null> {
  const normalized = normalizeOrderNumber(number);
  if (!normalized) return null;
  return oneOrder(db, eq(orders.number, normalized));
}

export async function orderByCart(db: Db, cartId: string): Promise<Order | null> {
  if (!isUuid(cartId)) return null;
  return oneOrder(db, eq(orders.cartId, cartId));
}

/** Every status the order entered, oldest first, with who moved it and why. */
export async function orderHistory(db: Db, orderId: string): Promise<OrderTransition[]> {
  const found = await db.select().from(orderTransitions).where(eq(orderTransitions.orderId, orderId)).orderBy(asc(orderTransitions.seq));
  return found.map((row) => ({
    seq: row.seq,
    from: row.fromStatus,
    to: row.toStatus,
    at: row.at,
    actorKind: row.actorKind,
    actorId: row.actorId,
    reason: row.reason,
  }));
}

/**
 * Orders still waiting for payment (`placed`) whose deadline is before `now`, the most overdue
 * first. Orders on hold are left alone: someone is looking at them. The caller settles each
 * one's payment with the gateway before cancelling it: an outcome may still be unknown.
 */
export async function unpaidOrdersPastDeadline(db: Db, now: Date, limit: number): Promise<Order[]> {
  const found = await db
    .select()
    .from(orders)
    .where(and(eq(orders.status, 'placed'), lt(orders.paymentDeadline, now)))
    .orderBy(asc(orders.paymentDeadline))
    .limit(limit);
  return withLines(db, found);
}
