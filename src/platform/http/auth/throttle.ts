// Slows down password guessing per account: after MAX_FAILURES wrong passwords within the
// window, the account's sign-in is locked for LOCK_MS, whatever address the attempts come
// from. (Per-address limits are the rate limiter's job.)
import { eq, sql } from 'drizzle-orm';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { loginFailures } from './schema.ts';

export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;
export const LOCK_MS = 15 * 60 * 1000;

/** Seconds until the key may try again, or 0 when it may try now. */
export async function lockedFor(db: Db, clock: Clock, key: string): Promise<number> {
  const [row] = await db.select().from(loginFailures).where(eq(loginFailures.key, key));
  if (!row?.lockedUntil) return 0;
  return Math.max(0, Math.ceil((row.lockedUntil.getTime() - clock.now().getTime()) / 1000));
}

export async function recordFailure(db: Db, clock: Clock, key: string): Promise<void> {
  const now = clock.now();
  const windowStartsAfter = new Date(now.getTime() - WINDOW_MS);
  const lockUntil = new Date(now.getTime() + LOCK_MS);
  // One statement, so concurrent failures all count.
  await db
    .insert(loginFailures)
    .values({ key, failures: 1, windowStart: now })
    .onConflictDoUpdate({
      target: loginFailures.key,
      set: {
        failures: sql`case when ${loginFailures.windowStart} < ${windowStartsAfter} then 1 else ${loginFailures.failures} + 1 end`,
        windowStart: sql`case when ${loginFailures.windowStart} < ${windowStartsAfter} then ${now} else ${loginFailures.windowStart} end`,
        lockedUntil: sql`case when ${loginFailures.windowStart} >= ${windowStartsAfter} and ${loginFailures.failures} + 1 >= ${MAX_FAILURES} then ${lockUntil} else ${loginFailures.lockedUntil} end`,
      },
    });
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.key, key));
}
