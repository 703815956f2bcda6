// Recording an order: called by the checkout inside its own transaction, so the order, its
// lines, its first history row and the order.placed event commit together with the rest of
// placing it (the stock allocation) — or not at all. One cart makes at most one order: a second
// submit finds the first order instead of failing, without aborting the caller's transaction.
import { deferWrite, type Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import type { Platform } from '../../platform/platform.ts';
import { actorLabel } from './actor.ts';
import { ORDER_EVENTS } from './events.ts';
import { newOrderNumber } from './numbers.ts';
import { orderByCart, toOrder, type Order } from './read.ts';
import { checkNewOrder, type NewOrder } from './new-order.ts';
import { orderLines, orders, orderTransitions } from './schema.ts';

/** Two random numbers colliding is already unlikely; five in a row means something else is wrong. */
const NUMBER_ATTEMPTS = 5;

/** `drawNumber` is there for tests that need two orders to draw the same number. */
export async function recordOrder(platform: Platform, tx: Db, input: NewOrder, drawNumber: () => string = newOrderNumber): Promise<{ order: Order; created: boolean }> {
  const clean = checkNewOrder(input);
  const now = platform.clock.now();
  for (let attempt = 0; attempt < NUMBER_ATTEMPTS; attempt++) {
    // ON CONFLICT DO NOTHING (any unique key: the cart or the number) instead of catching a
    // unique violation: on PostgreSQL an error would abort the caller's whole transaction.
    // A concurrent insert for the same cart waits here until the other transaction ends.
    const [row] = await tx
      .insert(orders)
      .values({
        id: newId(),
        number: drawNumber(),
        cartId: clean.cartId,
        customerId: clean.customerId,
        email: clean.email,
        status: 'placed',
        paymentStatus: 'pending',
        currency: clean.currency,
        subtotal: clean.subtotal,
        shippingTotal: clean.shippingTotal,
        taxTotal: clean.taxTotal,
        total: clean.total,
        pricesIncludeTax: clean.pricesIncludeTax,
        shippingAddress: clean.shippingAddress,
        shippingMethod: clean.shippingMethod,
        paymentDeadline: clean.paymentDeadline,
        placedAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (row) {
      const lines = clean.lines.map((line, index): typeof orderLines.$inferSelect => ({ ...line, imageUrl: line.imageUrl ?? null, id: newId(), orderId: row.id, position: index + 1 }));
      // The lines and the first history row go in one statement (a data-modifying WITH), sent
      // with the transaction's next statement or its commit (deferWrite); the order is answered
      // from what is written.
      const opened = tx.$with('opened').as(
        tx
          .insert(orderTransitions)
          .values({ orderId: row.id, seq: 1, fromStatus: null, toStatus: 'placed', at: now, actorKind: clean.actor.kind, actorId: clean.actor.id ?? null, reason: '' })
          .returning({ seq: orderTransitions.seq }),
      );
      await deferWrite(tx, tx.with(opened).insert(orderLines).values(lines));
      await platform.events.publish(tx, ORDER_EVENTS.placed, { orderId: row.id, number: row.number, from: null }, actorLabel(clean.actor));
      return { order: toOrder(row, lines), created: true };
    }
    if (clean.cartId) {
      const existing = await orderByCart(tx, clean.cartId);
      if (existing) return { order: existing, created: false };
    }
    // Nothing for this cart: the number was taken. Draw another.
  }
  throw new Error(`No free order number after ${NUMBER_ATTEMPTS} attempts`);
}

