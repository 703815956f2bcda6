// Moving an order forward along its delivery path because something happened to its parcels
// (packed, handed to the carrier, out for delivery, delivered). Unlike transitionOrder, which
// refuses a move the table does not allow, advancing is safe to repeat and to receive out of
// order: a retried webhook or a late "in transit" scan after "delivered" changes nothing and
// emits nothing. The main steps skipped on the way (prepared, when a parcel is packed and
// handed over at once) are each recorded, so the customer's timeline has every one with its time.
import type { Db } from '../../platform/db/database.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Order } from './read.ts';
import { FORWARD_PATH, type OrderStatus } from './states.ts';
import { IllegalTransition, lockOrder, orderNotFound, transitionOrders, type LockedOrder, type TransitionBy } from './transition.ts';
import { isUuid } from './uuid.ts';

/** Already past the delivery path: a late parcel event has nothing left to move. */
const PAST_DELIVERY: ReadonlySet<OrderStatus> = new Set(['return_requested', 'return_received', 'partially_refunded', 'refunded']);

/**
 * Steps recorded only when an order stops there: an order shipped in full was never partly
 * shipped, and a parcel scanned delivered was not necessarily seen out for delivery. Prepared
 * is always recorded: it is one of the moments the customer is told about.
 */
const WAYPOINTS: ReadonlySet<OrderStatus> = new Set(['partially_shipped', 'out_for_delivery']);

/**
 * Advances the order to `to` (a status on the forward path after payment), walking every step
 * between. Returns the order when it moved, null when it was already there or beyond. A caller
 * that already locked the order in this transaction passes it as `locked`.
 * Throws IllegalTransition when the order cannot move forward at all: unpaid, on hold or cancelled.
 */
export async function advanceOrder(platform: Platform, tx: Db, orderId: string, to: OrderStatus, by: TransitionBy, locked?: LockedOrder): Promise<Order | null> {
  if (!isUuid(orderId)) throw orderNotFound();
  const current = locked?.id === orderId ? locked : await lockOrder(tx, orderId);
  if (!current) throw orderNotFound();
  const [moved] = await advanceOrders(platform, tx, [{ order: current, to, by }]);
  return moved!;
}

/** advanceOrder for several locked orders at once: their steps are written in one statement. */
export async function advanceOrders(platform: Platform, tx: Db, list: readonly { order: LockedOrder; to: OrderStatus; by: TransitionBy }[]): Promise<(Order | null)[]> {
  const moves = list.map(({ order, to, by }) => ({ order, steps: stepsTo(order, to), by }));
  const moved = await transitionOrders(platform, tx, moves.filter(({ steps }) => steps.length > 0));
  const byId = new Map(moved.map((order) => [order.id, order]));
  return moves.map(({ order, steps }) => (steps.length > 0 ? byId.get(order.id)! : null));
}

/** The steps from where the order stands to `to`: none when it is there or beyond. */
function stepsTo(current: LockedOrder, to: OrderStatus): OrderStatus[] {
  const target = FORWARD_PATH.indexOf(to);
  if (target <= FORWARD_PATH.indexOf('validated')) throw new RangeError(`Orders advance to a status after payment, not to ${to}`);
  if (PAST_DELIVERY.has(current.status)) return [];
  const at = FORWARD_PATH.indexOf(current.status);
  if (at < 0 || current.status === 'placed') {
    throw new IllegalTransition(current.number, current.status, to, current.status === 'placed' ? 'It is not paid yet.' : undefined);
  }
  // Part shipped before the rest was packed: the order was never wholly prepared.
  return FORWARD_PATH.slice(at + 1, target + 1).filter((step) => !(WAYPOINTS.has(step) && step !== to) && !(step === 'prepared' && to === 'partially_shipped'));
}
