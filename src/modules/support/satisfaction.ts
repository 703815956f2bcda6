// Customer satisfaction over a period: of the tickets rated in it, how many were rated good,
// grouped by the agent who had the ticket, by queue and by the customer's tier. One grouped
// query per grouping over ticket_ratings joined to tickets.
import { and, gte, lt, sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import { ticketRatings, tickets } from './schema.ts';

export const CSAT_GROUPINGS = ['agent', 'queue', 'tier'] as const;
export type CsatGrouping = (typeof CSAT_GROUPINGS)[number];

export interface CsatRow {
  /** The agent's id (null: unassigned), the queue or the tier (null: no promise recorded). */
  key: string | null;
  good: number;
  bad: number;
  /** Good ÷ rated, 0–100, rounded; null when none was rated. */
  percent: number | null;
}

export interface CsatReport {
  total: CsatRow;
  byAgent: CsatRow[];
  byQueue: CsatRow[];
  byTier: CsatRow[];
}

const COLUMN: Record<CsatGrouping, SQL> = {
  agent: sql`${tickets.assigneeId}::text`,
  queue: sql`${tickets.queue}`,
  tier: sql`${tickets.slaTier}`,
};

const percentOf = (good: number, bad: number) => (good + bad === 0 ? null : Math.round((good * 100) / (good + bad)));

async function grouped(db: Db, from: Date, to: Date, by: SQL | null): Promise<CsatRow[]> {
  const where = and(gte(ticketRatings.ratedAt, from), lt(ticketRatings.ratedAt, to));
  const key = by ?? sql`null`;
  const found = await rows<{ key: string | null; good: number; bad: number }>(
    db,
    sql`select ${key} as key,
               count(*) filter (where ${ticketRatings.rating} = 'good')::int as good,
               count(*) filter (where ${ticketRatings.rating} = 'bad')::int as bad
        from ${ticketRatings} join ${tickets} on ${tickets.id} = ${ticketRatings.ticketId}
        where ${where}
        group by 1
        order by count(*) desc, 1`,
  );
  return found.map((row) => ({ key: row.key, good: row.good, bad: row.bad, percent: percentOf(row.good, row.bad) }));
}

/** Ratings given from `from` (inclusive) to `to` (exclusive). */
export async function satisfactionReport(db: Db, from: Date, to: Date): Promise<CsatReport> {
  const [total, byAgent, byQueue, byTier] = await Promise.all([grouped(db, from, to, null), grouped(db, from, to, COLUMN.agent), grouped(db, from, to, COLUMN.queue), grouped(db, from, to, COLUMN.tier)]);
  return { total: total[0] ?? { key: null, good: 0, bad: 0, percent: null }, byAgent, byQueue, byTier };
}
