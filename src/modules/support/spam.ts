// Spam and abuse: a ticket marked so leaves every queue and no email goes out about it (the
// email facts the notifications module reads say there is no such ticket). Its sender can be
// blocked: their next requests open straight as spam, so nobody answers them and no
// acknowledgement tells a spammer the address is read. Marking is undone by "not spam"; a
// block is lifted with it.
import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { Problem } from '../../platform/http/problem.ts';
import type { Platform } from '../../platform/platform.ts';
import { actorLabel, type TicketActor } from './actor.ts';
import { lockTicket, recordTicketEvent } from './history.ts';
import { announceTicketChange } from './live.ts';
import { supportBlockedSenders, tickets } from './schema.ts';

export async function isBlockedSender(db: Db, email: string): Promise<boolean> {
  const [row] = await db.select({ email: supportBlockedSenders.email }).from(supportBlockedSenders).where(eq(supportBlockedSenders.email, email));
  return row !== undefined;
}

/** Marks the ticket spam (and blocks its sender when asked). Marking a spam ticket again only adds the block. */
export async function markSpam(platform: Platform, tx: Db, ticketId: string, options: { block: boolean }, by: TicketActor): Promise<void> {
  const ticket = await lockTicket(tx, ticketId);
  const now = platform.clock.now();
  const actor = actorLabel(by);
  if (!ticket.spamAt) {
    await tx.update(tickets).set({ spamAt: now, updatedAt: now }).where(eq(tickets.id, ticketId));
    await recordTicketEvent(tx, ticketId, { at: now, kind: 'spam', actor, detail: { blocked: options.block } });
  }
  if (options.block) {
    await tx.insert(supportBlockedSenders).values({ email: ticket.email, blockedAt: now, blockedBy: actor }).onConflictDoNothing();
  }
  announceTicketChange(platform, ticketId, 'ticket');
}

/** Puts a ticket marked by mistake back in the queues and lifts its sender's block. */
export async function clearSpam(platform: Platform, tx: Db, ticketId: string, by: TicketActor): Promise<void> {
  const ticket = await lockTicket(tx, ticketId);
  if (!ticket.spamAt) throw new Problem({ status: 409, type: 'ticket-not-spam', title: `Ticket ${ticket.number} is not marked spam` });
  const now = platform.clock.now();
  await tx.update(tickets).set({ spamAt: null, updatedAt: now }).where(eq(tickets.id, ticketId));
  const unblocked = await tx.delete(supportBlockedSenders).where(eq(supportBlockedSenders.email, ticket.email)).returning();
  await recordTicketEvent(tx, ticketId, { at: now, kind: 'not_spam', actor: actorLabel(by), detail: { unblocked: unblocked.length > 0 } });
  announceTicketChange(platform, ticketId, 'ticket');
}
