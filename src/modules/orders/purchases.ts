// What order history says about products, for suggestions: the variants an address has ever
// ordered (never suggest them again), and the variants that share orders with some others
// ("bought together"). Each is one query over indexed columns (orders by email, lines by
// variant and by order).
import { eq, sql } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import { orderLines, orders } from './schema.ts';

/** Every variant on any order of this (normalised) address, whatever became of the order. */
export async function variantsOrderedBy(db: Db, email: string): Promise<string[]> {
  const found = await db
    .selectDistinct({ variantId: orderLines.variantId })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(eq(orders.email, email));
  return found.map((row) => row.variantId);
}

/**
 * Other variants found on orders that contain any of `variantIds`, with the number of such
 * orders, most shared first (at most `limit`).
 */
export async function variantsOrderedWith(db: Db, variantIds: readonly string[], limit: number): Promise<Map<string, number>> {
  if (variantIds.length === 0) return new Map();
  const ids = sql`ARRAY[${sql.join([...new Set(variantIds)].map((id) => sql`${id}::uuid`), sql`, `)}]`;
  const found = await rows<{ variant_id: string; orders: number }>(
    db,
    sql`select other.variant_id, count(distinct other.order_id)::int as orders
        from ${orderLines} mine
        join ${orderLines} other on other.order_id = mine.order_id
        where mine.variant_id = any(${ids}) and not (other.variant_id = any(${ids}))
        group by other.variant_id
        order by orders desc, other.variant_id
        limit ${limit}`,
  );
  return new Map(found.map((row) => [row.variant_id, Number(row.orders)]));
}
