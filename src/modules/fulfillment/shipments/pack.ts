// Packing a parcel: some units of some order lines, from one stock location, with the carrier,
// service and tracking number on its label. Everything is checked before anything is written,
// with the order locked so two packers at one order cannot both take the last units: the order
// must be paid and not on hold, cancelled or shipped in full; each line can hold at most what
// is left to ship of it, and only units the order has at that location (uncounted items: the
// default location); the tracking number
// must be one of the carrier's and not on another parcel. The order then moves to "in
// preparation", or "prepared" once every unit is in a parcel.
import { sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import { Problem } from '../../../platform/http/problem.ts';
import { newId } from '../../../platform/ids.ts';
import type { Platform } from '../../../platform/platform.ts';
import { actorLabel, lockOrder, ORDER_STATUS_LABELS, orderNotFound, type Order, type OrderStatus } from '../../orders/index.ts';
import { isCarrierCode, requireTrackingNumber, type CarrierCode } from '../carriers/numbers/index.ts';
import { shipmentPacked } from '../events.ts';
import { shipmentLines, shipments } from '../schema.ts';
import { packingAllocation } from './allocation.ts';
import { keepOrderInStep, type MoveBy } from './progress.ts';
import { shipmentById, shipmentByTracking, shipmentsOfOrder, type Shipment } from './read.ts';

export interface PackRequest {
  orderId: string;
  locationId: string;
  lines: readonly { orderLineId: string; quantity: number }[];
  carrier: string;
  service: string;
  trackingNumber: string;
}

/** Statuses in which an order may have parcels packed. */
export const PACKABLE: ReadonlySet<OrderStatus> = new Set(['validated', 'in_preparation', 'prepared', 'partially_shipped']);

const SERVICE_MAX = 80;

const invalid = (title: string, detail?: string) => new Problem({ status: 400, type: 'validation', title, ...(detail ? { detail } : {}) });

export async function packShipment(platform: Platform, tx: Db, request: PackRequest, by: MoveBy): Promise<Shipment> {
  const order = await lockOrder(tx, request.orderId);
  if (!order) throw orderNotFound();
  if (!PACKABLE.has(order.status)) throw notPackable(order);
  if (!isCarrierCode(request.carrier)) throw invalid('Choose a carrier', `We ship with UPS, FedEx, USPS and DHL; "${request.carrier.slice(0, 40)}" is not one of them.`);
  const carrier: CarrierCode = request.carrier;
  const service = request.service.trim();
  if (service === '' || service.length > SERVICE_MAX) throw invalid('Name the carrier’s service', `For example "Ground" or "Priority Mail", at most ${SERVICE_MAX} characters.`);
  const tracking = requireTrackingNumber(carrier, request.trackingNumber);

  const wanted = request.lines.filter((line) => line.quantity !== 0);
  if (wanted.length === 0) throw invalid('Put at least one item in the parcel');
  if (new Set(wanted.map((l) => l.orderLineId)).size !== wanted.length) throw invalid('Each item appears once in a parcel');
  const existing = await shipmentsOfOrder(tx, order.id);
  const allocated = await packingAllocation(tx, order);
  for (const line of wanted) {
    const orderLine = order.lines.find((l) => l.id === line.orderLineId);
    if (!orderLine) throw invalid('That item is not on this order');
    if (!Number.isInteger(line.quantity) || line.quantity < 1) throw invalid(`Pack a whole number of ${orderLine.productTitle}, at least 1`);
    const packed = existing.flatMap((s) => s.lines).filter((l) => l.orderLineId === line.orderLineId).reduce((sum, l) => sum + l.quantity, 0);
    const left = orderLine.quantity - packed;
    if (line.quantity > left) {
      throw new Problem({
        status: 409,
        type: 'more-than-ordered',
        title: `That is more ${orderLine.productTitle} than is left to ship`,
        detail: `Order ${order.number} has ${orderLine.quantity} ordered and ${packed} already packed: ${left} left, not ${line.quantity}.`,
        extensions: { orderLineId: line.orderLineId, ordered: orderLine.quantity, packed, left },
      });
    }
    const here = allocated.filter((a) => a.variantId === orderLine.variantId && a.locationId === request.locationId).reduce((sum, a) => sum + a.quantity, 0);
    const packedHere = existing
      .filter((s) => s.locationId === request.locationId)
      .flatMap((s) => s.lines)
      .filter((l) => l.variantId === orderLine.variantId)
      .reduce((sum, l) => sum + l.quantity, 0);
    if (line.quantity > here - packedHere) {
      throw new Problem({
        status: 409,
        type: 'not-at-location',
        title: `${orderLine.productTitle} is not set aside at that location`,
        detail: `This order has ${Math.max(0, here - packedHere)} unit(s) of it to pack there. Pack it from the location the pick list names.`,
        extensions: { orderLineId: line.orderLineId },
      });
    }
  }
  if (await shipmentByTracking(tx, carrier, tracking.number)) {
    throw new Problem({ status: 409, type: 'tracking-number-taken', title: 'That tracking number is already on another parcel', detail: `Check the label: ${tracking.number} was used before.` });
  }

  const id = newId();
  const now = platform.clock.now();
  const lines = wanted.map((line) => ({ ...line, variantId: order.lines.find((l) => l.id === line.orderLineId)!.variantId }));
  const estimate = estimateOf(order, lines.map((l) => l.orderLineId));
  await tx.insert(shipments).values({
    id,
    orderId: order.id,
    orderNumber: order.number,
    seq: sql`(select coalesce(max(${shipments.seq}), 0) + 1 from ${shipments} where ${shipments.orderId} = ${order.id})`,
    locationId: request.locationId,
    carrier,
    service,
    trackingNumber: tracking.number,
    trackingUrl: tracking.url,
    estimateEarliest: estimate.earliest,
    estimateLatest: estimate.latest,
    packedBy: actorLabel(by),
    createdAt: now,
    updatedAt: now,
  });
  await tx.insert(shipmentLines).values(lines.map((line) => ({ shipmentId: id, orderLineId: line.orderLineId, variantId: line.variantId, quantity: line.quantity })));
  await platform.events.publish(tx, shipmentPacked, { shipmentId: id, orderId: order.id, orderNumber: order.number, status: 'packed' }, actorLabel(by));
  await keepOrderInStep(platform, tx, order.id, by);
  return (await shipmentById(tx, id))!;
}

function notPackable(order: Order): Problem {
  const why: Partial<Record<OrderStatus, string>> = {
    placed: 'It is not paid yet: parcels are packed once payment is confirmed.',
    on_hold: 'It is on hold: release it first.',
    cancelled: 'It is cancelled.',
  };
  return new Problem({
    status: 409,
    type: 'order-not-packable',
    title: `Order ${order.number} is ${ORDER_STATUS_LABELS[order.status]}: nothing to pack`,
    detail: why[order.status] ?? 'Everything on it has left the warehouse.',
    extensions: { status: order.status },
  });
}

/** The dates the customer was promised for these lines: a parcel comes when its slowest item was due. */
function estimateOf(order: Order, orderLineIds: readonly string[]): { earliest: string | null; latest: string | null } {
  const promises = order.lines.filter((l) => orderLineIds.includes(l.id)).map((l) => l.promise);
  const dates = (pick: (p: (typeof promises)[number]) => string | null) => promises.map(pick).filter((d): d is string => d !== null).sort();
  return { earliest: dates((p) => p.earliest).at(-1) ?? null, latest: dates((p) => p.latest).at(-1) ?? null };
}
