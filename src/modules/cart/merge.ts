// Signing in with a guest cart: its lines join the customer's cart. Quantities of the same
// variant add up (within the per-line limit), the price seen first is kept, and the guest
// cart is marked 'merged' so it cannot be merged twice. The guest cart row is locked first,
// so two requests carrying the same cookie merge it once between them.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { ensureCustomerCart, touchCart } from './carts.ts';
import { MAX_LINES, MAX_QUANTITY } from './limits.ts';
import { cartLines, carts } from './schema.ts';

type LineRow = typeof cartLines.$inferSelect;

const linesOf = (tx: Db, cartId: string) =>
  tx.select().from(cartLines).where(eq(cartLines.cartId, cartId)).orderBy(asc(cartLines.createdAt), asc(cartLines.id));

export async function mergeGuestCart(tx: Db, guestCartId: string, customerId: string, now: Date): Promise<void> {
  const [guest] = await tx
    .select({ id: carts.id })
    .from(carts)
    .where(and(eq(carts.id, guestCartId), eq(carts.state, 'active'), isNull(carts.customerId)))
    .for('update');
  if (!guest) return; // merged already (a concurrent request), checked out, or deleted
  const incoming = await linesOf(tx, guest.id);
  if (incoming.length > 0) {
    const target = await ensureCustomerCart(tx, customerId, now);
    const lines = await linesOf(tx, target.id);
    for (const line of incoming) await mergeLine(tx, target.id, lines, line, now);
    await touchCart(tx, target.id, now);
  }
  await tx.update(carts).set({ state: 'merged', updatedAt: now }).where(eq(carts.id, guest.id));
}

async function mergeLine(tx: Db, targetId: string, lines: LineRow[], line: LineRow, now: Date): Promise<void> {
  const existing = lines.find((l) => l.variantId === line.variantId);
  if (existing) {
    const earlier = line.createdAt < existing.createdAt ? line : existing;
    const merged = {
      quantity: Math.min(existing.quantity + line.quantity, MAX_QUANTITY),
      unitPriceMinor: earlier.unitPriceMinor,
      createdAt: earlier.createdAt,
      updatedAt: now,
    };
    await tx.update(cartLines).set(merged).where(eq(cartLines.id, existing.id));
    Object.assign(existing, merged);
    return;
  }
  // A full cart keeps what it has; the guest's extra lines stay in the merged guest cart.
  if (lines.length >= MAX_LINES) return;
  const added = { ...line, id: newId(), cartId: targetId, updatedAt: now };
  await tx.insert(cartLines).values(added);
  lines.push(added);
}
