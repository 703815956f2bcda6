// Recording order page views and tracking-link clicks, and reading them back per day for the
// where-is-my-order report. A view is recorded after the page is worked out and a failure to
// record it never costs the customer their page: the measure is worth less than the answer.
import { gte, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import type { Platform } from '../../../platform/platform.ts';
import type { OrderViewer } from '../sections.ts';
import { orderViews, type OrderViewKind } from './schema.ts';

/** Records one view or click; logs and carries on when the database refuses. */
export async function recordOrderView(platform: Platform, orderId: string, kind: OrderViewKind, viewer: OrderViewer): Promise<void> {
  try {
    await platform.database.db.insert(orderViews).values({ orderId, kind, viewer: viewer.kind, at: platform.clock.now() });
  } catch (error) {
    platform.log.warn({ err: error, orderId, kind }, 'an order view could not be recorded');
  }
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
export async function orderViewsPerDay(db: Db, since: Date, timeZone: string): Promise<OrderViewDay[]> {
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
