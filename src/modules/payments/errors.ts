// What can go wrong with a payment, as types a caller can branch on: the card was declined
// (the customer can try another), the gateway could not be reached or did not answer in time
// (try later; a mutation may or may not have happened), or the payment is not in a state
// that allows the call (already captured, voided, …).

/** Outage, timeout, 5xx or open circuit. For a mutation, `outcomeUnknown` says whether it may have happened. */
export class GatewayUnavailable extends Error {
  override name = 'GatewayUnavailable';
  /** True when the request may have reached the gateway and been carried out (timeout, dropped answer, 5xx). */
  readonly outcomeUnknown: boolean;
  /** True when the circuit breaker refused the call without trying. */
  readonly circuitOpen: boolean;
  constructor(message: string, options: { outcomeUnknown: boolean; circuitOpen?: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.outcomeUnknown = options.outcomeUnknown;
    this.circuitOpen = options.circuitOpen ?? false;
  }
}

/** The card was declined or could not be authenticated; nothing was charged. */
export class CardDeclined extends Error {
  override name = 'CardDeclined';
  /** The gateway's error code, e.g. card_declined, expired_card, payment_intent_authentication_failure. */
  readonly code: string;
  /** The issuer's reason, e.g. insufficient_funds, generic_decline. */
  readonly declineCode: string | null;
  /** What to tell the customer, in plain words. */
  readonly customerMessage: string;
  constructor(code: string, declineCode: string | null, gatewayMessage: string) {
    super(gatewayMessage);
    this.code = code;
    this.declineCode = declineCode;
    this.customerMessage = customerMessageFor(code, declineCode);
  }
}

/** The gateway refused the call because of the payment's state (e.g. capturing a voided payment). */
export class PaymentNotAllowed extends Error {
  override name = 'PaymentNotAllowed';
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** A webhook whose signature or timestamp does not verify. */
export class WebhookRejected extends Error {
  override name = 'WebhookRejected';
}

/**
 * What a customer reads after a failed payment. Lost and stolen cards read like any
 * decline: the shop does not tell a possible thief what the bank knows.
 */
export function customerMessageFor(code: string, declineCode: string | null): string {
  const reason = declineCode ?? code;
  switch (reason) {
    case 'insufficient_funds':
      return 'Your card was declined because there are not enough funds on it. Please try another card.';
    case 'expired_card':
      return 'Your card has expired. Please check the expiry date or use another card.';
    case 'incorrect_cvc':
      return 'The security code (CVC) did not match. Please check it and try again, or use another card.';
    case 'processing_error':
      return 'Your bank could not process the payment just now. Please try again in a moment.';
    case 'payment_intent_authentication_failure':
      return 'Your bank could not confirm that it was you. Please try again or use another card.';
    default:
      return 'Your bank declined the card. Please use another card, or contact your bank.';
  }
}
