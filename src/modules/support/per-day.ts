// Tickets with a tag per day, for reports that set a measure against the questions still
// asked (the where-is-my-order report sets order page views against "where is my order?"
// tickets). Days are the store's: the caller gives its time zone.
import { and, arrayContains, count, gte, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { tickets } from './schema.ts';

export interface TaggedDay {
  /** Local date, YYYY-MM-DD. */
  day: string;
  tickets: number;
}

/** Tickets opened since `since` that carry `tag` (normalised), per local day with any, oldest first. */
export async function countTicketsTaggedPerDay(db: Db, tag: string, since: Date, timeZone: string): Promise<TaggedDay[]> {
  return db
    .select({ day: sql<string>`to_char(${tickets.createdAt} at time zone ${timeZone}, 'YYYY-MM-DD')`, tickets: count() })
    .from(tickets)
    .where(and(arrayContains(tickets.tags, [tag]), gte(tickets.createdAt, since)))
    // By position: the time zone is a parameter, and two parameters are never the same expression to PostgreSQL.
    .groupBy(sql`1`)
    .orderBy(sql`1`);
}
