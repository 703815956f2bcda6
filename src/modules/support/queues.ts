// The console's queue views: open tickets (never spam, never merged away), the soonest due
// first, a page at a time, and the solved ones, latest first. Each view is one query whose WHERE and ORDER BY match one of the
// partial indexes on (…, sla_due_at, id) in schema.ts, so a page reads its fifty rows and no
// more whatever the desk holds; the count stops at COUNT_CAP rather than walking every open
// ticket to say "200+".
import { and, arrayContains, asc, desc, eq, getTableColumns, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import { normalizeTicketNumber } from './numbers.ts';
import { ORDERS_OF_TICKET, type Ticket } from './read.ts';
import { tickets } from './schema.ts';
import { OPEN_STATUSES, TICKET_PRIORITIES, type TicketPriority, type TicketStatus } from './states.ts';

export const QUEUE_VIEWS = ['mine', 'unassigned', 'open', 'queue', 'breached', 'waiting', 'solved'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];

export const QUEUE_VIEW_LABELS: Readonly<Record<QueueView, string>> = {
  mine: 'Mine',
  unassigned: 'Unassigned',
  open: 'All open',
  queue: 'By queue',
  breached: 'Late',
  waiting: 'Waiting',
  solved: 'Solved',
};

/** Statuses the "waiting" view shows: the ball is with the customer or someone else. */
const WAITING: readonly TicketStatus[] = ['waiting_on_customer', 'waiting_on_third_party'];

export const QUEUE_PAGE_SIZE = 50;
/** Beyond this many the count says "200+": counting every open ticket costs more than the page itself (four pages are counted exactly). */
export const COUNT_CAP = 200;

export interface QueueQuery {
  view: QueueView;
  /** The queue's name for the `queue` view (ignored elsewhere). */
  queue?: string;
  priority?: TicketPriority;
  /** Normalised already. */
  tag?: string;
  /** A ticket number or the start of an email address. */
  q?: string;
  page: number;
}

export interface QueuePage {
  rows: Ticket[];
  /** Capped at COUNT_CAP (then `more` is true). */
  total: number;
  more: boolean;
  page: number;
  pageCount: number;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The conditions of a view for `staffId`; every view starts from the indexes' own predicate. */
export function queueConditions(query: Omit<QueueQuery, 'page'>, staffId: string): SQL {
  // The solved view looks back at finished work; every other view is a queue of open tickets.
  const where: SQL[] = [query.view === 'solved' ? eq(tickets.status, 'solved') : inArray(tickets.status, OPEN_STATUSES), isNull(tickets.spamAt)];
  switch (query.view) {
    case 'mine':
      where.push(eq(tickets.assigneeId, staffId));
      break;
    case 'unassigned':
      where.push(isNull(tickets.assigneeId));
      break;
    case 'queue':
      where.push(eq(tickets.queue, query.queue ?? 'general'));
      break;
    case 'breached':
      where.push(or(isNotNull(tickets.firstResponseBreachedAt), isNotNull(tickets.resolutionBreachedAt))!);
      break;
    case 'waiting':
      where.push(inArray(tickets.status, WAITING));
      break;
    case 'open':
    case 'solved':
      break;
  }
  if (query.priority && TICKET_PRIORITIES.includes(query.priority)) where.push(eq(tickets.priority, query.priority));
  if (query.tag) where.push(arrayContains(tickets.tags, [query.tag]));
  const q = query.q?.trim().toLowerCase();
  if (q) {
    const number = normalizeTicketNumber(q);
    where.push(number ? eq(tickets.number, number) : sql`${tickets.email} like ${`${escapeLike(q)}%`}`);
  }
  return and(...where)!;
}

export async function listQueue(db: Db, query: QueueQuery, staffId: string): Promise<QueuePage> {
  const where = queueConditions(query, staffId);
  const page = Math.max(1, query.page);
  // The count and the page are independent: on PostgreSQL they run at once on two connections.
  const [counted, found] = await Promise.all([
    rows<{ n: number }>(db, sql`select count(*)::int as n from (select 1 from ${tickets} where ${where} limit ${COUNT_CAP + 1}) capped`),
    db
      .select({ ...getTableColumns(tickets), orders: ORDERS_OF_TICKET })
      .from(tickets)
      .where(where)
      // NULLS LAST is the index's own order for ASC: tickets without a promise come after every
      // promise. Solved tickets have nothing due: the latest solved first (tickets_status_updated_idx).
      .orderBy(...(query.view === 'solved' ? [desc(tickets.updatedAt), desc(tickets.id)] : [asc(tickets.slaDueAt), asc(tickets.id)]))
      .limit(QUEUE_PAGE_SIZE)
      .offset((page - 1) * QUEUE_PAGE_SIZE),
  ]);
  const n = counted[0]?.n ?? 0;
  const more = n > COUNT_CAP;
  const total = Math.min(n, COUNT_CAP);
  // Beyond the cap the count no longer says how many pages there are: one more while the page is full.
  const pageCount = Math.max(page, Math.ceil(total / QUEUE_PAGE_SIZE), more && found.length === QUEUE_PAGE_SIZE ? page + 1 : 1);
  return { rows: found, total, more, page, pageCount };
}

/**
 * The queue names in use on open tickets, for the view's picker. A skip scan of the queue
 * index (one probe per name) rather than a DISTINCT over every open ticket.
 */
export async function queueNames(db: Db): Promise<string[]> {
  const open = sql.raw(OPEN_STATUSES.map((status) => `'${status}'`).join(', '));
  const found = await rows<{ queue: string }>(
    db,
    sql`with recursive names(queue) as (
          select min(queue) from tickets where status in (${open}) and spam_at is null
          union all
          select (select min(t.queue) from tickets t where t.status in (${open}) and t.spam_at is null and t.queue > names.queue)
          from names where names.queue is not null
        )
        select queue from names where queue is not null limit 100`,
  );
  const names = new Set(found.map((row) => row.queue));
  names.add('general');
  return [...names].sort();
}
