// Stripe's test cards and test payment methods, and what each does when a payment is
// confirmed with it. Card numbers are typed only into the simulator's hosted page; the
// store sees at most a brand and the last four digits, as from Stripe.

export type CardOutcome =
  | { kind: 'success' }
  | { kind: 'decline'; code: string; declineCode: string | null; message: string }
  | { kind: 'authenticate' };

export interface TestCard {
  brand: string;
  last4: string;
  outcome: CardOutcome;
}

const decline = (code: string, declineCode: string | null, message: string): CardOutcome => ({ kind: 'decline', code, declineCode, message });

const SUCCESS: CardOutcome = { kind: 'success' };
const GENERIC = decline('card_declined', 'generic_decline', 'Your card was declined.');
const INSUFFICIENT = decline('card_declined', 'insufficient_funds', 'Your card has insufficient funds.');
const LOST = decline('card_declined', 'lost_card', 'Your card was declined.');
const STOLEN = decline('card_declined', 'stolen_card', 'Your card was declined.');
const EXPIRED = decline('expired_card', 'expired_card', 'Your card has expired.');
const CVC = decline('incorrect_cvc', 'incorrect_cvc', "Your card's security code is incorrect.");
const PROCESSING = decline('processing_error', 'processing_error', 'An error occurred while processing your card. Try again in a little bit.');
const THREE_DS: CardOutcome = { kind: 'authenticate' };

/** Card numbers as typed on the hosted page. Any other number that passes the Luhn check succeeds as a Visa. */
const CARDS: Record<string, TestCard> = {
  '4242424242424242': { brand: 'visa', last4: '4242', outcome: SUCCESS },
  '5555555555554444': { brand: 'mastercard', last4: '4444', outcome: SUCCESS },
  '378282246310005': { brand: 'amex', last4: '0005', outcome: SUCCESS },
  '4000000000000002': { brand: 'visa', last4: '0002', outcome: GENERIC },
  '4000000000009995': { brand: 'visa', last4: '9995', outcome: INSUFFICIENT },
  '4000000000009987': { brand: 'visa', last4: '9987', outcome: LOST },
  '4000000000009979': { brand: 'visa', last4: '9979', outcome: STOLEN },
  '4000000000000069': { brand: 'visa', last4: '0069', outcome: EXPIRED },
  '4000000000000127': { brand: 'visa', last4: '0127', outcome: CVC },
  '4000000000000119': { brand: 'visa', last4: '0119', outcome: PROCESSING },
  '4000002500003155': { brand: 'visa', last4: '3155', outcome: THREE_DS },
  '4000000000003220': { brand: 'visa', last4: '3220', outcome: THREE_DS },
};

/** Stripe's test payment methods, for confirming without a browser (tests, benchmarks, the agent API). */
const PAYMENT_METHODS: Record<string, TestCard> = {
  pm_card_visa: CARDS['4242424242424242']!,
  pm_card_mastercard: CARDS['5555555555554444']!,
  pm_card_amex: CARDS['378282246310005']!,
  pm_card_chargeDeclined: CARDS['4000000000000002']!,
  pm_card_visa_chargeDeclined: CARDS['4000000000000002']!,
  pm_card_chargeDeclinedInsufficientFunds: CARDS['4000000000009995']!,
  pm_card_visa_chargeDeclinedInsufficientFunds: CARDS['4000000000009995']!,
  pm_card_chargeDeclinedLostCard: CARDS['4000000000009987']!,
  pm_card_chargeDeclinedStolenCard: CARDS['4000000000009979']!,
  pm_card_chargeDeclinedExpiredCard: CARDS['4000000000000069']!,
  pm_card_chargeDeclinedIncorrectCvc: CARDS['4000000000000127']!,
  pm_card_chargeDeclinedProcessingError: CARDS['4000000000000119']!,
  pm_card_threeDSecureRequired: CARDS['4000002500003155']!,
  pm_card_authenticationRequired: CARDS['4000002500003155']!,
  pm_card_threeDSecure2Required: CARDS['4000000000003220']!,
};

export function testPaymentMethod(id: string): TestCard | undefined {
  return Object.hasOwn(PAYMENT_METHODS, id) ? PAYMENT_METHODS[id] : undefined;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export type CardCheck = { ok: true; card: TestCard; expMonth: number; expYear: number } | { ok: false; field: 'number' | 'expiry' | 'cvc'; message: string };

/** Checks a card as typed on the hosted page, the way Stripe's card field does before it submits. */
export function checkTypedCard(input: { number: string; expiry: string; cvc: string }, now: Date): CardCheck {
  const number = input.number.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) return { ok: false, field: 'number', message: 'Your card number is incorrect.' };
  const expiry = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(input.expiry);
  const month = expiry ? Number(expiry[1]) : 0;
  const year = expiry ? (expiry[2]!.length === 2 ? 2000 + Number(expiry[2]) : Number(expiry[2])) : 0;
  if (!expiry || month < 1 || month > 12) return { ok: false, field: 'expiry', message: "Your card's expiration date is incomplete." };
  const endOfMonth = Date.UTC(year, month, 1);
  if (endOfMonth <= now.getTime()) return { ok: false, field: 'expiry', message: "Your card's expiration year is in the past." };
  if (!/^\d{3,4}$/.test(input.cvc.trim())) return { ok: false, field: 'cvc', message: "Your card's security code is incomplete." };
  const card = CARDS[number] ?? { brand: number.startsWith('5') ? 'mastercard' : 'visa', last4: number.slice(-4), outcome: SUCCESS };
  return { ok: true, card, expMonth: month, expYear: year };
}
