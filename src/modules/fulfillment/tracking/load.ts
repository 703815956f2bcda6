// What the order pages need to say where an order's parcels are, read in two queries whatever
// the number of parcels or scans: the parcels with their lines (one join) and every carrier
// event of the order's parcels (through the order id, so both run at once). The customer's
// page asks for it twice (the parcels section and the delivery estimate): read once per page.
import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import type { OrderStatus } from '../../orders/index.ts';
import { oncePerOrderPage } from '../per-page.ts';
import { shipmentLines, shipments, trackingEvents } from '../schema.ts';
import type { Shipment, TrackingEvent } from '../shipments/read.ts';

export interface OrderTracking {
  /** In the order they were packed ("parcel 1 of 2"). */
  parcels: Shipment[];
  /** Per parcel id, newest scan first. */
  events: ReadonlyMap<string, TrackingEvent[]>;
}

const NOTHING: OrderTracking = { parcels: [], events: new Map() };

/** Statuses in which an order cannot have a parcel yet: packing moves it on. */
const BEFORE_PACKING: ReadonlySet<OrderStatus> = new Set(['placed', 'validated']);

export async function readOrderTracking(db: Db, orderId: string): Promise<OrderTracking> {
  const [joined, events] = await Promise.all([
    db
      .select({ parcel: shipments, line: { orderLineId: shipmentLines.orderLineId, variantId: shipmentLines.variantId, quantity: shipmentLines.quantity } })
      .from(shipments)
      .leftJoin(shipmentLines, eq(shipmentLines.shipmentId, shipments.id))
      .where(eq(shipments.orderId, orderId))
      .orderBy(asc(shipments.seq)),
    db
      .select()
      .from(trackingEvents)
      .where(inArray(trackingEvents.shipmentId, db.select({ id: shipments.id }).from(shipments).where(eq(shipments.orderId, orderId))))
      .orderBy(desc(trackingEvents.occurredAt), desc(trackingEvents.receivedAt)),
  ]);
  const parcels = new Map<string, Shipment>();
  for (const { parcel, line } of joined) {
    let shipment = parcels.get(parcel.id);
    if (!shipment) {
      shipment = { ...parcel, lines: [] };
      parcels.set(parcel.id, shipment);
    }
    if (line?.orderLineId) shipment.lines.push({ orderLineId: line.orderLineId, variantId: line.variantId!, quantity: line.quantity! });
  }
  const byParcel = new Map<string, TrackingEvent[]>();
  for (const event of events) {
    const list = byParcel.get(event.shipmentId);
    if (list) list.push(event);
    else byParcel.set(event.shipmentId, [event]);
  }
  return { parcels: [...parcels.values()], events: byParcel };
}

/** The order's tracking, read once for this order object (one page request). */
export const orderTracking = oncePerOrderPage((db, order): Promise<OrderTracking> =>
  BEFORE_PACKING.has(order.status) ? Promise.resolve(NOTHING) : readOrderTracking(db, order.id),
);
