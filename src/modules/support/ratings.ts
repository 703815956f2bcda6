// "Was this helpful?" after a request is solved: the email carries two signed links (good,
// bad) to a page that asks again with the answer chosen and room for a comment, and only its
// POST records the rating (mail scanners follow links). A ticket has one rating; rating again
// changes it. The link names the ticket by id in a token signed for this purpose, 30 days.
import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import type { Platform } from '../../platform/platform.ts';
import { actorLabel } from './actor.ts';
import { lockTicket, recordTicketEvent } from './history.ts';
import { RATING_COMMENT_MAX, RATINGS, ticketRatings, type Rating } from './schema.ts';

export const RATING_PURPOSE = 'ticket-rating';
export const RATING_LINK_DAYS = 30;

export interface TicketRating {
  rating: Rating;
  comment: string | null;
  ratedAt: Date;
}

export const ratingPath = (number: string) => `/support/requests/${number}/rate`;

export function isRating(value: string): value is Rating {
  return (RATINGS as readonly string[]).includes(value);
}

/** The absolute, signed link to rate the ticket with `rating` chosen (the page still asks before recording). */
export function ratingLink(
  platform: Platform,
  ticket: { id: string; number: string },
  rating: Rating,
): string {
  const expires = new Date(platform.clock.now().getTime() + RATING_LINK_DAYS * 86_400_000);
  const token = platform.signer.sign(RATING_PURPOSE, { k: ticket.id }, expires);
  const url = new URL(ratingPath(ticket.number), platform.config.baseUrl);
  url.searchParams.set('rating', rating);
  url.searchParams.set('t', token);
  return url.toString();
}

/** The ticket id a rating token names; null when it is forged, for another purpose or expired. */
export function ratingTokenTicket(platform: Platform, token: string): string | null {
  const claim = platform.signer.verify<{ k?: unknown }>(RATING_PURPOSE, token);
  return typeof claim?.k === 'string' ? claim.k : null;
}

export async function ratingOf(db: Db, ticketId: string): Promise<TicketRating | null> {
  const [row] = await db
    .select({
      rating: ticketRatings.rating,
      comment: ticketRatings.comment,
      ratedAt: ticketRatings.ratedAt,
    })
    .from(ticketRatings)
    .where(eq(ticketRatings.ticketId, ticketId));
  return row ?? null;
}

/** Records (or changes) the customer's rating, with a history row, in the caller's transaction. */
export async function rateTicket(
  platform: Platform,
  tx: Db,
  ticketId: string,
  rating: Rating,
  typedComment: string,
): Promise<TicketRating> {
  await lockTicket(tx, ticketId);
  const comment = typedComment.trim().slice(0, RATING_COMMENT_MAX) || null;
  const now = platform.clock.now();
  const values = { rating, comment, ratedAt: now };
  await tx
    .insert(ticketRatings)
    .values({ ticketId, ...values })
    .onConflictDoUpdate({ target: ticketRatings.ticketId, set: values });
  await recordTicketEvent(tx, ticketId, {
    at: now,
    kind: 'rated',
    actor: actorLabel({ kind: 'customer' }),
    detail: { rating, ...(comment ? { comment: true } : {}) },
  });
  return values;
}
