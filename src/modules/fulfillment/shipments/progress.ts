// Moving a parcel forward and keeping its order in step. A parcel's status only goes forward;
// when it skips "handed over" (first seen in transit) that step is still announced, since the
// shipped email and the sale hang on it; in transit and out for delivery are announced only
// when the parcel stops there. When a parcel first
// leaves the warehouse its units are sold in inventory. After every change the order's status
// is worked out again from all its parcels: partly shipped, shipped, out for delivery once
// every parcel is, delivered once every parcel is.
import { eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import type { Platform } from '../../../platform/platform.ts';
import { allocatedLines, shipReservation, type ParcelUnits } from '../../inventory/index.ts';
import { actorLabel, advanceOrder, lockOrders, type OrderActor, type OrderStatus } from '../../orders/index.ts';
import { SHIPMENT_EVENTS } from '../events.ts';
import { shipments } from '../schema.ts';
import { hasLeft, SHIPMENT_STATUSES, shipmentRank, type ShipmentStatus } from '../states.ts';
import { lockShipment, shipmentsOfOrders, type LockedShipment, type Shipment } from './read.ts';

const WAYPOINTS: ReadonlySet<ShipmentStatus> = new Set(['in_transit', 'out_for_delivery']);

export interface ShipmentMove {
  /** Still locked: the transaction that moved it holds it. */
  shipment: LockedShipment;
  /** False when the parcel was already there or further (a repeat or a late event). */
  moved: boolean;
}

export interface MoveBy extends OrderActor {
  /** Said in the order's history when the order moves ("Parcel 2 handed to UPS"). */
  reason?: string;
}

export interface MoveOptions {
  /** The scan's time; now by default. */
  at?: Date;
  /** The parcel, when the caller already locked it in this transaction. */
  locked?: LockedShipment;
  /**
   * 'later': the caller brings the order in step itself once all its moves are made
   * (keepOrdersInStep), as a carrier's webhook does for every order of its batch at once.
   */
  order?: 'now' | 'later';
}

/** Moves the parcel to `to` if that is further than it is, and its order along with it. */
export async function moveShipment(
  platform: Platform,
  tx: Db,
  shipmentId: string,
  to: ShipmentStatus,
  by: MoveBy,
  { at = platform.clock.now(), locked, order = 'now' }: MoveOptions = {},
): Promise<ShipmentMove> {
  const current = locked?.id === shipmentId ? locked : await lockShipment(tx, shipmentId);
  if (!current) throw new RangeError(`No shipment ${shipmentId}`);
  if (shipmentRank(to) <= shipmentRank(current.status)) return { shipment: current, moved: false };

  const leaves = hasLeft(to) && !hasLeft(current.status);
  if (leaves) {
    // Only the units inventory counts are sold; an order of uncounted items holds no reservation.
    const counted = await allocatedLines(tx, current.orderNumber);
    const units = parcelUnits(current).filter((u) => counted.some((a) => a.variantId === u.variantId && a.locationId === u.locationId));
    if (units.length > 0) await shipReservation(platform, tx, current.orderNumber, actorLabel(by), units);
  }
  const now = platform.clock.now();
  const [updated] = await tx
    .update(shipments)
    .set({
      status: to,
      exception: null,
      ...(leaves ? { shippedAt: at } : {}),
      ...(to === 'delivered' ? { deliveredAt: at } : {}),
      updatedAt: now,
    })
    .where(eq(shipments.id, shipmentId))
    .returning();
  for (const status of SHIPMENT_STATUSES.slice(shipmentRank(current.status) + 1, shipmentRank(to) + 1)) {
    if (WAYPOINTS.has(status) && status !== to) continue;
    await platform.events.publish(tx, SHIPMENT_EVENTS[status], { shipmentId, orderId: current.orderId, orderNumber: current.orderNumber, status }, actorLabel(by));
  }
  if (order === 'now') await keepOrderInStep(platform, tx, current.orderId, by);
  return { shipment: { ...updated!, lines: current.lines } as LockedShipment, moved: true };
}

/** The units of the parcel as inventory counts them: per variant, from the parcel's location. */
function parcelUnits(shipment: Shipment): ParcelUnits[] {
  const byVariant = new Map<string, number>();
  for (const line of shipment.lines) byVariant.set(line.variantId, (byVariant.get(line.variantId) ?? 0) + line.quantity);
  return [...byVariant].map(([variantId, quantity]) => ({ variantId, locationId: shipment.locationId, quantity }));
}

/**
 * Where the order stands given all its parcels, or null when parcels say nothing yet: some
 * units packed → in preparation; all packed → prepared; some left → partly shipped; all left →
 * shipped, out for delivery or delivered as the slowest parcel is.
 */
export function orderStatusFromParcels(ordered: number, parcels: readonly Shipment[]): OrderStatus | null {
  const units = (list: readonly Shipment[]) => list.reduce((sum, p) => sum + p.lines.reduce((s, l) => s + l.quantity, 0), 0);
  const packed = units(parcels);
  const gone = parcels.filter((p) => hasLeft(p.status));
  const left = units(gone);
  if (left === 0) return packed === 0 ? null : packed >= ordered ? 'prepared' : 'in_preparation';
  if (left < ordered) return 'partially_shipped';
  const slowest = Math.min(...gone.map((p) => shipmentRank(p.status)));
  if (slowest >= shipmentRank('delivered')) return 'delivered';
  if (slowest >= shipmentRank('out_for_delivery')) return 'out_for_delivery';
  return 'shipped';
}

/**
 * Brings the order's status forward to what its parcels say (never back; a repeat changes
 * nothing). An order on hold or cancelled is left as staff set it: a parcel the carrier
 * collected anyway is still recorded on the shipment, and staff see both on the order page.
 */
export async function keepOrderInStep(platform: Platform, tx: Db, orderId: string, by: MoveBy): Promise<void> {
  await keepOrdersInStep(platform, tx, new Map([[orderId, by]]));
}

/** keepOrderInStep for several orders, each with who moved its parcels: two statements for all of them, then each one's move. */
export async function keepOrdersInStep(platform: Platform, tx: Db, moved: ReadonlyMap<string, MoveBy>): Promise<void> {
  // Locked now (after the parcels, as every parcel move does) and handed on, so each order is read once.
  const locked = await lockOrders(tx, [...moved.keys()]);
  const missing = [...moved.keys()].find((id) => !locked.some((order) => order.id === id));
  if (missing) throw new RangeError(`No order ${missing}`);
  const parcelsOf = await shipmentsOfOrders(tx, locked.map((order) => order.id));
  for (const order of locked) {
    if (order.status === 'on_hold' || order.status === 'cancelled') {
      platform.log.warn({ orderId: order.id, status: order.status }, 'a parcel moved while its order is on hold or cancelled');
      continue;
    }
    const ordered = order.lines.reduce((sum, line) => sum + line.quantity, 0);
    const target = orderStatusFromParcels(ordered, parcelsOf.get(order.id)!);
    if (target) await advanceOrder(platform, tx, order.id, target, moved.get(order.id)!, order);
  }
}
