// Reading tickets: one by id or number (with the orders it is about), its conversation and
// history, the tickets of an order, the open one a job should update rather than duplicate,
// how many carry a tag, and the desk's paged list. Each is one or two indexed queries; a
// single ticket is one, its orders read with it.
import { and, arrayContains, asc, count, desc, eq, getTableColumns, gte, inArray, sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import { normalizeTicketNumber } from './numbers.ts';
import { ticketEvents, ticketMessages, ticketOrders, tickets } from './schema.ts';
import { OPEN_STATUSES, type TicketChannel, type TicketStatus } from './states.ts';
import { isUuid } from './uuid.ts';

export type TicketRow = typeof tickets.$inferSelect;

export interface LinkedOrder {
  orderId: string;
  orderNumber: string;
}

export interface Ticket extends TicketRow {
  orders: LinkedOrder[];
}

export type TicketMessage = typeof ticketMessages.$inferSelect;

export interface TicketEvent {
  seq: number;
  at: Date;
  kind: string;
  actor: string;
  detail: Record<string, unknown>;
}

/** The tickets with the orders each is about, in the order given. */
export async function withOrders(db: Db, found: readonly TicketRow[]): Promise<Ticket[]> {
  if (found.length === 0) return [];
  const links = await db
    .select({ ticketId: ticketOrders.ticketId, orderId: ticketOrders.orderId, orderNumber: ticketOrders.orderNumber })
    .from(ticketOrders)
    .where(
      inArray(
        ticketOrders.ticketId,
        found.map((t) => t.id),
      ),
    )
    .orderBy(asc(ticketOrders.linkedAt), asc(ticketOrders.orderNumber));
  return found.map((ticket) => ({
    ...ticket,
    orders: links.filter((link) => link.ticketId === ticket.id).map(({ orderId, orderNumber }) => ({ orderId, orderNumber })),
  }));
}

/** The orders a ticket is about, as a column of the ticket's own query (one round trip less than withOrders). */
export const ORDERS_OF_TICKET = sql<LinkedOrder[]>`coalesce((
  select json_agg(json_build_object('orderId', o.order_id, 'orderNumber', o.order_number) order by o.linked_at, o.order_number)
  from ticket_orders o where o.ticket_id = ${tickets.id}), '[]'::json)`;

async function oneTicket(db: Db, where: SQL): Promise<Ticket | null> {
  const [found] = await db.select({ ...getTableColumns(tickets), orders: ORDERS_OF_TICKET }).from(tickets).where(where);
  return found ?? null;
}

export async function ticketById(db: Db, id: string): Promise<Ticket | null> {
  return isUuid(id) ? oneTicket(db, eq(tickets.id, id)) : null;
}

/** The ticket however its number is typed ("t 48213", "48213"); null for an unknown or malformed one. */
export async function ticketByNumber(db: Db, typed: string): Promise<Ticket | null> {
  const number = normalizeTicketNumber(typed);
  return number ? oneTicket(db, eq(tickets.number, number)) : null;
}

export async function ticketBySourceKey(db: Db, sourceKey: string): Promise<Ticket | null> {
  return oneTicket(db, eq(tickets.sourceKey, sourceKey));
}

/** The conversation, first message first. */
export async function ticketMessagesOf(db: Db, ticketId: string): Promise<TicketMessage[]> {
  return db.select().from(ticketMessages).where(eq(ticketMessages.ticketId, ticketId)).orderBy(asc(ticketMessages.seq));
}

/** Everything that happened to the ticket, oldest first. */
export async function ticketHistory(db: Db, ticketId: string): Promise<TicketEvent[]> {
  const found = await db
    .select({ seq: ticketEvents.seq, at: ticketEvents.at, kind: ticketEvents.kind, actor: ticketEvents.actor, detail: ticketEvents.detail })
    .from(ticketEvents)
    .where(eq(ticketEvents.ticketId, ticketId))
    .orderBy(asc(ticketEvents.seq));
  return found;
}

/** Every ticket about the order, newest first. */
export async function ticketsForOrder(db: Db, orderId: string): Promise<Ticket[]> {
  if (!isUuid(orderId)) return [];
  const found = await db
    .select({ ticket: tickets })
    .from(ticketOrders)
    .innerJoin(tickets, eq(tickets.id, ticketOrders.ticketId))
    .where(eq(ticketOrders.orderId, orderId))
    .orderBy(desc(tickets.createdAt), desc(tickets.number));
  return withOrders(
    db,
    found.map((row) => row.ticket),
  );
}

/**
 * The open ticket about this order that came by this channel (the newest, should there be
 * several), for a job that must update its ticket rather than open another: the delay job
 * keeps one open delay ticket per order. Call it inside the transaction that opens the ticket
 * when none is found: it takes a transaction-long lock on (order, channel), so two runs at once
 * queue here and the second finds the first one's ticket.
 */
export async function findOpenTicketFor(tx: Db, where: { orderId: string; channel: TicketChannel }): Promise<Ticket | null> {
  if (!isUuid(where.orderId)) return null;
  await rows(tx, sql`select pg_advisory_xact_lock(hashtextextended(${`support.ticket:${where.orderId}:${where.channel}`}, 0))`);
  const [found] = await tx
    .select({ ticket: tickets })
    .from(ticketOrders)
    .innerJoin(tickets, eq(tickets.id, ticketOrders.ticketId))
    .where(and(eq(ticketOrders.orderId, where.orderId), eq(tickets.channel, where.channel), inArray(tickets.status, OPEN_STATUSES)))
    .orderBy(desc(tickets.createdAt))
    .limit(1);
  return found ? ((await withOrders(tx, [found.ticket]))[0] ?? null) : null;
}

/** How many tickets opened since then carry the tag (e.g. "where-is-my-order", for deflection figures). */
export async function countTicketsTagged(db: Db, tag: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(tickets)
    .where(and(arrayContains(tickets.tags, [tag]), gte(tickets.createdAt, since)));
  return row?.n ?? 0;
}

// ---- the desk's list -------------------------------------------------------------------

export const TICKETS_PER_PAGE = 50;

/** `open` (the default view): every status before solved; `all`: every ticket. */
export type TicketStatusFilter = 'open' | 'all' | TicketStatus;

export interface TicketFilter {
  status: TicketStatusFilter;
  /** Normalised already. */
  tag?: string;
}

export interface TicketListPage {
  rows: Ticket[];
  total: number;
  page: number;
  pageCount: number;
}

function conditions(filter: TicketFilter): SQL | undefined {
  const where: SQL[] = [];
  if (filter.status === 'open') where.push(inArray(tickets.status, OPEN_STATUSES));
  else if (filter.status !== 'all') where.push(eq(tickets.status, filter.status));
  if (filter.tag) where.push(arrayContains(tickets.tags, [filter.tag]));
  return where.length ? and(...where) : undefined;
}

/** Tickets newest first, a page at a time. */
export function listTickets(db: Db, filter: TicketFilter, page: number): Promise<TicketListPage> {
  return newestTickets(db, conditions(filter), page, TICKETS_PER_PAGE);
}

/** The tickets `where` picks, newest first: page `page` (kept within the pages there are) of `perPage`. */
export async function newestTickets(db: Db, where: SQL | undefined, page: number, perPage: number): Promise<TicketListPage> {
  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(tickets).where(where);
  const pageCount = Math.max(1, Math.ceil(total / perPage));
  const current = Math.min(Math.max(1, page), pageCount);
  const found = await db
    .select()
    .from(tickets)
    .where(where)
    .orderBy(desc(tickets.createdAt), desc(tickets.id))
    .limit(perPage)
    .offset((current - 1) * perPage);
  return { rows: await withOrders(db, found), total, page: current, pageCount };
}

/** Closed and solved tickets are out of the way; used where a list should say whether something is still being handled. */
export function isOpen(status: TicketStatus): boolean {
  return OPEN_STATUSES.includes(status);
}
