// The domain events the checkout emits besides the orders' and payments' own. Payloads carry
// ids only. `order.payment_link_sent` keeps the name the notifications contract uses, though
// checkout (which owns paying for an order) emits it.
import { defineEvent } from '../../platform/events/events.ts';

export type PayLinkPayload = { orderId: string; number: string; by: string };
export type AssistancePayload = { orderId: string; number: string };

/** A pay link went to the order's email (the buyer asked for it, or an agent sent it). */
export const orderPaymentLinkSent = defineEvent<PayLinkPayload>('order.payment_link_sent');

/** The buyer asked to finish paying with a person: for the support desk to pick up. */
export const paymentAssistanceRequested = defineEvent<AssistancePayload>('checkout.payment_assistance_requested');
