// Where the payment stands, in words that read right to the customer and to staff. The
// payments module owns the vocabulary and keeps the order's copy current; a status this list
// does not know yet is still shown, spelled out.

const WORDS: Readonly<Record<string, string>> = {
  pending: 'Waiting for payment',
  requires_action: 'Waiting for confirmation with the bank',
  authorized: 'Payment approved',
  captured: 'Paid',
  failed: 'Payment failed — nothing was charged',
  voided: 'Payment cancelled — nothing was charged',
  refunded: 'Refunded',
  partially_refunded: 'Partly refunded',
};

export function paymentWords(status: string): string {
  const known = WORDS[status];
  if (known) return known;
  const spelled = status.replace(/_/g, ' ');
  return spelled.charAt(0).toUpperCase() + spelled.slice(1);
}

/**
 * The same, after "Payment:" on the customer's page, where "Payment: Payment approved" would
 * say it twice.
 */
const STATES: Readonly<Record<string, string>> = {
  pending: 'not received yet',
  requires_action: 'waiting for you to confirm it with your bank',
  authorized: 'approved',
  captured: 'received',
  failed: 'failed — nothing was charged',
  voided: 'cancelled — nothing was charged',
  refunded: 'refunded',
  partially_refunded: 'partly refunded',
};

export function paymentState(status: string): string {
  return STATES[status] ?? status.replace(/_/g, ' ');
}

/** True when money has been taken or approved: the customer has nothing more to pay. */
export function isPaymentSettled(status: string): boolean {
  return ['authorized', 'captured', 'refunded', 'partially_refunded'].includes(status);
}
