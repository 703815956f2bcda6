// The console's work queue: paid orders waiting to be prepared (oldest first, each with the
// day it must ship by, late ones flagged), orders in preparation, and orders whose parcels wait
// for the carrier, with how many orders each tab holds. "Ships by" is the earliest day any of
// the order's lines was promised to leave (the line's promise `shipsOn`, a local date), so an
// order late for one item is late.
import { and, count, eq, inArray } from 'drizzle-orm';
import { localDateOf } from '../../../platform/calendar.ts';
import type { Db } from '../../../platform/db/database.ts';
import { countOrdersInStatus, ordersInStatus, type Order, type OrderStatus } from '../../orders/index.ts';
import { shipments } from '../schema.ts';

export const QUEUE_TABS = ['ready', 'preparing', 'waiting'] as const;
export type QueueTab = (typeof QUEUE_TABS)[number];

export const QUEUE_TAB_INFO: Readonly<Record<QueueTab, { label: string; statuses: readonly OrderStatus[]; empty: string }>> = {
  ready: { label: 'Ready to prepare', statuses: ['validated'], empty: 'No paid order is waiting to be prepared.' },
  preparing: { label: 'In preparation', statuses: ['in_preparation'], empty: 'No order is in preparation.' },
  waiting: { label: 'Waiting for pickup', statuses: ['prepared', 'partially_shipped'], empty: 'No parcel is waiting for the carrier.' },
};

export function isQueueTab(value: string): value is QueueTab {
  return (QUEUE_TABS as readonly string[]).includes(value);
}

/** A tab shows this many orders at most, the longest waiting first; the count says how many there are. */
export const QUEUE_LIMIT = 100;

export interface QueueRow {
  order: Order;
  units: number;
  /** The earliest day a line was promised to leave (YYYY-MM-DD, store time), or null when no line says. */
  shipsBy: string | null;
  late: boolean;
  dueToday: boolean;
  /** Parcels packed and not yet handed to the carrier. */
  parcelsWaiting: number;
}

export interface Queue {
  tab: QueueTab;
  rows: QueueRow[];
  counts: Record<QueueTab, number>;
  /** Today in the store's time zone. */
  today: string;
}

async function parcelsWaitingFor(db: Db, orderIds: readonly string[]): Promise<Map<string, number>> {
  if (orderIds.length === 0) return new Map();
  const found = await db
    .select({ orderId: shipments.orderId, n: count() })
    .from(shipments)
    .where(and(inArray(shipments.orderId, [...orderIds]), eq(shipments.status, 'packed')))
    .groupBy(shipments.orderId);
  return new Map(found.map((row) => [row.orderId, Number(row.n)]));
}

export function shipsByOf(order: Order): string | null {
  return (
    order.lines
      .map((line) => line.promise.shipsOn ?? null)
      .filter((date): date is string => date !== null)
      .sort()[0] ?? null
  );
}

export async function readQueue(db: Db, tab: QueueTab, now: Date, timeZone: string): Promise<Queue> {
  const today = localDateOf(now, timeZone);
  const all = QUEUE_TABS.flatMap((t) => QUEUE_TAB_INFO[t].statuses);
  const [orders, perStatus] = await Promise.all([ordersInStatus(db, QUEUE_TAB_INFO[tab].statuses, QUEUE_LIMIT), countOrdersInStatus(db, all)]);
  const waiting = await parcelsWaitingFor(
    db,
    orders.map((o) => o.id),
  );
  const counts = Object.fromEntries(QUEUE_TABS.map((t) => [t, QUEUE_TAB_INFO[t].statuses.reduce((sum, s) => sum + (perStatus.get(s) ?? 0), 0)])) as Record<QueueTab, number>;
  const rows = orders.map((order) => {
    const shipsBy = shipsByOf(order);
    return {
      order,
      units: order.lines.reduce((sum, line) => sum + line.quantity, 0),
      shipsBy,
      late: shipsBy !== null && shipsBy < today,
      dueToday: shipsBy === today,
      parcelsWaiting: waiting.get(order.id) ?? 0,
    };
  });
  return { tab, rows, counts, today };
}
