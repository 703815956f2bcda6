// Every five minutes: open tickets whose first answer or solution is now overdue are marked
// late (first_response_breached_at, resolution_breached_at) with a history row, once each.
// A ticket whose resolution clock stands still (waiting on the customer) is not overdue.
// Candidates are read outside any transaction through the partial indexes; each is then
// locked and checked again in its own short transaction, so an agent's reply arriving at the
// same moment wins or is seen.
import { and, asc, inArray, isNull, lt } from 'drizzle-orm';
import type { Platform } from '../../../platform/platform.ts';
import { lockTicket } from '../history.ts';
import { tickets } from '../schema.ts';
import { OPEN_STATUSES } from '../states.ts';
import type { TicketRow } from '../read.ts';
import { applySlaChange, type SlaTarget } from './tracking.ts';

export const SLA_SWEEP_JOB = 'support.sla-sweep';
export const SLA_SWEEP_CRON = '*/5 * * * *';

/** Tickets looked at per run and kind, the most overdue first; the next run takes the rest. */
const BATCH = 500;

export interface SweepResult {
  firstResponses: number;
  resolutions: number;
}

export async function sweepSlaBreaches(platform: Platform): Promise<SweepResult> {
  const db = platform.database.db;
  const now = platform.clock.now();
  const unanswered = await db
    .select({ id: tickets.id })
    .from(tickets)
    .where(
      and(
        isNull(tickets.firstRespondedAt),
        isNull(tickets.firstResponseBreachedAt),
        lt(tickets.firstResponseDueAt, now),
        inArray(tickets.status, OPEN_STATUSES),
      ),
    )
    .orderBy(asc(tickets.firstResponseDueAt))
    .limit(BATCH);
  const unsolved = await db
    .select({ id: tickets.id })
    .from(tickets)
    .where(
      and(
        isNull(tickets.resolutionBreachedAt),
        isNull(tickets.solvedAt),
        isNull(tickets.slaPausedAt),
        lt(tickets.resolutionDueAt, now),
        inArray(tickets.status, OPEN_STATUSES),
      ),
    )
    .orderBy(asc(tickets.resolutionDueAt))
    .limit(BATCH);

  const result: SweepResult = { firstResponses: 0, resolutions: 0 };
  for (const { id } of unanswered)
    if (await markLate(platform, id, 'first_response', now)) result.firstResponses++;
  for (const { id } of unsolved)
    if (await markLate(platform, id, 'resolution', now)) result.resolutions++;
  if (result.firstResponses || result.resolutions)
    platform.log.info(result, 'support answer times missed');
  return result;
}

/** Whether the promise is overdue at `now` and not yet marked, on the locked row. */
function overdue(ticket: TicketRow, target: SlaTarget, now: Date): boolean {
  if (!OPEN_STATUSES.includes(ticket.status)) return false;
  if (target === 'first_response')
    return (
      !ticket.firstRespondedAt &&
      !ticket.firstResponseBreachedAt &&
      ticket.firstResponseDueAt !== null &&
      ticket.firstResponseDueAt < now
    );
  return (
    !ticket.resolutionBreachedAt &&
    !ticket.solvedAt &&
    !ticket.slaPausedAt &&
    ticket.resolutionDueAt !== null &&
    ticket.resolutionDueAt < now
  );
}

async function markLate(
  platform: Platform,
  ticketId: string,
  target: SlaTarget,
  now: Date,
): Promise<boolean> {
  return platform.database.transaction(async (tx) => {
    const ticket = await lockTicket(tx, ticketId);
    if (!overdue(ticket, target, now)) return false;
    const set =
      target === 'first_response'
        ? { firstResponseBreachedAt: now }
        : { resolutionBreachedAt: now };
    await applySlaChange(tx, ticket, { set, late: [target] }, now);
    return true;
  });
}
