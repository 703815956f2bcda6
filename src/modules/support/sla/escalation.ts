// Escalation before a breach: once a set share of a ticket's answer time has passed (80 % by
// default, the desk's setting) and it is still not answered or solved, the sweep raises its
// priority one step and tells the desk's leads (support.ticket_escalated → an email to every
// lead). Once per ticket; a ticket whose clock stands still (waiting on the customer) is not
// escalated while it waits. Candidates are read through the escalation index, the soonest
// due first, and each is checked again with its row locked.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import type { Platform } from '../../../platform/platform.ts';
import { ticketEscalated } from '../events.ts';
import { lockTicket, recordTicketEvent } from '../history.ts';
import { announceTicketChange } from '../live.ts';
import type { TicketRow } from '../read.ts';
import { supportSettings, tickets } from '../schema.ts';
import { OPEN_STATUSES, TICKET_PRIORITIES, type TicketPriority } from '../states.ts';

export const DEFAULT_ESCALATE_AT_PERCENT = 80;
const BATCH = 500;

export async function escalationPercent(db: Db): Promise<number> {
  const [row] = await db.select({ percent: supportSettings.escalateAtPercent }).from(supportSettings).where(eq(supportSettings.id, 1));
  return row?.percent ?? DEFAULT_ESCALATE_AT_PERCENT;
}

export async function setEscalationPercent(platform: Platform, tx: Db, percent: number): Promise<void> {
  const now = platform.clock.now();
  await tx
    .insert(supportSettings)
    .values({ id: 1, escalateAtPercent: percent, updatedAt: now })
    .onConflictDoUpdate({ target: supportSettings.id, set: { escalateAtPercent: percent, updatedAt: now } });
}

/** One step more urgent (urgent stays urgent). */
export function raised(priority: TicketPriority): TicketPriority {
  const index = TICKET_PRIORITIES.indexOf(priority);
  return TICKET_PRIORITIES[Math.min(index + 1, TICKET_PRIORITIES.length - 1)]!;
}

/** The instant the ticket is due for escalation: `percent` of the way from its opening to its due time. */
export function escalationAt(ticket: Pick<TicketRow, 'createdAt' | 'slaDueAt'>, percent: number): Date | null {
  if (!ticket.slaDueAt) return null;
  const span = ticket.slaDueAt.getTime() - ticket.createdAt.getTime();
  return new Date(ticket.createdAt.getTime() + Math.max(0, span) * (percent / 100));
}

function due(ticket: TicketRow, percent: number, now: Date): boolean {
  if (ticket.escalatedAt || ticket.spamAt || !OPEN_STATUSES.includes(ticket.status)) return false;
  // Answered already and waiting on the customer: the solution's clock stands still.
  if (ticket.firstRespondedAt && ticket.slaPausedAt) return false;
  const at = escalationAt(ticket, percent);
  return at !== null && at <= now;
}

export async function escalateNearBreaches(platform: Platform): Promise<number> {
  const db = platform.database.db;
  const now = platform.clock.now();
  const percent = await escalationPercent(db);
  const fraction = percent / 100;
  const candidates = await db
    .select({ id: tickets.id })
    .from(tickets)
    .where(
      and(
        isNull(tickets.escalatedAt),
        isNull(tickets.spamAt),
        inArray(tickets.status, OPEN_STATUSES),
        sql`${tickets.slaDueAt} is not null`,
        sql`${tickets.createdAt} + (${tickets.slaDueAt} - ${tickets.createdAt}) * ${fraction}::float8 <= ${now.toISOString()}::timestamptz`,
        sql`not (${tickets.firstRespondedAt} is not null and ${tickets.slaPausedAt} is not null)`,
      ),
    )
    .orderBy(asc(tickets.slaDueAt))
    .limit(BATCH);
  let escalated = 0;
  for (const { id } of candidates) {
    const done = await platform.database.transaction(async (tx) => {
      const ticket = await lockTicket(tx, id);
      if (!due(ticket, percent, now)) return false;
      const priority = raised(ticket.priority);
      await tx.update(tickets).set({ escalatedAt: now, priority }).where(eq(tickets.id, id));
      const target = ticket.firstRespondedAt ? 'resolution' : 'first_response';
      await recordTicketEvent(tx, id, { at: now, kind: 'escalated', actor: 'system', detail: { target, percent, from: ticket.priority, to: priority } });
      await platform.events.publish(tx, ticketEscalated, { ticketId: id, number: ticket.number, target, dueAt: ticket.slaDueAt!.toISOString() }, 'system');
      announceTicketChange(platform, id, 'ticket');
      return true;
    });
    if (done) escalated++;
  }
  if (escalated) platform.log.info({ escalated, percent }, 'support tickets escalated before their due time');
  return escalated;
}
