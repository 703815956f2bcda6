// What the desk promises: for each customer tier and channel, how soon the first answer comes
// and how soon the request is solved, counted in support hours or around the clock. The
// merchant's rows in support_policies win; any pair without one uses the defaults here, so a
// new store promises something sensible from its first ticket. Support hours are one row too.
// Every ticket opening and move reads them, so the desk remembers them for a few seconds
// (platform/memo.ts); saving forgets them once the change commits.
import { and, eq } from 'drizzle-orm';
import type { Database, Db } from '../../../platform/db/database.ts';
import { forget, rememberFor } from '../../../platform/memo.ts';
import type { CustomerTier } from '../../customers/index.ts';
import { supportHours as supportHoursTable, supportPolicies } from '../schema.ts';
import type { TicketChannel } from '../states.ts';
import { DEFAULT_SUPPORT_HOURS, supportHours, type SupportHours } from './business-time.ts';

export interface SlaPolicy {
  firstResponseMinutes: number;
  resolutionMinutes: number;
  /** Count support hours on business days only; false: around the clock, holidays included. */
  businessHours: boolean;
}

const HOUR = 60;
const MEMO = 'support.sla';

type Memory = Pick<Database, 'db' | 'afterCommit'>;

/**
 * Every channel alike until the merchant says otherwise: standard customers get a first answer
 * within 10 support hours and a solution within three support days (of 9 hours), premium
 * within 4 hours and two days, platinum within an hour and a day, around the clock.
 */
export const DEFAULT_POLICIES: Readonly<Record<CustomerTier, SlaPolicy>> = {
  standard: { firstResponseMinutes: 10 * HOUR, resolutionMinutes: 27 * HOUR, businessHours: true },
  premium: { firstResponseMinutes: 4 * HOUR, resolutionMinutes: 18 * HOUR, businessHours: true },
  platinum: { firstResponseMinutes: 1 * HOUR, resolutionMinutes: 24 * HOUR, businessHours: false },
};

export async function policyFor(
  db: Db,
  tier: CustomerTier,
  channel: TicketChannel,
): Promise<SlaPolicy> {
  const [row] = await db
    .select({
      firstResponseMinutes: supportPolicies.firstResponseMinutes,
      resolutionMinutes: supportPolicies.resolutionMinutes,
      businessHours: supportPolicies.businessHours,
    })
    .from(supportPolicies)
    .where(and(eq(supportPolicies.tier, tier), eq(supportPolicies.channel, channel)));
  return row ?? DEFAULT_POLICIES[tier];
}

/** The policy a ticket gets, read through the caller's transaction unless remembered. */
export function appliedPolicy(database: Memory, tx: Db, tier: CustomerTier, channel: TicketChannel): Promise<SlaPolicy> {
  return rememberFor(database, tx, MEMO, `policy:${tier}:${channel}`, (db) => policyFor(db, tier, channel));
}

/** The support hours a ticket's clock counts, read through the caller's transaction unless remembered. */
export function appliedSupportHours(database: Memory, tx: Db): Promise<SupportHours> {
  return rememberFor(database, tx, MEMO, 'hours', readSupportHours);
}

export async function readSupportHours(db: Db): Promise<SupportHours> {
  const [row] = await db
    .select({ opens: supportHoursTable.opens, closes: supportHoursTable.closes })
    .from(supportHoursTable)
    .where(eq(supportHoursTable.id, 1));
  return row ?? DEFAULT_SUPPORT_HOURS;
}

/** Saves the merchant's policy for a tier and channel, in the caller's transaction. */
export async function savePolicy(
  database: Memory,
  tx: Db,
  tier: CustomerTier,
  channel: TicketChannel,
  policy: SlaPolicy,
  now: Date,
): Promise<void> {
  const values = { ...policy, updatedAt: now };
  await tx
    .insert(supportPolicies)
    .values({ tier, channel, ...values })
    .onConflictDoUpdate({ target: [supportPolicies.tier, supportPolicies.channel], set: values });
  database.afterCommit(() => forget(MEMO));
}

/** Saves the support hours (checked first: RangeError when they make no sense). */
export async function saveSupportHours(
  database: Memory,
  tx: Db,
  opens: string,
  closes: string,
  now: Date,
): Promise<void> {
  const hours = { ...supportHours(opens, closes), updatedAt: now };
  await tx
    .insert(supportHoursTable)
    .values({ id: 1, ...hours })
    .onConflictDoUpdate({ target: supportHoursTable.id, set: hours });
  database.afterCommit(() => forget(MEMO));
}
