// Guest carts are kept 30 days after their last change; a nightly job deletes the expired
// ones (their lines go with them). Customers' carts are never deleted here: they belong to
// an account, not to a browser.
import { and, isNull, lt } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { carts } from './schema.ts';

export const DELETE_EXPIRED_JOB = 'cart.delete-expired-guest-carts';
/** Every night at 03:17 (store time): a quiet hour, off the round minute others pick. */
export const DELETE_EXPIRED_CRON = '17 3 * * *';

export async function deleteExpiredGuestCarts(db: Db, now: Date): Promise<number> {
  const deleted = await db
    .delete(carts)
    .where(and(isNull(carts.customerId), lt(carts.expiresAt, now)))
    .returning({ id: carts.id });
  return deleted.length;
}
