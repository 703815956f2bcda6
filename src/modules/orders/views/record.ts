// Recording order page views and tracking-link clicks, and reading them back per day for the
// where-is-my-order report. A view is recorded after the page is worked out and a failure to
// record it never costs the customer their page: the measure is worth less than the answer.
// So a page does not wait for it either: views wait in memory and are written together a
// quarter of a second later (one insert for a busy moment's views), and when the store stops.
// A crash loses at most that quarter second of counts, never anything a customer did.
import { gte, sql } from 'drizzle-orm';
import type { Platform } from '../../../platform/platform.ts';
import type { OrderViewer } from '../sections.ts';
import { orderViews, type OrderViewKind } from './schema.ts';

const WRITE_AFTER_MS = 250;
const MOST_PER_WRITE = 500;

interface Waiting {
  rows: (typeof orderViews.$inferInsert)[];
  timer: NodeJS.Timeout | null;
  /** The writes so far, one after the other. */
  written: Promise<void>;
}

const waiting = new WeakMap<Platform, Waiting>();

/** Records one view or click, written shortly; logs and carries on when the database refuses. */
export function recordOrderView(platform: Platform, orderId: string, kind: OrderViewKind, viewer: OrderViewer): void {
  let queue = waiting.get(platform);
  if (!queue) waiting.set(platform, (queue = { rows: [], timer: null, written: Promise.resolve() }));
  queue.rows.push({ orderId, kind, viewer: viewer.kind, at: platform.clock.now() });
  if (queue.rows.length >= MOST_PER_WRITE) void writeOrderViews(platform);
  else queue.timer ??= setTimeout(() => void writeOrderViews(platform), WRITE_AFTER_MS).unref();
}

/** Writes the views waiting in memory now; resolves once every write so far has ended. */
export function writeOrderViews(platform: Platform): Promise<void> {
  const queue = waiting.get(platform);
  if (!queue) return Promise.resolve();
  if (queue.timer) clearTimeout(queue.timer);
  queue.timer = null;
  const rows = queue.rows.splice(0);
  if (rows.length > 0) {
    queue.written = queue.written.then(async () => {
      try {
        await platform.database.db.insert(orderViews).values(rows);
      } catch (error) {
        platform.log.warn({ err: error, views: rows.length }, 'order views could not be recorded');
      }
    });
  }
  return queue.written;
}

export interface OrderViewDay {
  /** The local date in the store's time zone, YYYY-MM-DD. */
  day: string;
  /** Order pages opened by customers (signed link or signed in); staff are not counted. */
  customerViews: number;
  /** Tracking links followed by customers. */
  trackingClicks: number;
  /** Order pages opened by staff: shown apart, never mixed into the customers' figures. */
  staffViews: number;
}

/** Views and clicks per local day since `since`, only the days that had any, oldest first. */
export async function orderViewsPerDay(platform: Platform, since: Date, timeZone: string): Promise<OrderViewDay[]> {
  // Counted with the views still waiting to be written.
  await writeOrderViews(platform);
  const db = platform.database.db;
  const day = sql<string>`to_char(${orderViews.at} at time zone ${timeZone}, 'YYYY-MM-DD')`;
  const found = await db
    .select({
      day,
      customerViews: sql<number>`(count(*) filter (where ${orderViews.kind} = 'page_view' and ${orderViews.viewer} <> 'staff'))::int`,
      trackingClicks: sql<number>`(count(*) filter (where ${orderViews.kind} = 'tracking_click' and ${orderViews.viewer} <> 'staff'))::int`,
      staffViews: sql<number>`(count(*) filter (where ${orderViews.kind} = 'page_view' and ${orderViews.viewer} = 'staff'))::int`,
    })
    .from(orderViews)
    .where(gte(orderViews.at, since))
    // By position: the time zone is a parameter, and two parameters are never the same expression to PostgreSQL.
    .groupBy(sql`1`)
    .orderBy(sql`1`);
  return found;
}
