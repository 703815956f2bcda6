// A ticket's answer times through its life, in the caller's transaction with the ticket's row
// locked. Opening promises a first answer and a solution by the policy for the customer's tier
// and the channel. The resolution clock stands still while the ticket waits on the customer
// (or sits solved, waiting to see whether they write again): the pause is stored, and when the
// ticket moves on the due time is pushed later by the support time that passed. The first
// reply an agent sends the customer is the first answer. A promise found broken — by a late
// answer, a late solution or the sweep (sweep.ts) — is recorded once, with a history row.
import { eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import type { Platform } from '../../../platform/platform.ts';
import type { CustomerTier } from '../../customers/index.ts';
import { recordTicketEvent } from '../history.ts';
import type { TicketRow } from '../read.ts';
import { tickets } from '../schema.ts';
import type { TicketChannel, TicketStatus } from '../states.ts';
import { slaClock } from './clock.ts';
import { appliedPolicy } from './policies.ts';

export type SlaTarget = 'first_response' | 'resolution';

/** The statuses during which the resolution clock stands still. */
export const SLA_PAUSED_STATUSES: readonly TicketStatus[] = ['waiting_on_customer', 'solved'];

type SlaColumns = Partial<
  Pick<
    TicketRow,
    | 'slaTier'
    | 'slaBusinessHours'
    | 'firstResponseDueAt'
    | 'resolutionDueAt'
    | 'firstRespondedAt'
    | 'firstResponseBreachedAt'
    | 'resolutionBreachedAt'
    | 'slaPausedAt'
  >
>;

export interface SlaChange {
  /** Columns to write on the ticket with the change. */
  set: SlaColumns;
  /** Promises this change found broken (to record with recordBreaches once the row is written). */
  late: SlaTarget[];
}

/** The answer times of a ticket opening at `now`. */
export async function slaAtOpening(
  platform: Platform,
  tx: Db,
  tier: CustomerTier,
  channel: TicketChannel,
  now: Date,
): Promise<SlaColumns> {
  const policy = await appliedPolicy(platform.database, tx, tier, channel);
  const clock = await slaClock(platform, tx, policy.businessHours);
  return {
    slaTier: tier,
    slaBusinessHours: policy.businessHours,
    firstResponseDueAt: clock.add(now, policy.firstResponseMinutes),
    resolutionDueAt: clock.add(now, policy.resolutionMinutes),
  };
}

/** What a move to `to` does to the clocks: pause, resume (the due time pushed later), a late solution. */
export async function slaOnMove(
  platform: Platform,
  tx: Db,
  ticket: TicketRow,
  to: TicketStatus,
  now: Date,
): Promise<SlaChange> {
  const change: SlaChange = { set: {}, late: [] };
  if (ticket.resolutionDueAt === null) return change;
  const pausing = SLA_PAUSED_STATUSES.includes(to);
  if (ticket.slaPausedAt && !pausing) {
    const clock = await slaClock(platform, tx, ticket.slaBusinessHours ?? true);
    change.set.resolutionDueAt = clock.add(
      ticket.resolutionDueAt,
      clock.between(ticket.slaPausedAt, now),
    );
    change.set.slaPausedAt = null;
  } else if (!ticket.slaPausedAt && pausing) {
    change.set.slaPausedAt = now;
  }
  // Solved from a pause: its clock stopped when the pause began.
  const stoppedAt = ticket.slaPausedAt ?? now;
  if (to === 'solved' && !ticket.resolutionBreachedAt && stoppedAt > ticket.resolutionDueAt) {
    change.set.resolutionBreachedAt = now;
    change.late.push('resolution');
  }
  return change;
}

/** What an agent's reply to the customer does: the first one is the first answer, late or not. */
export function slaOnReply(ticket: TicketRow, now: Date): SlaChange {
  const change: SlaChange = { set: {}, late: [] };
  if (ticket.firstRespondedAt) return change;
  change.set.firstRespondedAt = now;
  if (
    ticket.firstResponseDueAt &&
    !ticket.firstResponseBreachedAt &&
    now > ticket.firstResponseDueAt
  ) {
    change.set.firstResponseBreachedAt = now;
    change.late.push('first_response');
  }
  return change;
}

/** The history rows of broken promises; the ticket (locked by the caller) was written already. */
export async function recordBreaches(
  tx: Db,
  ticket: TicketRow,
  late: readonly SlaTarget[],
  now: Date,
): Promise<void> {
  for (const target of late) {
    const dueAt = target === 'first_response' ? ticket.firstResponseDueAt : ticket.resolutionDueAt;
    await recordTicketEvent(tx, ticket.id, {
      at: now,
      kind: 'sla_breached',
      actor: 'system',
      detail: { target, dueAt: dueAt?.toISOString() ?? null },
    });
  }
}

/** Writes a change that stands alone (an agent's reply) and its history rows. */
export async function applySlaChange(
  tx: Db,
  ticket: TicketRow,
  change: SlaChange,
  now: Date,
): Promise<void> {
  if (Object.keys(change.set).length === 0) return;
  await tx.update(tickets).set(change.set).where(eq(tickets.id, ticket.id));
  await recordBreaches(tx, ticket, change.late, now);
}
