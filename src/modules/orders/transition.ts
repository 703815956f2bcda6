// Moving an order from one status to another, in the caller's transaction: the order row is
// locked first (a webhook and an agent acting at once queue, the second sees what the first
// did), the move is checked against the state table, and the new status, its history row and
// its one event commit together. The payment status copy changes here too, without an event:
// payments announces its own.
import { eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { arrayOf, type Db } from '../../platform/db/database.ts';
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

/** One order's moves in a transitionOrders call. */
export interface OrderMoves {
  /** Locked by the caller in this transaction. */
  order: LockedOrder;
  /** The statuses it goes through, in order: each must be allowed from the one before. */
  steps: readonly OrderStatus[];
  by: TransitionBy;
  /** The payment's status to record on the order in the same write (the payment that moves it). */
  paymentStatus?: string;
}

export async function transitionOrder(platform: Platform, tx: Db, orderId: string, to: OrderStatus, by: TransitionBy, locked?: LockedOrder): Promise<LockedOrder> {
  if (!isUuid(orderId)) throw orderNotFound();
  // The caller's own lock, taken in this transaction, is as good as taking it again here.
  const current = locked?.id === orderId ? locked : await lockOrder(tx, orderId);
  if (!current) throw orderNotFound();
  const [moved] = await transitionOrders(platform, tx, [{ order: current, steps: [to], by }]);
  return moved!;
}

/** The reason as recorded, or a Problem when the step needs one and has none, or it is too long. */
function checkedReason(to: OrderStatus, by: TransitionBy): string {
  const reason = (by.reason ?? '').trim();
  if (REASON_REQUIRED.has(to) && reason === '') {
    throw new Problem({ status: 400, type: 'reason-required', title: `Say why the order is ${ORDER_STATUS_LABELS[to].toLowerCase()}` });
  }
  if (reason.length > REASON_MAX) throw new Problem({ status: 400, type: 'validation', title: `The reason is longer than ${REASON_MAX} characters` });
  return reason;
}

/**
 * Moves several locked orders, each through its steps, in one statement: every step is checked
 * against the state table first (one refused step changes nothing), then the history rows go
 * in with the orders' new status, and each step emits its event. Returns the orders as they
 * end, still locked, in the order given.
 */
export async function transitionOrders(platform: Platform, tx: Db, list: readonly OrderMoves[]): Promise<LockedOrder[]> {
  const planned: { order: LockedOrder; k: number; from: OrderStatus; to: OrderStatus; by: TransitionBy; reason: string }[] = [];
  const endings: { orderId: string; status: OrderStatus; heldFrom: OrderStatus | null; cancelledReason: string | null; paymentStatus: string | null }[] = [];
  for (const { order, steps, by, paymentStatus } of list) {
    if (paymentStatus !== undefined) checkPaymentStatus(paymentStatus);
    let from = order.status;
    let heldFrom = order.heldFrom;
    let cancelledReason: string | null = null;
    for (const [k, to] of steps.entries()) {
      if (!canTransition(from, to)) throw new IllegalTransition(order.number, from, to);
      if (from === 'on_hold' && to !== 'cancelled' && to !== heldFrom) {
        throw new IllegalTransition(order.number, from, to, `It was put on hold while ${ORDER_STATUS_LABELS[heldFrom ?? 'placed']} and goes back there.`);
      }
      const reason = checkedReason(to, by);
      planned.push({ order, k: k + 1, from, to, by, reason });
      heldFrom = to === 'on_hold' ? from : null;
      if (to === 'cancelled') cancelledReason = reason;
      from = to;
    }
    if (steps.length > 0) endings.push({ orderId: order.id, status: from, heldFrom, cancelledReason, paymentStatus: paymentStatus ?? null });
  }
  if (endings.length === 0) return list.map(({ order }) => order);

  const now = platform.clock.now();
  const at = now.toISOString();
  // Each history row is numbered after the order's last one; the orders' row locks make that
  // count safe: nobody else adds to their history meanwhile. Arrays keep the statement's text
  // the same for any number of orders, so it is prepared once. Drizzle inserts a select into
  // every column of the table, so the select lists them in the table's order.
  const inserted = tx.$with('history').as(
    tx
      .insert(orderTransitions)
      .select(
        sql`select v.order_id, coalesce((select max(t.seq) from ${orderTransitions} t where t.order_id = v.order_id), 0) + v.k,
                   v.from_status, v.to_status, ${at}::timestamptz, v.actor_kind, v.actor_id, v.reason
              from unnest(${arrayOf(planned, (p) => p.order.id)}::uuid[], ${arrayOf(planned, (p) => p.k)}::int[], ${arrayOf(planned, (p) => p.from)}::text[],
                          ${arrayOf(planned, (p) => p.to)}::text[], ${arrayOf(planned, (p) => p.by.kind)}::text[], ${arrayOf(planned, (p) => p.by.id ?? null)}::text[],
                          ${arrayOf(planned, (p) => p.reason)}::text[])
                as v(order_id, k, from_status, to_status, actor_kind, actor_id, reason)`,
      )
      .returning({ seq: orderTransitions.seq }),
  );
  const updated = await tx
    .with(inserted)
    .update(orders)
    .set({
      status: sql`ending.status`,
      heldFrom: sql`ending.held_from`,
      cancelledReason: sql`coalesce(ending.cancelled_reason, ${orders.cancelledReason})`,
      paymentStatus: sql`coalesce(ending.payment_status, ${orders.paymentStatus})`,
      updatedAt: now,
    })
    .from(
      sql`unnest(${arrayOf(endings, (e) => e.orderId)}::uuid[], ${arrayOf(endings, (e) => e.status)}::text[], ${arrayOf(endings, (e) => e.heldFrom)}::text[],
                 ${arrayOf(endings, (e) => e.cancelledReason)}::text[], ${arrayOf(endings, (e) => e.paymentStatus)}::text[])
            as ending(order_id, status, held_from, cancelled_reason, payment_status)`,
    )
    .where(sql`${orders.id} = ending.order_id`)
    .returning(getTableColumns(orders));
  for (const { order, from, to, by } of planned) {
    await platform.events.publish(tx, ORDER_EVENTS[to], { orderId: order.id, number: order.number, from }, actorLabel(by));
  }
  // A transition changes the orders' rows, never their lines; the rows stay locked.
  const byId = new Map(updated.map((row) => [row.id, row]));
  return list.map(({ order }) => {
    const row = byId.get(order.id);
    return (row ? { ...toOrder(row, []), lines: order.lines } : order) as LockedOrder;
  });
}

const PAYMENT_STATUS = /^[a-z][a-z_]{0,39}$/;

/** Keeps the order's copy of its payment status current (called by payments in its transaction). */
function checkPaymentStatus(paymentStatus: string): void {
  if (!PAYMENT_STATUS.test(paymentStatus)) throw new RangeError(`Not a payment status: ${JSON.stringify(paymentStatus)}`);
}

export async function setPaymentStatus(tx: Db, orderId: string, paymentStatus: string): Promise<void> {
  checkPaymentStatus(paymentStatus);
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
