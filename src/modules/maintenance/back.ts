// "Email me when it's back": a shopper turned away from checkout by a maintenance window leaves
// an address; when the window ends (or is called off) each address is told once. A minute's
// job finds the windows over with addresses waiting, marks them told and publishes one event
// per address in the same transaction, so a crash can neither lose nor repeat one.
import { and, desc, eq, inArray, isNotNull, isNull, lte, or } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { defineEvent } from '../../platform/events/events.ts';
import { newId } from '../../platform/ids.ts';
import type { Platform } from '../../platform/platform.ts';
import { normalizeEmail } from '../customers/index.ts';
import { maintenanceBackRequests, maintenanceWindows } from './schema.ts';

/** The store is back after a window: tell the address of this request. */
export const maintenanceBack = defineEvent<{ requestId: string }>('maintenance.back');

export type BackRequest = typeof maintenanceBackRequests.$inferSelect;

export const TELL_BACK_JOB = 'maintenance.tell-back';
/** Every minute: the email follows the end of a window closely enough. */
export const TELL_BACK_CRON = '* * * * *';
/** Addresses told per run; a run that hits it goes on with the rest. */
const BATCH = 500;

/**
 * Keeps the address to tell when `windowId` is over. Asking twice for the same window keeps
 * one request; asking again after being told (a later window) makes a new one.
 */
export async function requestBackEmail(platform: Platform, tx: Db, windowId: string, email: string): Promise<BackRequest> {
  const [row] = await tx
    .insert(maintenanceBackRequests)
    .values({ id: newId(), windowId, email: normalizeEmail(email), createdAt: platform.clock.now() })
    .onConflictDoUpdate({ target: [maintenanceBackRequests.windowId, maintenanceBackRequests.email], set: { email: normalizeEmail(email) } })
    .returning();
  return row!;
}

export function backRequestById(db: Db, id: string): Promise<BackRequest | undefined> {
  return db
    .select()
    .from(maintenanceBackRequests)
    .where(eq(maintenanceBackRequests.id, id))
    .then(([row]) => row);
}

/** The request left most recently, for the admin's email preview. */
export function latestBackRequest(db: Db): Promise<BackRequest | undefined> {
  return db
    .select()
    .from(maintenanceBackRequests)
    .orderBy(desc(maintenanceBackRequests.createdAt))
    .limit(1)
    .then(([row]) => row);
}

/**
 * Tells every address waiting on a window that has ended or was cancelled by `now`: marks the
 * requests told and publishes `maintenance.back` for each. Returns how many were told.
 */
export async function tellShoppersBack(platform: Platform): Promise<number> {
  let told = 0;
  for (;;) {
    const batch = await platform.database.transaction(async (tx) => {
      const now = platform.clock.now();
      const waiting = await tx
        .select({ id: maintenanceBackRequests.id })
        .from(maintenanceBackRequests)
        .innerJoin(maintenanceWindows, eq(maintenanceWindows.id, maintenanceBackRequests.windowId))
        .where(and(isNull(maintenanceBackRequests.notifiedAt), or(lte(maintenanceWindows.endsAt, now), isNotNull(maintenanceWindows.cancelledAt))))
        .limit(BATCH)
        .for('update', { of: maintenanceBackRequests, skipLocked: true });
      if (waiting.length === 0) return 0;
      const ids = waiting.map((row) => row.id);
      await tx.update(maintenanceBackRequests).set({ notifiedAt: now }).where(inArray(maintenanceBackRequests.id, ids));
      for (const id of ids) await platform.events.publish(tx, maintenanceBack, { requestId: id });
      return ids.length;
    });
    told += batch;
    if (batch < BATCH) return told;
  }
}
