// What the customer is told about their answer time: the instant of the first answer promised
// when the ticket opened (for the acknowledgement email), and the words for it in the store's
// locale and time zone — "by Tuesday 8 December, 14:00 (New York time)".
import { eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import { tickets } from '../schema.ts';
import { isUuid } from '../uuid.ts';

export interface PromisedAnswer {
  dueAt: Date;
  /** The promise counts support hours on business days only (else around the clock). */
  businessHoursOnly: boolean;
}

/** The first answer promised for the ticket; null for an unknown ticket or one opened before promises were made. */
export async function promisedAnswer(db: Db, ticketId: string): Promise<PromisedAnswer | null> {
  if (!isUuid(ticketId)) return null;
  const [row] = await db
    .select({ dueAt: tickets.firstResponseDueAt, businessHours: tickets.slaBusinessHours })
    .from(tickets)
    .where(eq(tickets.id, ticketId));
  if (!row?.dueAt) return null;
  return { dueAt: row.dueAt, businessHoursOnly: row.businessHours ?? true };
}

/** "New York" for America/New_York, "Buenos Aires" for America/Argentina/Buenos_Aires; the zone itself when it names no place (UTC). */
export function timeZonePlace(timeZone: string): string {
  const place = timeZone.split('/').pop() ?? timeZone;
  return place.replace(/_/g, ' ');
}

/**
 * "by Tuesday 8 December, 14:00 (New York time)" (en-GB), "by Tuesday, December 8, 2:00 PM
 * (New York time)" (en-US): the day and time in the store's time zone, which the sentence names.
 */
export function formatPromisedAnswer(
  dueAt: Date,
  store: { locale: string; timeZone: string },
): string {
  const day = new Intl.DateTimeFormat(store.locale, {
    timeZone: store.timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  }).format(dueAt);
  const time = new Intl.DateTimeFormat(store.locale, {
    timeZone: store.timeZone,
    hour: 'numeric',
    minute: '2-digit',
  }).format(dueAt);
  return `by ${day}, ${time} (${timeZonePlace(store.timeZone)} time)`;
}
