// Moving an order from one status to another, in the caller's transaction: the order row is
// locked first (a webhook and an agent acting at once queue, the second sees what the first
// did), the move is checked against the state table, and the new status, its history row and
// its one event commit together. The payment status copy changes here too, without an event:
// payments announces its own.
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { Problem } from '../../platform/http/problem.ts';
import type { Platform } from '../../platform/platform.ts';
import { actorLabel, type OrderActor } from './actor.ts';
import { ORDER_EVENTS } from './events.ts';
import { oneOrder, ordersWhere, toOrder, type Order } from './read.ts';
import { orders, orderTransitions } from './schema.ts';
import { canTransition, ORDER_STATUS_LABELS, REASON_REQUIRED, type OrderStatus } from './states.ts';
import { isUuid } from './uuid.ts';

/** A move the state table does not allow. Nothing was changed. */
export class IllegalTransition extends Problem {
  override name = 'IllegalTransition';
  readonly from: OrderStatus;
  readonly to: OrderStatus;
  constructor(number: string, from: OrderStatus, to: OrderStatus, why?: string) {
    super({
      status: 409,
      type: 'illegal-transition',
      title: `Order ${number} cannot go from ${ORDER_STATUS_LABELS[from]} to ${ORDER_STATUS_LABELS[to]}`,
      ...(why ? { detail: why } : {}),
      extensions: { from, to },
    });
    this.from = from;
    this.to = to;
  }
}

export const orderNotFound = () => new Problem({ status: 404, type: 'order-not-found', title: 'We could not find that order' });

export interface TransitionBy extends OrderActor {
  /** Why: required to hold or cancel an order (the cancellation reason is shown to the customer). */
  reason?: string;
}

const REASON_MAX = 500;

export async function transitionOrder(platform: Platform, tx: Db, orderId: string, to: OrderStatus, by: TransitionBy, locked?: LockedOrder): Promise<LockedOrder> {
  if (!isUuid(orderId)) throw orderNotFound();
  // The caller's own lock, taken in this transaction, is as good as taking it again here.
  const current = locked?.id === orderId ? locked : await lockOrder(tx, orderId);
  if (!current) throw orderNotFound();
  const from = current.status;
  if (!canTransition(from, to)) throw new IllegalTransition(current.number, from, to);
  if (from === 'on_hold' && to !== 'cancelled' && to !== current.heldFrom) {
    throw new IllegalTransition(current.number, from, to, `It was put on hold while ${ORDER_STATUS_LABELS[current.heldFrom ?? 'placed']} and goes back there.`);
  }
  const reason = (by.reason ?? '').trim();
  if (REASON_REQUIRED.has(to) && reason === '') {
    throw new Problem({ status: 400, type: 'reason-required', title: `Say why the order is ${ORDER_STATUS_LABELS[to].toLowerCase()}` });
  }
  if (reason.length > REASON_MAX) throw new Problem({ status: 400, type: 'validation', title: `The reason is longer than ${REASON_MAX} characters` });

  const now = platform.clock.now();
  // The history row goes in with the new status, in one statement. The row lock above makes its
  // count safe: nobody else adds to this order's history meanwhile.
  const history = tx.$with('history').as(
    tx
      .insert(orderTransitions)
      .values({
        orderId,
        seq: sql`(select coalesce(max(${orderTransitions.seq}), 0) + 1 from ${orderTransitions} where ${orderTransitions.orderId} = ${orderId})`,
        fromStatus: from,
        toStatus: to,
        at: now,
        actorKind: by.kind,
        actorId: by.id ?? null,
        reason,
      })
      .returning({ seq: orderTransitions.seq }),
  );
  const [updated] = await tx
    .with(history)
    .update(orders)
    .set({
      status: to,
      heldFrom: to === 'on_hold' ? from : null,
      ...(to === 'cancelled' ? { cancelledReason: reason } : {}),
      updatedAt: now,
    })
    .where(eq(orders.id, orderId))
    .returning();
  await platform.events.publish(tx, ORDER_EVENTS[to], { orderId, number: current.number, from }, actorLabel(by));
  // A transition changes the order's row, never its lines; the row stays locked.
  return { ...toOrder(updated!, []), lines: current.lines } as LockedOrder;
}

const PAYMENT_STATUS = /^[a-z][a-z_]{0,39}$/;

/** Keeps the order's copy of its payment status current (called by payments in its transaction). */
export async function setPaymentStatus(tx: Db, orderId: string, paymentStatus: string): Promise<void> {
  if (!PAYMENT_STATUS.test(paymentStatus)) throw new RangeError(`Not a payment status: ${JSON.stringify(paymentStatus)}`);
  if (!isUuid(orderId)) throw orderNotFound();
  const changed = await tx.update(orders).set({ paymentStatus }).where(eq(orders.id, orderId)).returning({ id: orders.id });
  if (changed.length === 0) throw orderNotFound();
}

/**
 * The order, locked until the caller's transaction ends: for work that must see the order
 * unchanged while it decides (packing a parcel, cancelling), the way a transition does.
 */
export async function lockOrder(tx: Db, orderId: string): Promise<LockedOrder | null> {
  if (!isUuid(orderId)) return null;
  return (await oneOrder(tx, eq(orders.id, orderId), { lock: true })) as LockedOrder | null;
}

/** Several orders locked in one statement (in id order); ids that name no order are left out. */
export async function lockOrders(tx: Db, orderIds: readonly string[]): Promise<LockedOrder[]> {
  const ids = orderIds.filter(isUuid);
  if (ids.length === 0) return [];
  return (await ordersWhere(tx, inArray(orders.id, ids), { lock: true })) as LockedOrder[];
}

declare const lockedInTransaction: unique symbol;
/** An order read under its row lock (lockOrder, transitionOrder), which lasts until the transaction ends. */
export type LockedOrder = Order & { readonly [lockedInTransaction]: true };
