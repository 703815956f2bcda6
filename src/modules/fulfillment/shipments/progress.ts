// Moving a parcel forward and keeping its order in step. A parcel's status only goes forward;
// when it skips "handed over" (first seen in transit) that step is still announced, since the
// shipped email and the sale hang on it; in transit and out for delivery are announced only
// when the parcel stops there. When a parcel first
// leaves the warehouse its units are sold in inventory. After every change the order's status
// is worked out again from all its parcels: partly shipped, shipped, out for delivery once
// every parcel is, delivered once every parcel is.
import { sql } from 'drizzle-orm';
import { arrayOf, type Db } from '../../../platform/db/database.ts';
import type { Platform } from '../../../platform/platform.ts';
import { allocatedLines, shipReservation, type ParcelUnits } from '../../inventory/index.ts';
import { actorLabel, advanceOrders, lockOrders, type OrderActor, type OrderStatus } from '../../orders/index.ts';
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
}

/** What a carrier's scans say about a parcel besides where it is: written with its moves. */
export interface ScanFacts {
  estimateEarliest: string | null;
  estimateLatest: string | null;
  /** The exception that stands after the scans (null: none, or cleared by progress). */
  exception: string | null;
  lastScanAt: Date | null;
}

export interface ParcelMoves {
  /** Locked by the caller in this transaction, as it stands before these moves. */
  parcel: LockedShipment;
  /** The statuses the parcel reached, in the order it reached them; those not further than it stands are skipped. */
  moves: readonly { to: ShipmentStatus; at: Date; by: MoveBy }[];
  scan?: ScanFacts;
}

/** Moves the parcel to `to` if that is further than it is, and its order along with it. */
export async function moveShipment(
  platform: Platform,
  tx: Db,
  shipmentId: string,
  to: ShipmentStatus,
  by: MoveBy,
  { at = platform.clock.now(), locked }: MoveOptions = {},
): Promise<ShipmentMove> {
  const current = locked?.id === shipmentId ? locked : await lockShipment(tx, shipmentId);
  if (!current) throw new RangeError(`No shipment ${shipmentId}`);
  const [shipment] = await moveShipments(platform, tx, [{ parcel: current, moves: [{ to, at, by }] }]);
  return { shipment: shipment!, moved: shipment!.status !== current.status };
}

/**
 * Moves locked parcels forward, each through its moves: the units of a parcel that leaves the
 * warehouse are sold, each step is announced, every changed parcel is written in one
 * statement (with its scan facts), and then each order is brought in step once, with the
 * words of its parcels' last move. Returns the parcels as they stand, still locked, in the
 * order given.
 */
export async function moveShipments(platform: Platform, tx: Db, list: readonly ParcelMoves[]): Promise<LockedShipment[]> {
  const now = platform.clock.now();
  const after: LockedShipment[] = [];
  const orderMoves = new Map<string, MoveBy>();
  for (const { parcel, moves, scan } of list) {
    let { status, exception, shippedAt, deliveredAt } = parcel;
    for (const { to, at, by } of moves) {
      if (shipmentRank(to) <= shipmentRank(status)) continue;
      if (hasLeft(to) && !hasLeft(status)) {
        shippedAt = at;
        // Only the units inventory counts are sold; an order of uncounted items holds no reservation.
        const counted = await allocatedLines(tx, parcel.orderNumber);
        const units = parcelUnits(parcel).filter((u) => counted.some((a) => a.variantId === u.variantId && a.locationId === u.locationId));
        if (units.length > 0) await shipReservation(platform, tx, parcel.orderNumber, actorLabel(by), units);
      }
      if (to === 'delivered') deliveredAt = at;
      for (const step of SHIPMENT_STATUSES.slice(shipmentRank(status) + 1, shipmentRank(to) + 1)) {
        if (WAYPOINTS.has(step) && step !== to) continue;
        await platform.events.publish(tx, SHIPMENT_EVENTS[step], { shipmentId: parcel.id, orderId: parcel.orderId, orderNumber: parcel.orderNumber, status: step }, actorLabel(by));
      }
      status = to;
      exception = null;
      orderMoves.set(parcel.orderId, by);
    }
    const moved = status !== parcel.status;
    after.push(moved || scan ? ({ ...parcel, ...scan, status, exception: scan ? scan.exception : exception, shippedAt, deliveredAt, updatedAt: now } as LockedShipment) : parcel);
  }
  const changed = after.filter((parcel, i) => parcel !== list[i]!.parcel);
  if (changed.length > 0) await writeParcels(tx, changed, now);
  if (orderMoves.size > 0) await keepOrdersInStep(platform, tx, orderMoves);
  return after;
}

/**
 * Every changed parcel in one statement. The rows are locked and were read under that lock,
 * so the values are written whole.
 */
async function writeParcels(tx: Db, list: readonly Shipment[], now: Date): Promise<void> {
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  await tx.execute(sql`
    update ${shipments} as s
       set status = v.status, exception = v.exception, shipped_at = v.shipped_at, delivered_at = v.delivered_at,
           estimate_earliest = v.estimate_earliest, estimate_latest = v.estimate_latest, last_scan_at = v.last_scan_at,
           updated_at = ${now.toISOString()}::timestamptz
      from unnest(${arrayOf(list, (p) => p.id)}::uuid[], ${arrayOf(list, (p) => p.status)}::text[], ${arrayOf(list, (p) => p.exception)}::text[],
                  ${arrayOf(list, (p) => iso(p.shippedAt))}::timestamptz[], ${arrayOf(list, (p) => iso(p.deliveredAt))}::timestamptz[],
                  ${arrayOf(list, (p) => p.estimateEarliest)}::date[], ${arrayOf(list, (p) => p.estimateLatest)}::date[], ${arrayOf(list, (p) => iso(p.lastScanAt))}::timestamptz[])
        as v(id, status, exception, shipped_at, delivered_at, estimate_earliest, estimate_latest, last_scan_at)
     where s.id = v.id`);
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

/** keepOrderInStep for several orders, each with who moved its parcels: three statements for all of them. */
export async function keepOrdersInStep(platform: Platform, tx: Db, moved: ReadonlyMap<string, MoveBy>): Promise<void> {
  // Locked now (after the parcels, as every parcel move does) and handed on, so each order is read once.
  const locked = await lockOrders(tx, [...moved.keys()]);
  const missing = [...moved.keys()].find((id) => !locked.some((order) => order.id === id));
  if (missing) throw new RangeError(`No order ${missing}`);
  const parcelsOf = await shipmentsOfOrders(tx, locked.map((order) => order.id));
  const advances = [];
  for (const order of locked) {
    if (order.status === 'on_hold' || order.status === 'cancelled') {
      platform.log.warn({ orderId: order.id, status: order.status }, 'a parcel moved while its order is on hold or cancelled');
      continue;
    }
    const ordered = order.lines.reduce((sum, line) => sum + line.quantity, 0);
    const target = orderStatusFromParcels(ordered, parcelsOf.get(order.id)!);
    if (target) advances.push({ order, to: target, by: moved.get(order.id)! });
  }
  if (advances.length > 0) await advanceOrders(platform, tx, advances);
}
