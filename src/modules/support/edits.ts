// The console's edits of a ticket's handling: who has it, how urgent it is, which queue it
// waits in, its tags. One locked write with a history row naming what changed from what; an
// edit that changes nothing writes nothing. Whether the editor may assign someone else is the
// route's question (tickets.assign); the rules of the values are here.
import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import type { FieldError } from '../../platform/http/problem.ts';
import type { Platform } from '../../platform/platform.ts';
import { actorLabel, type TicketActor } from './actor.ts';
import { lockTicket, recordTicketEvent } from './history.ts';
import { announceTicketChange } from './live.ts';
import { withOrders, type Ticket } from './read.ts';
import { tickets } from './schema.ts';
import { TICKET_PRIORITIES, type TicketPriority } from './states.ts';
import { normalizeTag, TAGS_PER_TICKET } from './tags.ts';
import { InvalidTicket, QUEUE_MAX } from './tickets.ts';
import { isUuid } from './uuid.ts';

export interface TicketFields {
  /** A staff member's id, or null to leave it unassigned. */
  assigneeId?: string | null;
  priority?: TicketPriority;
  queue?: string;
  /** As typed: normalised here. */
  tags?: readonly string[];
}

/** The queue name as stored: lower case, words joined by dashes ("Returns desk" → "returns-desk"). */
export function normalizeQueue(typed: string): string | null {
  const queue = normalizeTag(typed);
  return queue && queue.length <= QUEUE_MAX ? queue : null;
}

export async function editTicket(platform: Platform, tx: Db, ticketId: string, fields: TicketFields, by: TicketActor): Promise<Ticket> {
  const errors: FieldError[] = [];
  if (fields.assigneeId !== undefined && fields.assigneeId !== null && !isUuid(fields.assigneeId)) errors.push({ field: 'assignee', message: 'is not a staff member' });
  if (fields.priority !== undefined && !TICKET_PRIORITIES.includes(fields.priority)) errors.push({ field: 'priority', message: `must be one of ${TICKET_PRIORITIES.join(', ')}` });
  const queue = fields.queue === undefined ? undefined : normalizeQueue(fields.queue);
  if (queue === null) errors.push({ field: 'queue', message: `must be letters, digits and dashes, at most ${QUEUE_MAX}` });
  let tags: string[] | undefined;
  if (fields.tags) {
    tags = [];
    for (const typed of fields.tags) {
      const tag = normalizeTag(typed);
      if (!tag) errors.push({ field: 'tags', message: `“${typed.slice(0, 40)}” is not a tag: letters, digits and dashes, at most 40` });
      else if (!tags.includes(tag)) tags.push(tag);
    }
    if (tags.length > TAGS_PER_TICKET) errors.push({ field: 'tags', message: `must be at most ${TAGS_PER_TICKET}` });
  }
  if (errors.length > 0) throw new InvalidTicket(errors);

  const current = await lockTicket(tx, ticketId);
  const set: Partial<typeof tickets.$inferInsert> = {};
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const change = <K extends 'assigneeId' | 'priority' | 'queue' | 'tags'>(key: K, to: (typeof current)[K] | undefined) => {
    if (to === undefined || JSON.stringify(current[key]) === JSON.stringify(to)) return;
    (set as Record<string, unknown>)[key] = to;
    changes[key] = { from: current[key], to };
  };
  change('assigneeId', fields.assigneeId);
  change('priority', fields.priority);
  change('queue', queue ?? undefined);
  change('tags', tags);
  if (Object.keys(changes).length === 0) return (await withOrders(tx, [current]))[0]!;
  const now = platform.clock.now();
  const [updated] = await tx
    .update(tickets)
    .set({ ...set, updatedAt: now })
    .where(eq(tickets.id, ticketId))
    .returning();
  await recordTicketEvent(tx, ticketId, { at: now, kind: 'changed', actor: actorLabel(by), detail: changes });
  announceTicketChange(platform, ticketId, 'ticket');
  return (await withOrders(tx, [updated!]))[0]!;
}
