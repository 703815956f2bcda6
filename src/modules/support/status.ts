// Moving a ticket from one status to another, in the caller's transaction: the ticket row is
// locked, the move is checked against the table in states.ts (a move it does not list is
// refused and changes nothing), and the new status, its history row and its event commit
// together, with what the move does to its answer times (paused while waiting on the customer,
// a late solution). An agent's first look at a ticket is recorded here too, once, and announced.
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { Problem } from '../../platform/http/problem.ts';
import type { Platform } from '../../platform/platform.ts';
import { actorLabel, type TicketActor } from './actor.ts';
import { ticketRead, ticketStatusChanged } from './events.ts';
import { announceTicketChange } from './live.ts';
import { lockTicket, recordTicketEvent } from './history.ts';
import { withOrders, type Ticket, type TicketRow } from './read.ts';
import { tickets } from './schema.ts';
import { recordBreaches, slaOnMove } from './sla/tracking.ts';
import { canMoveTicket, TICKET_STATUS_LABELS, type TicketStatus } from './states.ts';

/** A move the status table does not allow. Nothing was changed. */
export class IllegalTicketTransition extends Problem {
  override name = 'IllegalTicketTransition';
  readonly from: TicketStatus;
  readonly to: TicketStatus;
  constructor(number: string, from: TicketStatus, to: TicketStatus) {
    super({
      status: 409,
      type: 'illegal-ticket-transition',
      title: `Ticket ${number} cannot go from ${TICKET_STATUS_LABELS[from]} to ${TICKET_STATUS_LABELS[to]}`,
      detail: from === to ? `It is ${TICKET_STATUS_LABELS[to]} already.` : from === 'closed' ? 'A closed ticket stays closed: a new message opens a new ticket.' : undefined,
      extensions: { from, to },
    });
    this.from = from;
    this.to = to;
  }
}

export interface StatusChangeBy {
  actor: TicketActor;
  /** Why, for the history (optional). */
  reason?: string;
}

const REASON_MAX = 500;

/** Moves a ticket whose row the caller has locked. */
export async function moveLockedTicket(platform: Platform, tx: Db, current: TicketRow, to: TicketStatus, by: StatusChangeBy): Promise<TicketRow> {
  const from = current.status;
  if (!canMoveTicket(from, to)) throw new IllegalTicketTransition(current.number, from, to);
  const reason = (by.reason ?? '').trim();
  if (reason.length > REASON_MAX) throw new Problem({ status: 400, type: 'validation', title: `The reason is longer than ${REASON_MAX} characters` });
  const now = platform.clock.now();
  const actor = actorLabel(by.actor);
  const sla = await slaOnMove(platform, tx, current, to, now);
  const [updated] = await tx
    .update(tickets)
    // Solved keeps its time for the resolution figures; anything but closed after it reopens the clock.
    .set({ status: to, updatedAt: now, solvedAt: to === 'solved' ? now : to === 'closed' ? current.solvedAt : null, ...sla.set })
    .where(eq(tickets.id, current.id))
    .returning();
  await recordTicketEvent(tx, current.id, { at: now, kind: 'status_changed', actor, detail: { from, to, ...(reason ? { reason } : {}) } });
  await recordBreaches(tx, updated!, sla.late, now);
  await platform.events.publish(tx, ticketStatusChanged, { ticketId: current.id, number: current.number, from, to }, actor);
  announceTicketChange(platform, current.id, 'ticket');
  return updated!;
}

export async function setTicketStatus(platform: Platform, tx: Db, ticketId: string, to: TicketStatus, by: StatusChangeBy): Promise<Ticket> {
  const current = await lockTicket(tx, ticketId);
  const moved = await moveLockedTicket(platform, tx, current, to, by);
  return (await withOrders(tx, [moved]))[0]!;
}

/**
 * Records that a staff member opened the ticket, the first time only, and publishes
 * support.ticket_read with it (the "we have read your question" email). Returns whether this
 * was the first time.
 */
export async function markTicketRead(platform: Platform, tx: Db, ticketId: string, staffId: string): Promise<boolean> {
  const now = platform.clock.now();
  const [marked] = await tx
    .update(tickets)
    .set({ firstReadAt: now })
    .where(and(eq(tickets.id, ticketId), isNull(tickets.firstReadAt)))
    .returning({ id: tickets.id, number: tickets.number });
  if (!marked) return false;
  const actor = actorLabel({ kind: 'staff', id: staffId });
  await recordTicketEvent(tx, ticketId, { at: now, kind: 'read', actor, detail: {} });
  await platform.events.publish(tx, ticketRead, { ticketId, number: marked.number }, actor);
  return true;
}
