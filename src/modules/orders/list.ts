// Lists of orders, newest first, a page at a time: a customer's own orders, and the staff's
// search (an order number, or part of an email, a delivery name or a phone number, or what
// other modules' finders recognise, such as a tracking number) with a status filter.
import { and, count, desc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { normalizeOrderNumber } from './numbers.ts';
import { orderLines, orders, orderSearchText } from './schema.ts';
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
  /** An order number (however typed), or part of an email address, a delivery name or a phone number. */
  q?: string;
  /** Orders other modules' finders found for `q` (a tracking number's order). */
  foundElsewhere?: readonly string[];
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
  if (q) where.push(searchCondition(q, filter.foundElsewhere ?? []));
  return where.length ? and(...where) : undefined;
}

/** Fewer letters than a trigram: "contains" cannot use the index, so only the start of an email is matched. */
const CONTAINS_MIN = 3;
/** A phone number as typed: digits with spaces, dashes, dots, brackets or a leading +. */
const PHONE_LIKE = /^\+?[\d\s().-]+$/;
const PHONE_DIGITS_MIN = 4;

/**
 * An order number is matched exactly; the same words are also looked for in the email, name
 * and phone, since a name can read as a number ("Margaret" is eight letters of the numbers'
 * alphabet) and the number's order is found either way.
 */
function searchCondition(q: string, foundElsewhere: readonly string[]): SQL {
  const number = normalizeOrderNumber(q);
  const term = q.toLowerCase();
  const matches: SQL[] = number ? [eq(orders.number, number)] : [];
  const digits = q.replace(/\D/g, '');
  if (PHONE_LIKE.test(q) && digits.length >= PHONE_DIGITS_MIN) matches.push(like(orderSearchText(orders.email, orders.shippingAddress), `%${digits}%`));
  else if (term.length >= CONTAINS_MIN) matches.push(like(orderSearchText(orders.email, orders.shippingAddress), `%${escapeLike(term)}%`));
  else matches.push(like(orders.email, `${escapeLike(term)}%`));
  if (foundElsewhere.length > 0) matches.push(inArray(orders.id, [...foundElsewhere]));
  return or(...matches)!;
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

export interface CustomerSpend {
  currency: string;
  /** Orders not cancelled. */
  orders: number;
  /** The sum of their totals, in minor units. */
  total: number;
}

/** What a customer has spent with the store, per currency (lifetime value for the support desk). */
export async function customerSpend(db: Db, customerId: string): Promise<CustomerSpend[]> {
  return db
    .select({ currency: orders.currency, orders: sql<number>`count(*)::int`, total: sql<number>`coalesce(sum(${orders.total}), 0)::bigint::float8` })
    .from(orders)
    .where(and(eq(orders.customerId, customerId), sql`${orders.status} <> 'cancelled'`))
    .groupBy(orders.currency)
    .orderBy(orders.currency);
}
