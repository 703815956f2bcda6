// Touch points for an order's own moments (seed 004: recorded, validated, prepared, shipped,
// each welcome). Shipping, payment and refund moments live in their own files.
import { orderPlaced, orderValidated } from '../../orders/index.ts';
import { defineTouchPoint, type TouchPoint } from './define.ts';
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
            ...(await estimateRow(platform, order)),
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
        { kind: 'facts', rows: [{ label: 'Order number', value: order.number }, ...(await estimateRow(platform, order))] },
        { kind: 'button', label: 'Follow your order', url: link },
      ]),
    ];
  },
  preview: async (db, number) => orderEventPayload(await previewOrder(db, number, ['validated', 'in_preparation', 'prepared'])),
});

export const ORDER_TOUCH_POINTS = [orderRecorded, paymentConfirmed] as TouchPoint[];
