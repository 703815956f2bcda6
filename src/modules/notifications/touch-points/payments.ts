// Touch points for paying an order that is recorded and not paid yet: the card was declined
// (one email per order, with the way back to the pay block), and the pay-later link the buyer
// or an agent asked for (one email per request). Neither sells: the customer is mid-payment.
import { formatDateTime } from '../../../web/dates.ts';
import { orderPaymentLinkSent, type PayLinkPayload } from '../../checkout/index.ts';
import type { Order } from '../../orders/index.ts';
import { customerMessageFor, paymentFailed, paymentOf } from '../../payments/index.ts';
import type { Platform } from '../../../platform/platform.ts';
import { defineTouchPoint, type TouchPoint } from './define.ts';
import { itemRows, ORDER_PLACEHOLDERS, orderContext, orderLetter, orderOfEvent, previewOrder } from './order-letter.ts';

const PAY_PLACEHOLDERS: Record<string, string> = {
  ...ORDER_PLACEHOLDERS,
  'payment.deadline': 'The date and time until which the items are held for payment',
};

/** An order still waiting for its payment: anything else (paid meanwhile, cancelled) needs no nudge. */
const awaitsPayment = (order: Order | null): order is Order => order?.status === 'placed';

async function deadlineWords(platform: Platform, order: Order): Promise<string> {
  const { profile } = await orderContext(platform, order);
  return formatDateTime(order.paymentDeadline, profile.locale, profile.timeZone);
}

export const paymentFailedTouchPoint = defineTouchPoint({
  key: 'payment.failed',
  group: 'Payments',
  title: 'Payment failed',
  when: 'The first time a card is declined for an order (later attempts send nothing more).',
  event: paymentFailed,
  kind: 'transactional',
  sells: false,
  defaults: {
    subject: 'Your payment for order {{order.number}} did not go through',
    intro: 'Your order {{order.number}} is recorded, but the payment did not go through, so nothing was charged. Your items are held for you until {{payment.deadline}}.',
  },
  placeholders: PAY_PLACEHOLDERS,
  async letters(platform, tx, event) {
    const order = await orderOfEvent(tx, event);
    if (!awaitsPayment(order)) return [];
    const { money, link } = await orderContext(platform, order);
    const reason = customerMessageFor(event.payload.code ?? 'card_declined', event.payload.declineCode);
    return [
      await orderLetter(
        platform,
        order,
        [
          { kind: 'paragraph', text: reason },
          { kind: 'facts', rows: [{ label: 'Order number', value: order.number }, { label: 'To pay', value: money(order.total) }] },
          { kind: 'button', label: `Pay for order ${order.number}`, url: link },
          { kind: 'paragraph', text: 'The link opens your order, where you can try another card. If the payment keeps failing, or you would rather pay with a person, just reply to this email.' },
        ],
        { values: { 'payment.deadline': await deadlineWords(platform, order) } },
      ),
    ];
  },
  async preview(db, number) {
    const order = await previewOrder(db, number, ['placed']);
    if (!order) return null;
    const payment = await paymentOf(db, order.id);
    return { orderId: order.id, intentId: payment?.intentId ?? '', code: payment?.lastErrorCode ?? 'card_declined', declineCode: null };
  },
});

export const payLinkTouchPoint = defineTouchPoint({
  key: 'order.pay-link',
  group: 'Payments',
  title: 'Link to pay later',
  when: 'Each time the buyer asks for a link to pay later, or an agent sends one.',
  event: orderPaymentLinkSent,
  kind: 'transactional',
  sells: false,
  defaults: {
    subject: 'Pay for your order {{order.number}}',
    intro: 'Here is the link to pay for your order {{order.number}} ({{order.total}}). Your items are held for you until {{payment.deadline}}.',
  },
  placeholders: PAY_PLACEHOLDERS,
  async letters(platform, tx, event) {
    const order = await orderOfEvent(tx, event);
    // Paid or cancelled meanwhile: a link to pay would only confuse.
    if (!awaitsPayment(order)) return [];
    const { money, link } = await orderContext(platform, order);
    return [
      await orderLetter(
        platform,
        order,
        [
          { kind: 'items', title: 'Your items', items: itemRows(order, money) },
          { kind: 'button', label: `Pay for order ${order.number}`, url: link },
          { kind: 'paragraph', text: 'You type your card details on our payment provider’s secure page, never in an email. If you would rather finish with a person, just reply to this email.' },
        ],
        // Each request deserves its email: the link asked for again is sent again.
        { about: `pay-link:${event.id}`, values: { 'payment.deadline': await deadlineWords(platform, order) } },
      ),
    ];
  },
  preview: async (db, number): Promise<PayLinkPayload | null> => {
    const order = await previewOrder(db, number, ['placed']);
    return order ? { orderId: order.id, number: order.number, by: 'customer' } : null;
  },
});

export const PAYMENT_TOUCH_POINTS = [paymentFailedTouchPoint, payLinkTouchPoint] as TouchPoint[];
