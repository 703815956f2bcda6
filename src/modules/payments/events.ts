// The domain events the payments module emits, each in the transaction that changes the
// payment. Payloads carry ids and amounts, never card or personal data.
import { defineEvent } from '../../platform/events/events.ts';

/** The card was authorised; the money is held until captured or voided. */
export const paymentAuthorized = defineEvent<{ orderId: string; intentId: string; amount: number; currency: string }>('payment.authorized');

/** Money was taken (at confirmation with automatic capture, or by a capture). */
export const paymentCaptured = defineEvent<{ orderId: string; intentId: string; amount: number; currency: string }>('payment.captured');

/** An attempt failed (declined, or authentication failed); the customer can try another card. */
export const paymentFailed = defineEvent<{ orderId: string; intentId: string; code: string | null; declineCode: string | null }>('payment.failed');

/** The authorisation was released (or the unpaid intent cancelled); nothing was taken. */
export const paymentVoided = defineEvent<{ orderId: string; intentId: string }>('payment.voided');

/** Money went back: `amount` this time, `refundedAmount` in all; `full` once everything captured is back. */
export const paymentRefunded = defineEvent<{ orderId: string; intentId: string; amount: number; refundedAmount: number; currency: string; full: boolean }>('payment.refunded');
