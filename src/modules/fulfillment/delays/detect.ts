// Finding orders that miss their promise, and the revised promise for each problem. Four
// causes: units not in a parcel that left by their ship day (processing); a parcel on its way
// without a carrier scan for N business days (no_scan); a carrier exception (carrier_exception);
// backordered units whose supply is now expected too late for their ship day (backorder).
// Each finding names its revision, the fact that makes it a new problem, so recording it twice
// records nothing. These functions only read: recording and acting is record.ts's.
import { addBusinessDays, businessDayOnOrAfter, localDateOf, nextBusinessDay, type BusinessCalendar, type LocalDate } from '../../../platform/calendar.ts';
import type { Db } from '../../../platform/db/database.ts';
import { restockOutlook } from '../../inventory/index.ts';
import type { Order, OrderLine, OrderStatus } from '../../orders/index.ts';
import { quote } from '../../shipping/index.ts';
import type { Shipment, TrackingEvent } from '../shipments/read.ts';
import { hasLeft } from '../states.ts';
import type { DelayKind } from './kinds.ts';
import type { OrderDelay } from './read.ts';
import type { DelaySettings } from './settings.ts';

/** Paid orders with units that may still be waiting to leave. On hold, staff are on it already. */
export const AWAITING_SHIPMENT: readonly OrderStatus[] = ['validated', 'in_preparation', 'prepared', 'partially_shipped'];

/** Order statuses in which nothing is late any more (or nothing will ever come). */
export const FINISHED: ReadonlySet<OrderStatus> = new Set(['delivered', 'cancelled', 'return_requested', 'return_received', 'partially_refunded', 'refunded']);

const BACKORDER_STATES: ReadonlySet<string> = new Set(['backorder', 'preorder']);

export interface DelayFinding {
  orderId: string;
  orderNumber: string;
  kind: DelayKind;
  revision: string;
  newShipsOn: LocalDate | null;
  newEarliest: LocalDate;
  newLatest: LocalDate;
  detail: string;
  shipmentId: string | null;
  variantId: string | null;
}

/** What every check needs to know about today. */
export interface CheckContext {
  calendar: BusinessCalendar;
  now: Date;
  today: LocalDate;
  settings: DelaySettings;
  /** Processing business days of each stock location. */
  processingDays: ReadonlyMap<string, number>;
}

export interface Transit {
  min: number;
  max: number;
}

const latestOf = (dates: readonly (LocalDate | null | undefined)[]): LocalDate | null => dates.filter((d): d is LocalDate => !!d).sort().at(-1) ?? null;

/** Business days from `from` to `to` (0 when `to` is not after it). */
function businessDaysBetween(calendar: BusinessCalendar, from: LocalDate, to: LocalDate): number {
  let days = 0;
  for (let day = from; day < to && days < 366; day = nextBusinessDay(calendar, day)) days++;
  return days;
}

/**
 * The order's shipping method's transit business days; for a method since removed, the span
 * its lines' promises were written with; failing both, two to five days.
 */
export async function transitOf(db: Db, calendar: BusinessCalendar, order: Order): Promise<Transit> {
  const method = (await quote(db, order.shippingMethod.id, 0))?.method;
  if (method) return { min: method.transitDaysMin, max: method.transitDaysMax };
  const promise = order.lines.map((l) => l.promise).find((p) => p.shipsOn && p.earliest && p.latest);
  if (promise) return { min: businessDaysBetween(calendar, promise.shipsOn!, promise.earliest!), max: businessDaysBetween(calendar, promise.shipsOn!, promise.latest!) };
  return { min: 2, max: 5 };
}

/** Delivery dates for a parcel leaving on `shipsOn`. */
function arrivals(ctx: CheckContext, shipsOn: LocalDate, transit: Transit): { newEarliest: LocalDate; newLatest: LocalDate } {
  return { newEarliest: addBusinessDays(ctx.calendar, shipsOn, transit.min), newLatest: addBusinessDays(ctx.calendar, shipsOn, Math.max(transit.min, transit.max)) };
}

/** Units of each order line that are not in a parcel that has left. */
export function unitsNotLeft(order: Order, parcels: readonly Shipment[]): Map<string, number> {
  const gone = new Map<string, number>();
  for (const parcel of parcels.filter((p) => hasLeft(p.status))) for (const line of parcel.lines) gone.set(line.orderLineId, (gone.get(line.orderLineId) ?? 0) + line.quantity);
  return new Map(order.lines.map((line) => [line.id, Math.max(0, line.quantity - (gone.get(line.id) ?? 0))]));
}

/** The day a line must leave by now: its promise, or a later day a delay already told the customer. */
function deadlineOf(line: OrderLine, delays: readonly Pick<OrderDelay, 'kind' | 'newShipsOn' | 'variantId'>[]): LocalDate | null {
  if (!line.promise.shipsOn) return null;
  const revised = delays.filter((d) => d.kind === 'processing' || (d.kind === 'backorder' && d.variantId === line.variantId)).map((d) => d.newShipsOn);
  return latestOf([line.promise.shipsOn, ...revised]);
}

const items = (lines: readonly { line: OrderLine; units: number }[]) => lines.map(({ line, units }) => `${units} × ${line.productTitle}${line.variantTitle ? ` (${line.variantTitle})` : ''}`).join(', ');

/**
 * The order's problems before its units leave: backordered units whose supply now comes too
 * late for their ship day, and units not shipped by their ship day. A slip found here moves
 * the line's ship day, so the same run does not also call it missed.
 */
