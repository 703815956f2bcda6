// Touch points for an order's own moments (seed 004: recorded, validated, prepared, shipped,
// each welcome). Shipping, payment and refund moments live in their own files.
import { UNPAID_REASON } from '../../checkout/index.ts';
import { orderCancelled, orderPlaced, orderPrepared, orderValidated, type Order } from '../../orders/index.ts';
import { paymentOf, type PaymentRecord } from '../../payments/index.ts';
import { defineTouchPoint, type TouchPoint } from './define.ts';
import { STATEMENT_DELAY } from './returns.ts';
import { estimateRow, itemRows, ORDER_PLACEHOLDERS, orderContext, orderEventPayload, orderLetter, orderOfEvent, previewOrder } from './order-letter.ts';

export const orderRecorded = defineTouchPoint({
  key: 'order.recorded',
  group: 'Orders',
  title: 'Order recorded',
  when: 'As soon as an order is recorded, before it is paid.',
  event: orderPlaced,
  kind: 'transactional',
  sells: false,
  defaults: {
    subject: 'We have your order {{order.number}}',
    intro: 'Thank you. Your order {{order.number}} is recorded: whatever happens next, this number finds it, on our site and when you call us.',
  },
  placeholders: ORDER_PLACEHOLDERS,
  async letters(platform, tx, event) {
    const order = await orderOfEvent(tx, event);
    if (!order) return [];
    const { money, link } = await orderContext(platform, order);
    return [
      await orderLetter(platform, order, [
        { kind: 'items', title: 'Your items', items: itemRows(order, money) },
        {
          kind: 'facts',
          rows: [
            { label: 'Order number', value: order.number },
            { label: 'Total', value: money(order.total) },
            ...(await estimateRow(platform, tx, order)),
          ],
        },
        { kind: 'button', label: 'See your order', url: link },
        { kind: 'paragraph', text: 'We email you again when the payment is confirmed and at every step after.' },
      ]),
    ];
  },
  preview: async (db, number) => orderEventPayload(await previewOrder(db, number, ['placed', 'validated'])),
});

export const paymentConfirmed = defineTouchPoint({
  key: 'order.validated',
  group: 'Orders',
  title: 'Payment confirmed',
  when: 'When the payment is authorised and the order is checked: we start preparing it.',
  event: orderValidated,
  kind: 'transactional',
  sells: true,
  defaults: {
    subject: 'Payment confirmed for order {{order.number}}',
    intro: 'Your payment for order {{order.number}} ({{order.total}}) is confirmed. We are getting it ready.',
  },
  placeholders: ORDER_PLACEHOLDERS,
  async letters(platform, tx, event) {
    const order = await orderOfEvent(tx, event);
    if (!order) return [];
    const { link } = await orderContext(platform, order);
    return [
      await orderLetter(platform, order, [
        { kind: 'facts', rows: [{ label: 'Order number', value: order.number }, ...(await estimateRow(platform, tx, order))] },
        { kind: 'button', label: 'Follow your order', url: link },
      ]),
    ];
  },
  preview: async (db, number) => orderEventPayload(await previewOrder(db, number, ['validated', 'in_preparation', 'prepared'])),
});

export const orderPreparedTouchPoint = defineTouchPoint({
  key: 'order.prepared',
  group: 'Orders',
  title: 'Order prepared',
  when: 'When every item of the order is packed and about to leave.',
  event: orderPrepared,
  kind: 'transactional',
  sells: true,
  defaults: {
    subject: 'Your order {{order.number}} is packed',
    intro: 'Good news: everything in your order {{order.number}} is packed and about to leave us.',
  },
  placeholders: ORDER_PLACEHOLDERS,
  async letters(platform, tx, event) {
    const order = await orderOfEvent(tx, event);
    if (!order) return [];
    const { money, link } = await orderContext(platform, order);
    return [
      await orderLetter(platform, order, [
        { kind: 'items', title: 'Packed for you', items: itemRows(order, money) },
        { kind: 'facts', rows: [{ label: 'Order number', value: order.number }, ...(await estimateRow(platform, tx, order))] },
        { kind: 'paragraph', text: 'We email you again as soon as the carrier has it, with the tracking number.' },
        { kind: 'button', label: 'Follow your order', url: link },
      ]),
    ];
  },
  preview: async (db, number) => orderEventPayload(await previewOrder(db, number, ['prepared', 'shipped'])),
});

/** What happened to the money of a cancelled order, in words; null when none was ever involved. */
function moneyOfCancelled(payment: PaymentRecord | null, money: (amount: number) => string): string {
  const kept = payment ? payment.capturedAmount - payment.refundedAmount : 0;
  if (!payment || payment.capturedAmount === 0) {
    return payment?.status === 'authorized'
      ? `Nothing was charged: the ${money(payment.amount)} your bank set aside for this order is released, which most banks show within a few days.`
      : 'Nothing was charged.';
  }
  if (kept <= 0) return `The ${money(payment.capturedAmount)} you paid has been refunded in full.`;
  return `We are refunding the ${money(kept)} you paid to the card you used; we email you when it is on its way, and it shows on your statement ${STATEMENT_DELAY}.`;
}

function cancelledBecause(order: Order): string {
  if (order.cancelledReason === UNPAID_REASON) {
    return `We held your order ${order.number} and its items for you, but it was not paid in time, so we have cancelled it.`;
  }
  return order.cancelledReason ? `We have cancelled your order ${order.number}. The reason: ${order.cancelledReason}` : `We have cancelled your order ${order.number}.`;
}

export const orderCancelledTouchPoint = defineTouchPoint({
  key: 'order.cancelled',
  group: 'Orders',
  title: 'Order cancelled',
  when: 'When an order is cancelled: not paid by its deadline, or cancelled by the customer or staff.',
  event: orderCancelled,
  kind: 'transactional',
  sells: false,
  defaults: {
    subject: 'Your order {{order.number}} was cancelled',
    intro: 'Your order {{order.number}} is cancelled. Here is why, and what happens to your money.',
  },
  placeholders: ORDER_PLACEHOLDERS,
  async letters(platform, tx, event) {
    const order = await orderOfEvent(tx, event);
    if (!order || order.status !== 'cancelled') return [];
    const { money, link } = await orderContext(platform, order);
    const unpaid = order.cancelledReason === UNPAID_REASON;
    return [
      await orderLetter(platform, order, [
        { kind: 'paragraph', text: cancelledBecause(order) },
        { kind: 'paragraph', text: moneyOfCancelled(await paymentOf(tx, order.id), money) },
        { kind: 'items', title: 'The items we had set aside for you are released', items: itemRows(order, money) },
        {
          kind: 'paragraph',
          text: unpaid
            ? 'If you still want them, you are welcome to order again. If something went wrong while paying, just reply to this email and we will help.'
            : 'If you did not expect this, or have a question about it, just reply to this email and we will help.',
        },
        { kind: 'link', label: 'See the order', url: link },
      ]),
    ];
  },
  preview: async (db, number) => orderEventPayload(await previewOrder(db, number, ['cancelled'])),
});

export const ORDER_TOUCH_POINTS = [orderRecorded, paymentConfirmed, orderPreparedTouchPoint, orderCancelledTouchPoint] as TouchPoint[];
