// Cart rows: finding, creating, locking and touching carts. A guest cart has no customer;
// a customer has at most one active cart (the partial unique index carts_active_customer_key).
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { builtOnce, deferWrite, type Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { expiryFrom } from './limits.ts';
import { cartLines, carts } from './schema.ts';

export interface CartRow {
  id: string;
  customerId: string | null;
  expiresAt: Date;
}

const columns = { id: carts.id, customerId: carts.customerId, expiresAt: carts.expiresAt };

/** An active, unexpired guest cart by id. */
export async function findGuestCart(db: Db, id: string, now: Date): Promise<CartRow | null> {
  const [row] = await activeGuestCart(db).execute({ id, now });
  return row ?? null;
}

/** The guest cart named by placeholder `id`, if active and unexpired at placeholder `now` (for statements built once). */
export const isActiveGuestCart = () =>
  and(eq(carts.id, sql.placeholder('id')), eq(carts.state, 'active'), isNull(carts.customerId), gt(carts.expiresAt, sql.placeholder('now')));

/** Built once: every request of a guest's checkout asks it. */
const activeGuestCart = builtOnce((db) => db.select(columns).from(carts).where(isActiveGuestCart()).prepare('active_guest_cart'));

export async function findCustomerCart(db: Db, customerId: string): Promise<CartRow | null> {
  const [row] = await db
    .select(columns)
    .from(carts)
    .where(and(eq(carts.customerId, customerId), eq(carts.state, 'active')));
  return row ?? null;
}

export async function createGuestCart(tx: Db, now: Date): Promise<CartRow> {
  const row = { id: newId(), customerId: null, expiresAt: expiryFrom(now) };
  // Sent with the transaction's next statement or its commit (deferWrite): a new cart's id is new, nothing can refuse it.
  await deferWrite(tx, tx.insert(carts).values({ ...row, createdAt: now, updatedAt: now }));
  return row;
}

/**
 * The customer's active cart, created when there is none. Two requests creating it at once
 * meet at the unique index: the second inserts nothing and reads the first one's cart.
 */
export async function ensureCustomerCart(tx: Db, customerId: string, now: Date): Promise<CartRow> {
  await tx
    .insert(carts)
    .values({ id: newId(), customerId, createdAt: now, updatedAt: now, expiresAt: expiryFrom(now) })
    .onConflictDoNothing({ target: carts.customerId, where: sql`${carts.state} = 'active' and ${carts.customerId} is not null` });
  const [row] = await tx
    .select(columns)
    .from(carts)
    .where(and(eq(carts.customerId, customerId), eq(carts.state, 'active')))
    .for('update');
  return row!;
}

/**
 * Locks an active cart for the rest of the transaction, so changes to one cart happen one at
 * a time (the line limit and stock checks see every earlier change). False when it is gone.
 */
export async function lockCart(tx: Db, id: string): Promise<boolean> {
  const [row] = await tx.select({ id: carts.id }).from(carts).where(and(eq(carts.id, id), eq(carts.state, 'active'))).for('update');
  return row !== undefined;
}

/** Records a change: the cart is kept for another 30 days from now. Sent with the transaction's next statement or its commit (deferWrite). */
export async function touchCart(tx: Db, id: string, now: Date): Promise<Date> {
  const expiresAt = expiryFrom(now);
  await deferWrite(tx, tx.update(carts).set({ updatedAt: now, expiresAt }).where(eq(carts.id, id)));
  return expiresAt;
}

/** Checkout turns the cart into an order: it is kept, but no longer anyone's active cart. Sent with the transaction's next statement or its commit. */
export async function markCartConverted(tx: Db, id: string, now = new Date()): Promise<void> {
  await deferWrite(tx, tx.update(carts).set({ state: 'converted', updatedAt: now }).where(eq(carts.id, id)));
}

/**
 * Customers whose active cart holds something and was touched since `since` (at most `limit`):
 * they may be about to buy, so planned maintenance is announced to them.
 */
export async function customersWithOpenCarts(db: Db, since: Date, limit: number): Promise<string[]> {
  const found = await db
    .select({ customerId: carts.customerId })
    .from(carts)
    .where(and(eq(carts.state, 'active'), sql`${carts.customerId} is not null`, gt(carts.updatedAt, since), sql`exists (select 1 from ${cartLines} where ${cartLines.cartId} = ${carts.id})`))
    .limit(limit);
  return found.flatMap((row) => (row.customerId ? [row.customerId] : []));
}
