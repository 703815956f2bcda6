// Orders by where they stand, oldest first, for work queues outside this module (the
// fulfillment console lists the orders ready to prepare, in preparation and waiting for the
// carrier). Reads through the (status, placed_at) index; a queue shows its head and a count.
import { asc, count, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { withLines, type Order } from './read.ts';
import { orders } from './schema.ts';
import type { OrderStatus } from './states.ts';

/** At most `limit` orders in these statuses, the longest waiting (earliest placed) first, with their lines. */
export async function ordersInStatus(db: Db, statuses: readonly OrderStatus[], limit: number): Promise<Order[]> {
  if (statuses.length === 0) return [];
  const found = await db
    .select()
    .from(orders)
    .where(inArray(orders.status, [...statuses]))
    .orderBy(asc(orders.placedAt), asc(orders.id))
    .limit(limit);
  return withLines(db, found);
}

/** How many orders are in each of these statuses (0 for none). */
export async function countOrdersInStatus(db: Db, statuses: readonly OrderStatus[]): Promise<Map<OrderStatus, number>> {
  const counts = new Map<OrderStatus, number>(statuses.map((s) => [s, 0]));
  if (statuses.length === 0) return counts;
  const found = await db
    .select({ status: orders.status, n: count() })
    .from(orders)
    .where(inArray(orders.status, [...statuses]))
    .groupBy(orders.status);
  for (const row of found) counts.set(row.status, Number(row.n));
  return counts;
}
