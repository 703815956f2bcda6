// Lists of orders, newest first, a page at a time: a customer's own orders, and the staff's
// search by order number or email with a status filter.
import { and, count, desc, eq, inArray, like, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { normalizeOrderNumber } from './numbers.ts';
import { orderLines, orders } from './schema.ts';
import type { OrderStatus } from './states.ts';

export interface OrderSummary {
  id: string;
  number: string;
  email: string;
  /** The name on the delivery address. */
  name: string;
  status: OrderStatus;
  paymentStatus: string;
  currency: string;
  total: number;
  itemCount: number;
  placedAt: Date;
}

export interface OrderPage {
  rows: OrderSummary[];
  total: number;
  page: number;
  pageCount: number;
}

export interface OrderFilter {
  customerId?: string;
  /** An order number (however typed) or the start of an email address. */
  q?: string;
  status?: OrderStatus;
}

export const ORDERS_PER_PAGE = 25;

/** `%` and `_` typed into a search are letters, not wildcards. */
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function conditions(filter: OrderFilter): SQL | undefined {
  const where: SQL[] = [];
  if (filter.customerId) where.push(eq(orders.customerId, filter.customerId));
  if (filter.status) where.push(eq(orders.status, filter.status));
  const q = filter.q?.trim();
  if (q) {
    const number = normalizeOrderNumber(q);
    where.push(number ? eq(orders.number, number) : like(orders.email, `${escapeLike(q.toLowerCase())}%`));
  }
  return where.length ? and(...where) : undefined;
}

export async function listOrders(db: Db, filter: OrderFilter, page: number): Promise<OrderPage> {
  const where = conditions(filter);
  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(orders).where(where);
  const pageCount = Math.max(1, Math.ceil(total / ORDERS_PER_PAGE));
  const current = Math.min(Math.max(1, page), pageCount);
  const found = await db
    .select({
      id: orders.id,
      number: orders.number,
      email: orders.email,
      name: sql<string>`${orders.shippingAddress}->>'name'`,
      status: orders.status,
      paymentStatus: orders.paymentStatus,
      currency: orders.currency,
      total: orders.total,
      placedAt: orders.placedAt,
    })
    .from(orders)
    .where(where)
    .orderBy(desc(orders.placedAt), desc(orders.id))
    .limit(ORDERS_PER_PAGE)
    .offset((current - 1) * ORDERS_PER_PAGE);
  const counts = found.length
    ? await db
        .select({ orderId: orderLines.orderId, items: sql<number>`sum(${orderLines.quantity})::int` })
        .from(orderLines)
        .where(
          inArray(
            orderLines.orderId,
            found.map((o) => o.id),
          ),
        )
        .groupBy(orderLines.orderId)
    : [];
  const items = new Map(counts.map((c) => [c.orderId, c.items]));
  return { rows: found.map((o) => ({ ...o, itemCount: items.get(o.id) ?? 0 })), total, page: current, pageCount };
}
