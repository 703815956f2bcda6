// Giving money back for a delivered order, in full or in part, in three steps because the
// gateway cannot be called inside a database transaction:
// 1. with the order locked: check the order may be refunded, the amount (1 up to what is
//    captured and not yet refunded) and the reason, and claim refund number n of the order
//    (the number the form was drawn for: the same form sent twice finds it taken);
// 2. ask the gateway through payments' refundPayment (keyed, so a retry cannot refund twice);
// 3. record the outcome and move the order to partly refunded or refunded.
// A refused amount changes nothing; a gateway failure leaves the claim marked failed with why.
import { and, desc, eq, max } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import { Problem } from '../../../platform/http/problem.ts';
import { newId } from '../../../platform/ids.ts';
import { formatMoney } from '../../../platform/money.ts';
import type { Platform } from '../../../platform/platform.ts';
import { actorLabel, canTransition, IllegalTransition, lockOrder, transitionOrder, type Order, type OrderActor, type OrderStatus } from '../../orders/index.ts';
import { GatewayUnavailable, paymentOf, refundPayment, type PaymentRecord } from '../../payments/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import { lockAsSeen, reasonOf } from './moves.ts';
import { REFUNDABLE } from './rules.ts';
import { orderRefunds, type RefundState } from './schema.ts';

export interface RefundRequest {
  orderId: string;
  /** Minor units of the order's currency. */
  amount: number;
  reason: string;
  /** The refund number the form was drawn for: one more than the refunds the page showed. */
  seq: number;
  /** The order's status the page showed. */
  seen?: OrderStatus;
}

export interface OrderRefund {
  id: string;
  seq: number;
  amount: number;
  currency: string;
  reason: string;
  requestedBy: string;
  state: RefundState;
  error: string | null;
  requestedAt: Date;
  settledAt: Date | null;
}

export interface RefundOutcome {
  refund: OrderRefund;
  payment: PaymentRecord;
  order: Order;
}

/** Captured money not yet given back, in minor units. */
export function refundableOf(payment: PaymentRecord | null): number {
  return payment ? Math.max(0, payment.capturedAmount - payment.refundedAmount) : 0;
}

/** The order's refunds, newest first. */
export async function refundsOf(db: Db, orderId: string): Promise<OrderRefund[]> {
  const found = await db.select().from(orderRefunds).where(eq(orderRefunds.orderId, orderId)).orderBy(desc(orderRefunds.seq));
  return found.map(({ orderId: _orderId, ...refund }) => refund);
}

/** The number the next refund of the order takes. */
export async function nextRefundSeq(db: Db, orderId: string): Promise<number> {
  const [row] = await db.select({ last: max(orderRefunds.seq) }).from(orderRefunds).where(eq(orderRefunds.orderId, orderId));
  return (row?.last ?? 0) + 1;
}

export async function refundOrder(platform: Platform, request: RefundRequest, by: OrderActor): Promise<RefundOutcome> {
  const { locale } = await getStoreProfile(platform);
  const claim = await platform.database.transaction(async (tx) => {
    const order = await lockAsSeen(tx, request.orderId, request.seen);
    if (!REFUNDABLE.has(order.status)) {
      throw new IllegalTransition(order.number, order.status, 'refunded', 'Money is given back once the order is delivered, or once its return has been received.');
    }
    const reason = reasonOf(request.reason, true, 'the money goes back');
    const payment = await paymentOf(tx, order.id);
    const left = refundableOf(payment);
    const money = (amount: number) => formatMoney({ amount, currency: order.currency }, locale);
    if (left === 0) {
      throw new Problem({
        status: 409,
        type: 'nothing-to-refund',
        title: `Nothing of order ${order.number} is left to refund`,
        detail: payment?.status === 'authorized' ? 'Its payment was only authorised, never captured: no money was taken.' : `Its payment is ${payment?.status ?? 'missing'}.`,
      });
    }
    if (!Number.isInteger(request.amount) || request.amount < 1 || request.amount > left) {
      throw new Problem({
        status: 400,
        type: 'invalid-refund-amount',
        title: `Refund between ${money(1)} and ${money(left)}`,
        detail: `${money(left)} of the ${money(payment!.capturedAmount)} taken is left to give back. Nothing was refunded.`,
        extensions: { refundable: left },
      });
    }
    const expected = await nextRefundSeq(tx, order.id);
    const now = platform.clock.now();
    const inserted =
      request.seq === expected
        ? await tx
            .insert(orderRefunds)
            .values({ id: newId(), orderId: order.id, seq: request.seq, amount: request.amount, currency: order.currency, reason, requestedBy: actorLabel(by), requestedAt: now })
            .onConflictDoNothing()
            .returning({ id: orderRefunds.id })
        : [];
    if (inserted.length === 0) {
      throw new Problem({
        status: 409,
        type: 'refunds-changed',
        title: `Order ${order.number} was refunded since the page was shown`,
        detail: 'Someone (or a second click) made a refund meanwhile. Nothing more was refunded; look at its refunds and choose again.',
      });
    }
    return { order, refundId: inserted[0]!.id, reason, money };
  });

  let payment: PaymentRecord;
  try {
    payment = await refundPayment(platform, claim.order.id, request.amount, claim.reason);
  } catch (error) {
    const unknown = error instanceof GatewayUnavailable && error.outcomeUnknown;
    const said = error instanceof GatewayUnavailable ? (unknown ? 'The payment service did not answer: the refund may or may not have been made.' : 'The payment service is not answering: nothing was refunded.') : (error as Error).message;
    await platform.database.transaction((tx) => settle(platform, tx, claim.refundId, 'failed', said.slice(0, 500)));
    if (error instanceof GatewayUnavailable) {
      throw new Problem({
        status: 503,
        type: 'gateway-unavailable',
        title: 'The payment service is not answering',
        detail: `${said} Check the payment on this page in a few minutes before refunding again.`,
        headers: { 'retry-after': '60' },
      });
    }
    throw new Problem({ status: 409, type: 'refund-refused', title: 'The payment service refused the refund', detail: said });
  }

  return platform.database.transaction(async (tx) => {
    const refund = await settle(platform, tx, claim.refundId, 'done', null);
    const order = (await lockOrder(tx, claim.order.id)) ?? claim.order;
    const target: OrderStatus = payment.refundedAmount >= payment.capturedAmount ? 'refunded' : 'partially_refunded';
    if (order.status === target) return { refund, payment, order };
    if (!canTransition(order.status, target)) {
      // Someone moved the order while the gateway was asked (a return requested, say): the money
      // is back all the same, and this refund's row says so.
      platform.log.warn({ orderId: order.id, status: order.status, target }, 'an order moved while it was refunded; its status is left as it is');
      return { refund, payment, order };
    }
    const moved = await transitionOrder(platform, tx, order.id, target, { ...by, reason: `Refunded ${claim.money(request.amount)}: ${claim.reason}`.slice(0, 500) });
    return { refund, payment, order: moved };
  });
}

async function settle(platform: Platform, tx: Db, refundId: string, state: RefundState, error: string | null): Promise<OrderRefund> {
  const [row] = await tx
    .update(orderRefunds)
    .set({ state, error, settledAt: platform.clock.now() })
    .where(and(eq(orderRefunds.id, refundId), eq(orderRefunds.state, 'requested')))
    .returning();
  if (!row) throw new Error(`Refund ${refundId} was settled twice`);
  const { orderId: _orderId, ...refund } = row;
  return refund;
}

