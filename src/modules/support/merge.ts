// Merging a duplicate into the ticket that answers it: the duplicate's messages (in time order
// among the other's), linked orders, tags and history move to the target; the duplicate is
// closed with a pointer to it. A customer's email or link that still names the duplicate's
// number lands on the target (currentTicket), so the conversation keeps threading.
import { and, eq, inArray, max, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { Problem } from '../../platform/http/problem.ts';
import type { Platform } from '../../platform/platform.ts';
import { actorLabel, type TicketActor } from './actor.ts';
import { lockTicket, recordTicketEvent } from './history.ts';
import { announceTicketChange } from './live.ts';
import { ticketById, withOrders, type Ticket } from './read.ts';
import { ticketEvents, ticketMessages, ticketOrders, tickets } from './schema.ts';
import { moveLockedTicket } from './status.ts';
import { TAGS_PER_TICKET } from './tags.ts';

export class MergeRefused extends Problem {
  override name = 'MergeRefused';
  constructor(title: string, detail?: string) {
    super({ status: 409, type: 'ticket-merge-refused', title, ...(detail ? { detail } : {}) });
  }
}

/** Follows merge pointers to the ticket that holds the conversation now (at most a few hops). */
export async function currentTicket(db: Db, ticket: Ticket): Promise<Ticket> {
  let current = ticket;
  for (let hop = 0; hop < 10 && current.mergedIntoId; hop++) {
    const next = await ticketById(db, current.mergedIntoId);
    if (!next) break;
    current = next;
  }
  return current;
}

export async function mergeTicket(platform: Platform, tx: Db, sourceId: string, targetId: string, by: TicketActor): Promise<Ticket> {
  if (sourceId === targetId) throw new MergeRefused('A ticket cannot be merged into itself', 'Choose the other ticket the duplicate should join.');
  // Both rows locked in one order, so two merges of the same pair at once cannot deadlock.
  const [first, second] = [sourceId, targetId].sort();
  const locked = new Map([[first!, await lockTicket(tx, first!)], [second!, await lockTicket(tx, second!)]]);
  const source = locked.get(sourceId)!;
  const target = locked.get(targetId)!;
  if (source.mergedIntoId) throw new MergeRefused(`Ticket ${source.number} was merged already`);
  if (target.status === 'closed') throw new MergeRefused(`Ticket ${target.number} is closed`, 'Merge into a ticket that is still open or solved.');
  if (source.status === 'closed') throw new MergeRefused(`Ticket ${source.number} is closed`, 'A closed ticket stays as it is.');
  if (source.email !== target.email) {
    throw new MergeRefused('These tickets are from different customers', `${source.number} is from ${source.email}, ${target.number} from ${target.email}: merging would show one customer the other's messages.`);
  }
  const now = platform.clock.now();
  const actor = actorLabel(by);

  // Messages: every message of both, numbered again in time order. Negative numbers first, so
  // the unique (ticket, seq) never sees two rows on one number mid-way.
  await tx
    .update(ticketMessages)
    .set({ ticketId: target.id, seq: sql`-${ticketMessages.seq} - case when ${ticketMessages.ticketId} = ${source.id} then 1000000 else 0 end` })
    .where(inArray(ticketMessages.ticketId, [source.id, target.id]));
  await tx.execute(sql`
    update ticket_messages m set seq = ordered.n
    from (select id, row_number() over (order by created_at, seq desc) as n from ticket_messages where ticket_id = ${target.id}) ordered
    where m.id = ordered.id`);

  // Orders the duplicate was about.
  const links = await tx.select().from(ticketOrders).where(eq(ticketOrders.ticketId, source.id));
  if (links.length > 0) {
    await tx
      .insert(ticketOrders)
      .values(links.map((link) => ({ ...link, ticketId: target.id })))
      .onConflictDoNothing();
    await tx.delete(ticketOrders).where(eq(ticketOrders.ticketId, source.id));
  }

  // History: the duplicate's rows follow the target's, each saying where it came from.
  const [last] = await tx.select({ seq: max(ticketEvents.seq) }).from(ticketEvents).where(eq(ticketEvents.ticketId, target.id));
  await tx.execute(sql`
    insert into ticket_events (ticket_id, seq, at, kind, actor, detail)
    select ${target.id}, ${last?.seq ?? 0} + row_number() over (order by seq), at, kind, actor, detail || ${JSON.stringify({ fromTicket: source.number })}::jsonb
    from ticket_events where ticket_id = ${source.id}`);
  await tx.delete(ticketEvents).where(eq(ticketEvents.ticketId, source.id));

  const tags = [...new Set([...target.tags, ...source.tags])].slice(0, TAGS_PER_TICKET);
  await tx.update(tickets).set({ tags, updatedAt: now }).where(eq(tickets.id, target.id));
  await recordTicketEvent(tx, target.id, { at: now, kind: 'merged_in', actor, detail: { from: source.number } });

  await tx.update(tickets).set({ mergedIntoId: target.id }).where(and(eq(tickets.id, source.id)));
  await recordTicketEvent(tx, source.id, { at: now, kind: 'merged', actor, detail: { into: target.number } });
  await moveLockedTicket(platform, tx, { ...source, mergedIntoId: target.id }, 'closed', { actor: by, reason: `Merged into ${target.number}` });
  announceTicketChange(platform, target.id, 'message');
  const [updated] = await tx.select().from(tickets).where(eq(tickets.id, target.id));
  return (await withOrders(tx, [updated!]))[0]!;
}