export async function orderFindings(db: Db, ctx: CheckContext, order: Order, parcels: readonly Shipment[], delays: readonly OrderDelay[], transit: Transit): Promise<DelayFinding[]> {
  if (!AWAITING_SHIPMENT.includes(order.status)) return [];
  const left = unitsNotLeft(order, parcels);
  const waiting = order.lines.filter((line) => (left.get(line.id) ?? 0) > 0);
  if (waiting.length === 0) return [];
  const findings: DelayFinding[] = [];
  const base = { orderId: order.id, orderNumber: order.number };

  const backordered = waiting.filter((line) => BACKORDER_STATES.has(line.promise.state));
  if (backordered.length > 0) {
    const outlook = await restockOutlook(db, order.number);
    for (const line of backordered) {
      const supply = outlook.find((o) => o.variantId === line.variantId);
      if (!supply || supply.waiting === 0 || supply.expectedOn === null) continue;
      const deadline = deadlineOf(line, delays);
      if (!deadline) continue;
      const inStock = businessDayOnOrAfter(ctx.calendar, supply.expectedOn > ctx.today ? supply.expectedOn : ctx.today);
      const shipsOn = addBusinessDays(ctx.calendar, inStock, ctx.processingDays.get(supply.locationId) ?? 1);
      if (shipsOn <= deadline) continue;
      const dates = arrivals(ctx, shipsOn, transit);
      findings.push({
        ...base,
        kind: 'backorder',
        revision: `${line.variantId}:${shipsOn}`,
        newShipsOn: shipsOn,
        ...dates,
        detail: `${items([{ line, units: supply.waiting }])}: the supply is now expected on ${supply.expectedOn}, so they ship ${shipsOn} instead of ${deadline}. New delivery dates ${dates.newEarliest} to ${dates.newLatest}.`,
        shipmentId: null,
        variantId: line.variantId,
      });
    }
  }

  const known = [...delays, ...findings];
  const late = waiting.map((line) => ({ line, units: left.get(line.id)!, deadline: deadlineOf(line, known) })).filter((l) => l.deadline !== null && l.deadline < ctx.today);
  if (late.length > 0) {
    const missed = late.map((l) => l.deadline!).sort()[0]!;
    const shipsOn = addBusinessDays(ctx.calendar, ctx.today, ctx.settings.replanBusinessDays);
    const dates = arrivals(ctx, shipsOn, transit);
    findings.push({
      ...base,
      kind: 'processing',
      revision: `missed:${missed}`,
      newShipsOn: shipsOn,
      ...dates,
      detail: `Not shipped by ${missed}: ${items(late)} still with us (order ${order.status.replace(/_/g, ' ')}). Now to ship by ${shipsOn}, delivery ${dates.newEarliest} to ${dates.newLatest}.`,
      shipmentId: null,
      variantId: null,
    });
  }
  return findings;
}

/**
 * A parcel's problems: a carrier exception not cleared by a later scan, or no scan for the
 * settings' business days since the last one (or since it left). A parcel with an exception is
 * not also called quiet: the exception is why it is.
 */
export function parcelFindings(ctx: CheckContext, order: Pick<Order, 'id' | 'number' | 'status'>, parcel: Shipment, problem: TrackingEvent | null, transit: Transit): DelayFinding[] {
  if (parcel.status === 'delivered' || FINISHED.has(order.status) || order.status === 'on_hold') return [];
  const base = { orderId: order.id, orderNumber: order.number, shipmentId: parcel.id, variantId: null, newShipsOn: null };
  const label = `Parcel ${parcel.seq} (${parcel.carrier.toUpperCase()} ${parcel.trackingNumber})`;

  if (parcel.exception !== null) {
    // The carrier's own new estimate when it gave one, else a fresh transit from today.
    const carrier = problem?.estimateLatest ? { newEarliest: problem.estimateEarliest ?? problem.estimateLatest, newLatest: problem.estimateLatest } : null;
    const dates = carrier ?? revisedFromToday(ctx, parcel, transit);
    return [
      {
        ...base,
        kind: 'carrier_exception',
        revision: problem ? `event:${problem.id}` : `note:${parcel.exception}`,
        ...dates,
        detail: `${label}: the carrier reported “${parcel.exception}”. ${carrier ? 'The carrier’s new estimate' : 'New estimate'}: ${dates.newEarliest} to ${dates.newLatest}.`,
      },
    ];
  }

  const lastHeard = parcel.lastScanAt ?? parcel.shippedAt;
  if (!hasLeft(parcel.status) || !lastHeard) return [];
  const heardOn = localDateOf(lastHeard, ctx.calendar.timeZone);
  const quietUntil = addBusinessDays(ctx.calendar, heardOn, ctx.settings.noScanBusinessDays);
  if (ctx.today <= quietUntil) return [];
  const dates = revisedFromToday(ctx, parcel, transit);
  return [
    {
      ...base,
      kind: 'no_scan',
      revision: `since:${lastHeard.toISOString()}`,
      ...dates,
      detail: `${label}: no carrier scan since ${heardOn} (${parcel.lastScanAt ? 'last scan' : 'handed over'}), ${ctx.settings.noScanBusinessDays} business days or more. New estimate: ${dates.newEarliest} to ${dates.newLatest}.`,
    },
  ];
}

/** The transit again from today, never earlier than what the parcel was estimated already. */
function revisedFromToday(ctx: CheckContext, parcel: Shipment, transit: Transit): { newEarliest: LocalDate; newLatest: LocalDate } {
  const fresh = arrivals(ctx, ctx.today, { min: Math.max(1, transit.min), max: Math.max(1, transit.max) });
  const newEarliest = latestOf([fresh.newEarliest, parcel.estimateEarliest])!;
  return { newEarliest, newLatest: latestOf([fresh.newLatest, parcel.estimateLatest, newEarliest])! };
}
