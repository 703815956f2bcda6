// The staff moves that only change an order's status: hold and release, a return requested and
// received. Each runs in the caller's transaction with the order locked, after checking that it
// is still in the status the staff member saw when the page was drawn (a second click, or a
// colleague acting meanwhile, is told so instead of doing something else than was meant).
import type { Db } from '../../../platform/db/database.ts';
import { Problem } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import { IllegalTransition, lockOrder, ORDER_STATUS_LABELS, orderNotFound, transitionOrder, type Order, type OrderActor, type OrderStatus } from '../../orders/index.ts';
import { markReservationSold } from '../../inventory/index.ts';
import { keepOrderInStep } from '../shipments/progress.ts';

/** Payment statuses that mean the money is there (payments' names, as the order keeps them). */
const PAID: ReadonlySet<string> = new Set(['authorized', 'captured']);

export const REASON_MAX = 500;

/** The order, locked, if it is still where the staff member saw it. */
export async function lockAsSeen(tx: Db, orderId: string, seen: OrderStatus | undefined): Promise<Order> {
  const order = await lockOrder(tx, orderId);
  if (!order) throw orderNotFound();
  if (seen !== undefined && order.status !== seen) {
    throw new Problem({
      status: 409,
      type: 'order-changed',
      title: `Order ${order.number} is now ${ORDER_STATUS_LABELS[order.status]}`,
      detail: `It was ${ORDER_STATUS_LABELS[seen]} when the page was shown: someone (or a second click) changed it meanwhile. Nothing more was done; look at its history and choose again.`,
      extensions: { status: order.status, seen },
    });
  }
  return order;
}

/** The reason as given, trimmed; required ones must say something. */
export function reasonOf(typed: string, required: boolean, what: string): string {
  const reason = typed.trim();
  if (required && reason === '') throw new Problem({ status: 400, type: 'reason-required', title: `Say why ${what}` });
  if (reason.length > REASON_MAX) throw new Problem({ status: 400, type: 'validation', title: `The reason is longer than ${REASON_MAX} characters` });
  return reason;
}

/** Stops the order where it is (picking, packing) until someone releases it. */
export async function holdOrder(platform: Platform, tx: Db, orderId: string, reason: string, by: OrderActor, seen?: OrderStatus): Promise<Order> {
  const order = await lockAsSeen(tx, orderId, seen);
  return transitionOrder(platform, tx, order.id, 'on_hold', { ...by, reason: reasonOf(reason, true, 'the order is held') });
}

/**
 * Sends a held order back to the status it was held from. A parcel the carrier collected while
 * the order was held was recorded on its shipment only; the order catches up with it now.
 */
export async function releaseOrder(platform: Platform, tx: Db, orderId: string, reason: string, by: OrderActor, seen?: OrderStatus): Promise<Order> {
  const order = await lockAsSeen(tx, orderId, seen);
  if (order.status !== 'on_hold' || !order.heldFrom) throw new IllegalTransition(order.number, order.status, order.heldFrom ?? order.status, 'Only an order on hold can be released.');
  await transitionOrder(platform, tx, order.id, order.heldFrom, { ...by, reason: reasonOf(reason, false, 'it is released') });
  if (order.heldFrom === 'placed' && PAID.has(order.paymentStatus)) {
    // Paid while it was held: checkout's settling found it on hold and left it. Confirm it now,
    // as the payment would have, or it would wait for a payment that already came.
    await markReservationSold(platform, tx, order.number);
    await transitionOrder(platform, tx, order.id, 'validated', { kind: 'system', reason: 'Payment authorised while the order was on hold' });
  }
  await keepOrderInStep(platform, tx, order.id, { ...by, reason: 'Its parcels moved while it was on hold' });
  return (await lockOrder(tx, order.id))!;
}

/** The customer wants to send back what was delivered (all or part of it). */
export async function requestReturn(platform: Platform, tx: Db, orderId: string, reason: string, by: OrderActor, seen?: OrderStatus): Promise<Order> {
  const order = await lockAsSeen(tx, orderId, seen);
  const why = reasonOf(reason, true, 'the customer sends it back');
  if (order.status !== 'delivered' && order.status !== 'partially_refunded') {
    throw new IllegalTransition(order.number, order.status, 'return_requested', 'A return is recorded once the order has been delivered.');
  }
  return transitionOrder(platform, tx, order.id, 'return_requested', { ...by, reason: why });
}

/** What the customer sent back has arrived at the warehouse: it can now be refunded. */
export async function receiveReturn(platform: Platform, tx: Db, orderId: string, note: string, by: OrderActor, seen?: OrderStatus): Promise<Order> {
  const order = await lockAsSeen(tx, orderId, seen);
  const why = reasonOf(note, false, 'the return was received');
  return transitionOrder(platform, tx, order.id, 'return_received', { ...by, reason: why });
}
