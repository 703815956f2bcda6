// A ticket's history and the numbering of its rows. Every change to a ticket locks its row
// first (an agent and the customer writing at once queue, and the second sees the first's
// change), so the next number of a message or a history row is simply the highest plus one,
// worked out by the insert itself (one round trip).
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { Problem } from '../../platform/http/problem.ts';
import { ticketEvents, ticketMessages, tickets } from './schema.ts';
import type { TicketRow } from './read.ts';
import { isUuid } from './uuid.ts';

/**
 * What the history records. `read`: an agent opened the ticket for the first time;
 * `sla_breached`: a promised answer time passed; `rated`: the customer rated the answer;
 * `escalated`: its due time drew near and a lead was told; `changed`: assignee, priority, queue
 * or tags edited; `spam`/`not_spam`: marked or cleared; `merged`: merged into another ticket;
 * `merged_in`: another ticket was merged into this one.
 */
export type TicketEventKind = 'opened' | 'message_added' | 'status_changed' | 'read' | 'sla_breached' | 'rated' | 'escalated' | 'changed' | 'spam' | 'not_spam' | 'merged' | 'merged_in';

export const ticketNotFound = () => new Problem({ status: 404, type: 'ticket-not-found', title: 'We could not find that ticket' });

/** The ticket's row, locked until the transaction ends; 404 when there is none. */
export async function lockTicket(tx: Db, ticketId: string): Promise<TicketRow> {
  if (!isUuid(ticketId)) throw ticketNotFound();
  const [row] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
  if (!row) throw ticketNotFound();
  return row;
}

/** Appends a history row. The caller holds the ticket's lock. */
export async function recordTicketEvent(tx: Db, ticketId: string, entry: { at: Date; kind: TicketEventKind; actor: string; detail: Record<string, unknown> }): Promise<void> {
  await tx.insert(ticketEvents).values({ ticketId, seq: sql`(select coalesce(max(${ticketEvents.seq}), 0) + 1 from ${ticketEvents} where ${ticketEvents.ticketId} = ${ticketId})`, ...entry });
}

/** The number the ticket's next message takes, as a value of the insert. The caller holds the ticket's lock. */
export function nextMessageSeq(ticketId: string): SQL<number> {
  return sql<number>`(select coalesce(max(${ticketMessages.seq}), 0) + 1 from ${ticketMessages} where ${ticketMessages.ticketId} = ${ticketId})`;
}
