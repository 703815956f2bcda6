// The customer's side of their tickets: "My requests" for a signed-in customer, and the signed
// link that opens one request for whoever holds it (a guest, from their emails). A request is
// shown to its own customer only: a signed-in customer sees the tickets of their customer
// record; a link opens exactly the ticket it was signed for. Anyone else gets the same 404 as
// for a number that does not exist, so nothing says whether it does.
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { Problem } from '../../platform/http/problem.ts';
import type { Platform } from '../../platform/platform.ts';
import { currentTicket } from './merge.ts';
import { newestTickets, ticketByNumber, type Ticket } from './read.ts';
import { tickets } from './schema.ts';

export const REQUEST_PURPOSE = 'ticket-view';
/** As long as an order link: a question about a warranty comes a year on. */
const REQUEST_LINK_DAYS = 400;
export const ACCOUNT_REQUESTS_PATH = '/account/requests';
export const requestPath = (number: string) => `/support/requests/${number}`;

export const requestNotFound = () =>
  new Problem({ status: 404, type: 'not-found', title: 'We could not find that request', detail: 'The link may be incomplete or out of date. Signed in, you find all your requests under My requests.' });

/** Absolute signed link to the request's page, for the desk's emails. */
export function requestLink(platform: Platform, ticket: { id: string; number: string }): string {
  const expires = new Date(platform.clock.now().getTime() + REQUEST_LINK_DAYS * 86_400_000);
  const token = platform.signer.sign(REQUEST_PURPOSE, { k: ticket.id }, expires);
  const url = new URL(requestPath(ticket.number), platform.config.baseUrl);
  url.searchParams.set('t', token);
  return url.toString();
}

/** Who may see a request: its signed-in customer, or the holder of its link. */
export type RequestViewer = { kind: 'customer'; customerId: string } | { kind: 'link'; token: string };

/**
 * The ticket this viewer asks for, following a merge to the ticket that holds the conversation
 * now; the 404 for anything else (another customer's ticket, a link signed for another one,
 * spam).
 */
export async function requestFor(platform: Platform, db: Db, typedNumber: string, viewer: RequestViewer | null): Promise<Ticket> {
  const found = await ticketByNumber(db, typedNumber);
  if (!found || !viewer) throw requestNotFound();
  const allowed =
    viewer.kind === 'customer'
      ? found.customerId !== null && found.customerId === viewer.customerId
      : platform.signer.verify<{ k?: unknown }>(REQUEST_PURPOSE, viewer.token)?.k === found.id;
  if (!allowed) throw requestNotFound();
  const ticket = await currentTicket(db, found);
  // A merge only joins tickets of one address; the check stands anyway, as the page shows everything in it.
  if (ticket.email !== found.email || ticket.spamAt) throw requestNotFound();
  return ticket;
}

export const REQUESTS_PER_PAGE = 20;

/** The customer's requests, newest first (merged duplicates and spam left out). */
export function requestsOf(db: Db, customerId: string, page: number): Promise<{ rows: Ticket[]; total: number; page: number; pageCount: number }> {
  return newestTickets(db, and(eq(tickets.customerId, customerId), isNull(tickets.mergedIntoId), isNull(tickets.spamAt)), page, REQUESTS_PER_PAGE);
}
