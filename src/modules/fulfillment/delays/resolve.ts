// Marking delays over. A delay before the parcel leaves is over once those units are in a
// parcel that left (all of the order's, for a missed ship day; that variant's, for a late
// restock); a quiet parcel's once the carrier scans it again; an exception's once a scan
// clears it; any delay once its parcel is delivered or the order is delivered, cancelled or
// returned. Run when a parcel moves (its events) and by every run of the job, for news that
// comes without an event (a scan that does not change the parcel's status).
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import { orderById, type Order } from '../../orders/index.ts';
import { shipmentsOfOrder, type Shipment } from '../shipments/read.ts';
import { FINISHED, unitsNotLeft } from './detect.ts';
import type { OrderDelay } from './read.ts';
import { orderDelays } from './schema.ts';

/** Whether the delay is over, given the order and its parcels as they are now. */
export function isOver(delay: OrderDelay, order: Order | null, parcels: readonly Shipment[]): boolean {
  if (!order || FINISHED.has(order.status)) return true;
  const left = unitsNotLeft(order, parcels);
  switch (delay.kind) {
    case 'processing':
      return [...left.values()].every((units) => units === 0);
    case 'backorder':
      return order.lines.filter((line) => line.variantId === delay.variantId).every((line) => left.get(line.id) === 0);
    case 'no_scan': {
      const parcel = parcels.find((p) => p.id === delay.shipmentId);
      if (!parcel || parcel.status === 'delivered') return true;
      const quietSince = delay.revision.startsWith('since:') ? new Date(delay.revision.slice('since:'.length)) : null;
      return parcel.lastScanAt !== null && quietSince !== null && parcel.lastScanAt > quietSince;
    }
    case 'carrier_exception': {
      const parcel = parcels.find((p) => p.id === delay.shipmentId);
      return !parcel || parcel.status === 'delivered' || parcel.exception === null;
    }
  }
}

/** Marks the order's open delays that are over; returns how many. */
export async function resolveOrderDelays(tx: Db, orderId: string, now: Date): Promise<number> {
  const open = await tx
    .select()
    .from(orderDelays)
    .where(and(eq(orderDelays.orderId, orderId), isNull(orderDelays.resolvedAt)));
  if (open.length === 0) return 0;
  const order = await orderById(tx, orderId);
  const parcels = await shipmentsOfOrder(tx, orderId);
  const over = open.filter((delay) => isOver(delay, order, parcels)).map((d) => d.id);
  if (over.length === 0) return 0;
  await tx
    .update(orderDelays)
    .set({ resolvedAt: now })
    .where(and(inArray(orderDelays.id, over), isNull(orderDelays.resolvedAt)));
  return over.length;
}
