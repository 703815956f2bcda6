// Touch points for money going back and items coming back: a refund issued (each one, full or
// in part) and a return received. Neither sells: the customer is giving something back.
import { orderReturnReceived } from '../../orders/index.ts';
import { paymentOf, paymentRefunded } from '../../payments/index.ts';
import { defineTouchPoint, type TouchPoint } from './define.ts';
import { itemRows, ORDER_PLACEHOLDERS, orderContext, orderEventPayload, orderLetter, orderOfEvent, previewOrder } from './order-letter.ts';

/** How long a refund takes to show, completing "it shows on your statement …". */
export const STATEMENT_DELAY = 'within 5 to 10 business days, depending on your bank';

export const refundIssuedTouchPoint = defineTouchPoint({
  key: 'refund.issued',
  group: 'Returns and refunds',
  title: 'Refund issued',
  when: 'Each time money goes back to the customer’s card, in full or in part.',
  event: paymentRefunded,
  kind: 'transactional',
  sells: false,
  defaults: {
    subject: 'We have refunded {{refund.amount}} for order {{order.number}}',
    intro: 'We have sent {{refund.amount}} back to the card you paid order {{order.number}} with.',
  },
  placeholders: { ...ORDER_PLACEHOLDERS, 'refund.amount': 'The amount refunded this time, with its currency' },
  async letters(platform, tx, event) {
    const order = await orderOfEvent(tx, event);
    if (!order) return [];
    const { money, link } = await orderContext(platform, order);
    const { amount, refundedAmount, full, intentId } = event.payload;
    return [
      await orderLetter(
        platform,
        order,
        [
          {
            kind: 'facts',
            rows: [
              { label: 'Refunded now', value: money(amount) },
              { label: full ? 'Refunded in all (everything you paid)' : 'Refunded in all so far', value: money(refundedAmount) },
              { label: 'Order number', value: order.number },
            ],
          },
          { kind: 'paragraph', text: `It shows on your statement ${STATEMENT_DELAY}. You do not need to do anything.` },
          { kind: 'paragraph', text: 'If the amount is not what you expected, or it has not arrived after 10 business days, just reply to this email.' },
          { kind: 'link', label: 'See the order', url: link },
        ],
        // Each refund of the order is its own news: the running total names it.
        { about: `refund:${intentId}:${refundedAmount}`, values: { 'refund.amount': money(amount) } },
      ),
    ];
  },
  async preview(db, number) {
    const order = await previewOrder(db, number, ['refunded', 'partially_refunded', 'delivered']);
    if (!order) return null;
    const payment = await paymentOf(db, order.id);
    const amount = payment?.refundedAmount || order.total;
    return { orderId: order.id, intentId: payment?.intentId ?? '', amount, refundedAmount: amount, currency: order.currency, full: amount >= order.total };
  },
});

export const returnReceivedTouchPoint = defineTouchPoint({
  key: 'return.received',
  group: 'Returns and refunds',
  title: 'Return received',
  when: 'When the items sent back arrive with us.',
  event: orderReturnReceived,
  kind: 'transactional',
  sells: false,
  defaults: {
    subject: 'We have received your return for order {{order.number}}',
    intro: 'Thank you: the items you sent back from order {{order.number}} have arrived.',
  },
  placeholders: ORDER_PLACEHOLDERS,
  async letters(platform, tx, event) {
    const order = await orderOfEvent(tx, event);
    if (!order) return [];
    const { money, link } = await orderContext(platform, order);
    const payment = await paymentOf(tx, order.id);
    const refunded = payment?.refundedAmount ?? 0;
    return [
      await orderLetter(platform, order, [
        {
          kind: 'paragraph',
          text:
            refunded > 0
              ? `Your credit is issued: ${money(refunded)} is on its way back to your card and shows on your statement ${STATEMENT_DELAY}.`
              : 'We are checking the items now. Your refund follows, and we email you the moment it is on its way back to your card.',
        },
        { kind: 'items', title: 'Your order', items: itemRows(order, money) },
        { kind: 'paragraph', text: 'If something about the return is not as you expected, just reply to this email.' },
        { kind: 'link', label: 'See the order', url: link },
      ]),
    ];
  },
  preview: async (db, number) => orderEventPayload(await previewOrder(db, number, ['return_received', 'partially_refunded', 'refunded'])),
});

export const RETURN_TOUCH_POINTS = [refundIssuedTouchPoint, returnReceivedTouchPoint] as TouchPoint[];
