// Who else has a ticket open in the console. Each open page renews its row every
// PRESENCE_BEAT_MS (and says whether its reply box has text in it); rows older than
// PRESENCE_TTL_MS are people who left. A change in who is there is announced on the ticket's
// live topic, so the other pages fetch the new list at once instead of at their next beat.
import { and, eq, gte, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import type { Platform } from '../../platform/platform.ts';
import { announceTicketChange } from './live.ts';
import { ticketPresence } from './schema.ts';

export const PRESENCE_BEAT_MS = 15_000;
/** Two missed beats and a margin: a page that stopped renewing is gone. */
export const PRESENCE_TTL_MS = 40_000;

export interface Presence {
  staffId: string;
  replying: boolean;
  seenAt: Date;
}

/** Records that `staffId` has the ticket open (typing a reply or not); announces a change in who is there. */
export async function notePresence(platform: Platform, db: Db, ticketId: string, staffId: string, replying: boolean): Promise<void> {
  const now = platform.clock.now();
  const fresh = new Date(now.getTime() - PRESENCE_TTL_MS);
  const [before] = await db
    .select({ replying: ticketPresence.replying, seenAt: ticketPresence.seenAt })
    .from(ticketPresence)
    .where(and(eq(ticketPresence.ticketId, ticketId), eq(ticketPresence.staffId, staffId)));
  await db
    .insert(ticketPresence)
    .values({ ticketId, staffId, replying, seenAt: now })
    .onConflictDoUpdate({ target: [ticketPresence.ticketId, ticketPresence.staffId], set: { replying, seenAt: now } });
  // Old rows of this ticket are cleared as they are found, so the table stays as small as the desk.
  await db.delete(ticketPresence).where(and(eq(ticketPresence.ticketId, ticketId), lt(ticketPresence.seenAt, fresh)));
  // A beat that changes nothing others see is not announced.
  if (!before || before.seenAt < fresh || before.replying !== replying) announceTicketChange(platform, ticketId, 'presence');
}

/** Leaving the page: the row goes at once rather than at the TTL. */
export async function leaveTicket(platform: Platform, db: Db, ticketId: string, staffId: string): Promise<void> {
  const gone = await db.delete(ticketPresence).where(and(eq(ticketPresence.ticketId, ticketId), eq(ticketPresence.staffId, staffId))).returning();
  if (gone.length > 0) announceTicketChange(platform, ticketId, 'presence');
}

/** The other staff members with the ticket open now, most recent first. */
export async function othersPresent(platform: Platform, db: Db, ticketId: string, staffId: string): Promise<Presence[]> {
  const fresh = new Date(platform.clock.now().getTime() - PRESENCE_TTL_MS);
  return db
    .select({ staffId: ticketPresence.staffId, replying: ticketPresence.replying, seenAt: ticketPresence.seenAt })
    .from(ticketPresence)
    .where(and(eq(ticketPresence.ticketId, ticketId), ne(ticketPresence.staffId, staffId), gte(ticketPresence.seenAt, fresh)))
    .orderBy(sql`${ticketPresence.seenAt} desc`);
}
