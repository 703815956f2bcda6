// The simulator's state: PaymentIntents, their charges and refunds, shaped like Stripe's
// objects, and the operations the adapter uses on them with Stripe's rules (which status
// allows which call, what a decline or a 3-D Secure card does). Every change is written
// to the journal, if there is one, before the caller hears of it, and announced as a
// Stripe event.
import { randomBytes } from 'node:crypto';
import type { CardOutcome, TestCard } from './cards.ts';
import type { Journal } from './journal.ts';

export type IntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'canceled'
  | 'succeeded';

export interface PaymentError {
  type: 'card_error' | 'invalid_request_error';
  code: string;
  decline_code: string | null;
  message: string;
  charge: string | null;
  payment_method: { id: string; type: 'card' } | null;
}

export interface PaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_received: number;
  currency: string;
  capture_method: 'automatic' | 'manual';
  client_secret: string;
  status: IntentStatus;
  metadata: Record<string, string>;
  description: string | null;
  created: number;
  livemode: false;
  last_payment_error: PaymentError | null;
  latest_charge: string | null;
  payment_method: string | null;
  payment_method_types: string[];
  automatic_payment_methods: { enabled: boolean } | null;
  next_action: { type: 'redirect_to_url'; redirect_to_url: { url: string; return_url: string | null } } | null;
  canceled_at: number | null;
  cancellation_reason: string | null;
}

export interface Charge {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  captured: boolean;
  refunded: boolean;
  paid: boolean;
  status: 'succeeded' | 'failed';
  currency: string;
  payment_intent: string;
  payment_method: string;
  payment_method_details: { type: 'card'; card: { brand: string; last4: string; exp_month: number; exp_year: number } };
  metadata: Record<string, string>;
  failure_code: string | null;
  failure_message: string | null;
  outcome: { type: 'authorized' | 'issuer_declined'; network_status: 'approved_by_network' | 'declined_by_network' };
  created: number;
  livemode: false;
}

export interface Refund {
  id: string;
  object: 'refund';
  amount: number;
  charge: string;
  payment_intent: string;
  currency: string;
  reason: string | null;
  metadata: Record<string, string>;
  status: 'succeeded';
  created: number;
}

export interface StripeEvent {
  id: string;
  object: 'event';
  type: string;
  api_version: string;
  created: number;
  livemode: false;
  pending_webhooks: number;
  request: { id: null; idempotency_key: string | null };
  data: { object: PaymentIntent | Charge };
}

/** A Stripe-shaped error answer: the HTTP status and the body's `error` object. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: { error: Record<string, unknown> };
  constructor(status: number, error: { type: string; message: string; code?: string; decline_code?: string | null; param?: string; payment_intent?: PaymentIntent; charge?: string | null }) {
    super(error.message);
    this.status = status;
    this.body = { error };
  }
}

/** One line of the charges audit: a payment that was authorised or captured, and the calls that led to it. */
export interface LedgerCharge {
  chargeId: string;
  intentId: string;
  orderId: string | null;
  /** The charge's metadata as Stripe shows it (metadata.order_id is the order). */
  metadata: Record<string, string>;
  /** Always 'succeeded' here: declined attempts are not charges. */
  status: Charge['status'];
  amount: number;
  amountCaptured: number;
  amountRefunded: number;
  captured: boolean;
  /** The intent was cancelled after the authorisation: the hold was released, nothing was taken. */
  released: boolean;
  currency: string;
  /** Idempotency keys of every mutating call on the intent (create, confirm, capture, cancel, refunds). */
  idempotencyKeys: string[];
  created: number;
}

interface IntentRecord {
  intent: PaymentIntent;
  /** The card awaiting 3-D Secure, until the challenge is completed or failed. */
  pendingCard: (TestCard & { paymentMethod: string; expMonth: number; expYear: number }) | null;
  keys: string[];
}

/** The first answer to a call made with an idempotency key, replayed to any retry of it. */
export interface SavedAnswer {
  fingerprint: string;
  status: number;
  body: unknown;
}

export type JournalEntry =
  | { t: 'intent'; v: IntentRecord }
  | { t: 'charge'; v: Charge }
  | { t: 'refund'; v: Refund }
  | { t: 'key'; k: string; v: SavedAnswer };

export const API_VERSION = '2026-10-28.endive';

const CANCELABLE: readonly IntentStatus[] = ['requires_payment_method', 'requires_confirmation', 'requires_action', 'processing', 'requires_capture'];
const CONFIRMABLE: readonly IntentStatus[] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

const randomId = (prefix: string, length = 24) => `${prefix}_${randomBytes(length).toString('base64url').replace(/[-_]/g, '').slice(0, length)}`;

export interface LedgerOptions {
  /** Where the simulator's pages are, for 3-D Secure redirects. */
  publicUrl: () => string;
  journal?: Journal<JournalEntry> | undefined;
  onEvent: (event: StripeEvent) => void;
  now?: () => Date;
}

export interface CardUse {
  card: TestCard;
  paymentMethod: string;
  expMonth: number;
  expYear: number;
}

export class Ledger {
  readonly #intents = new Map<string, IntentRecord>();
  readonly #charges = new Map<string, Charge>();
  readonly #refunds = new Map<string, Refund>();
  readonly #answers = new Map<string, SavedAnswer>();
  readonly #options: LedgerOptions;

  constructor(options: LedgerOptions) {
    this.#options = options;
    for (const entry of options.journal?.replay() ?? []) this.#apply(entry);
  }

  #seconds(): number {
    return Math.floor((this.#options.now?.() ?? new Date()).getTime() / 1000);
  }

  #apply(entry: JournalEntry): void {
    if (entry.t === 'intent') this.#intents.set(entry.v.intent.id, entry.v);
    else if (entry.t === 'charge') this.#charges.set(entry.v.id, entry.v);
    else if (entry.t === 'refund') this.#refunds.set(entry.v.id, entry.v);
    else this.#answers.set(entry.k, entry.v);
  }

  recall(key: string): SavedAnswer | undefined {
    return this.#answers.get(key);
  }

  remember(key: string, answer: SavedAnswer): void {
    this.#save({ t: 'key', k: key, v: answer });
  }

  #save(entry: JournalEntry): void {
    this.#options.journal?.append(entry);
    this.#apply(entry);
  }

  #event(type: string, object: PaymentIntent | Charge, key: string | null): void {
    this.#options.onEvent({
      id: randomId('evt'),
      object: 'event',
      type,
      api_version: API_VERSION,
      created: this.#seconds(),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: key },
      data: { object: structuredClone(object) },
    });
  }

  #record(id: string): IntentRecord {
    const record = this.#intents.get(id);
    if (!record) throw new ApiError(404, { type: 'invalid_request_error', code: 'resource_missing', param: 'intent', message: `No such payment_intent: '${id}'` });
    return record;
  }

  #update(record: IntentRecord, changes: Partial<PaymentIntent>, key: string | null, extra: Partial<IntentRecord> = {}): IntentRecord {
    const next: IntentRecord = { ...record, ...extra, intent: { ...record.intent, ...changes }, keys: key && !record.keys.includes(key) ? [...record.keys, key] : record.keys };
    this.#save({ t: 'intent', v: next });
    return next;
  }

  #unexpectedState(record: IntentRecord, action: string): ApiError {
    return new ApiError(400, {
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
      message: `You cannot ${action} this PaymentIntent because it has a status of ${record.intent.status}.`,
      payment_intent: structuredClone(record.intent),
    });
  }

  create(input: { amount: number; currency: string; captureMethod: 'automatic' | 'manual'; metadata: Record<string, string>; description: string | null; automaticPaymentMethods: boolean; paymentMethodTypes: string[] }, key: string | null): PaymentIntent {
    const id = randomId('pi');
    const intent: PaymentIntent = {
      id,
      object: 'payment_intent',
      amount: input.amount,
      amount_capturable: 0,
      amount_received: 0,
      currency: input.currency,
      capture_method: input.captureMethod,
      client_secret: `${id}_secret_${randomId('s', 25).slice(2)}`,
      status: 'requires_payment_method',
      metadata: input.metadata,
      description: input.description,
      created: this.#seconds(),
      livemode: false,
      last_payment_error: null,
      latest_charge: null,
      payment_method: null,
      payment_method_types: input.paymentMethodTypes,
      automatic_payment_methods: input.automaticPaymentMethods ? { enabled: true } : null,
      next_action: null,
      canceled_at: null,
      cancellation_reason: null,
    };
    this.#save({ t: 'intent', v: { intent, pendingCard: null, keys: key ? [key] : [] } });
    this.#event('payment_intent.created', intent, key);
    return structuredClone(intent);
  }

  retrieve(id: string): PaymentIntent {
    return structuredClone(this.#record(id).intent);
  }

  /** The intent when the client secret matches it (the hosted page's only credential). */
  withSecret(id: string, clientSecret: string): PaymentIntent | null {
    const record = this.#intents.get(id);
    return record && record.intent.client_secret === clientSecret ? structuredClone(record.intent) : null;
  }

  charge(id: string): Charge | undefined {
    const charge = this.#charges.get(id);
    return charge && structuredClone(charge);
  }

  /**
   * Confirms the intent with a card. A decline answers 402 with the card error (the intent
   * waits for another card); a 3-D Secure card leaves it requiring action. Once paid or
   * authorised it cannot be confirmed again: whoever confirms second is told so.
   */
  confirm(id: string, use: CardUse, returnUrl: string | null, key: string | null): PaymentIntent {
    const record = this.#record(id);
    if (!CONFIRMABLE.includes(record.intent.status)) throw this.#unexpectedState(record, 'confirm');
    if (use.card.outcome.kind === 'authenticate') {
      const url = `${this.#options.publicUrl()}/pay/${id}/authenticate?client_secret=${encodeURIComponent(record.intent.client_secret)}${returnUrl ? `&return_url=${encodeURIComponent(returnUrl)}` : ''}`;
      const next = this.#update(
        record,
        { status: 'requires_action', payment_method: use.paymentMethod, last_payment_error: null, next_action: { type: 'redirect_to_url', redirect_to_url: { url, return_url: returnUrl } } },
        key,
        { pendingCard: { ...use.card, paymentMethod: use.paymentMethod, expMonth: use.expMonth, expYear: use.expYear } },
      );
      this.#event('payment_intent.requires_action', next.intent, key);
      return structuredClone(next.intent);
    }
    return this.#settle(record, use, use.card.outcome, key);
  }

  /** The outcome of the 3-D Secure challenge page. */
  authenticate(id: string, passed: boolean): PaymentIntent {
    const record = this.#record(id);
    const card = record.pendingCard;
    if (record.intent.status !== 'requires_action' || !card) throw this.#unexpectedState(record, 'authenticate');
    const use: CardUse = { card, paymentMethod: card.paymentMethod, expMonth: card.expMonth, expYear: card.expYear };
    const outcome: CardOutcome = passed
      ? { kind: 'success' }
      : { kind: 'decline', code: 'payment_intent_authentication_failure', declineCode: null, message: 'We are unable to authenticate your payment method. Please choose a different payment method and try again.' };
    try {
      return this.#settle(record, use, outcome, null);
    } catch (error) {
      if (error instanceof ApiError) return this.retrieve(id);
      throw error;
    }
  }

  #settle(record: IntentRecord, use: CardUse, outcome: CardOutcome, key: string | null): PaymentIntent {
    const { intent } = record;
    const success = outcome.kind === 'success';
    const automatic = intent.capture_method === 'automatic';
    const charge: Charge = {
      id: randomId('ch'),
      object: 'charge',
      amount: intent.amount,
      amount_captured: success && automatic ? intent.amount : 0,
      amount_refunded: 0,
      captured: success && automatic,
      refunded: false,
      paid: success,
      status: success ? 'succeeded' : 'failed',
      currency: intent.currency,
      payment_intent: intent.id,
      payment_method: use.paymentMethod,
      payment_method_details: { type: 'card', card: { brand: use.card.brand, last4: use.card.last4, exp_month: use.expMonth, exp_year: use.expYear } },
      metadata: { ...intent.metadata },
      failure_code: outcome.kind === 'decline' ? outcome.code : null,
      failure_message: outcome.kind === 'decline' ? outcome.message : null,
      outcome: success ? { type: 'authorized', network_status: 'approved_by_network' } : { type: 'issuer_declined', network_status: 'declined_by_network' },
      created: this.#seconds(),
      livemode: false,
    };
    this.#save({ t: 'charge', v: charge });
    if (outcome.kind === 'decline') {
      const error: PaymentError = {
        type: outcome.code === 'payment_intent_authentication_failure' ? 'invalid_request_error' : 'card_error',
        code: outcome.code,
        decline_code: outcome.declineCode,
        message: outcome.message,
        charge: charge.id,
        payment_method: { id: use.paymentMethod, type: 'card' },
      };
      const next = this.#update(record, { status: 'requires_payment_method', latest_charge: charge.id, payment_method: null, last_payment_error: error, next_action: null }, key, { pendingCard: null });
      this.#event('payment_intent.payment_failed', next.intent, key);
      throw new ApiError(402, { type: error.type, code: error.code, decline_code: error.decline_code, message: error.message, charge: charge.id, payment_intent: structuredClone(next.intent) });
    }
    const next = this.#update(
      record,
      automatic
        ? { status: 'succeeded', amount_received: intent.amount, amount_capturable: 0, latest_charge: charge.id, payment_method: use.paymentMethod, last_payment_error: null, next_action: null }
        : { status: 'requires_capture', amount_capturable: intent.amount, latest_charge: charge.id, payment_method: use.paymentMethod, last_payment_error: null, next_action: null },
      key,
      { pendingCard: null },
    );
    this.#event(automatic ? 'payment_intent.succeeded' : 'payment_intent.amount_capturable_updated', next.intent, key);
    return structuredClone(next.intent);
  }

  capture(id: string, amountToCapture: number | undefined, key: string | null): PaymentIntent {
    const record = this.#record(id);
    if (record.intent.status !== 'requires_capture') throw this.#unexpectedState(record, 'capture');
    const amount = amountToCapture ?? record.intent.amount_capturable;
    if (amount < 1 || amount > record.intent.amount_capturable) {
      throw new ApiError(400, { type: 'invalid_request_error', code: 'amount_too_large', param: 'amount_to_capture', message: `The amount to capture must be between 1 and ${record.intent.amount_capturable}.` });
    }
    const charge = this.#charges.get(record.intent.latest_charge!)!;
    this.#save({ t: 'charge', v: { ...charge, captured: true, amount_captured: amount } });
    const next = this.#update(record, { status: 'succeeded', amount_received: amount, amount_capturable: 0 }, key);
    this.#event('payment_intent.succeeded', next.intent, key);
    return structuredClone(next.intent);
  }

  cancel(id: string, reason: string | null, key: string | null): PaymentIntent {
    const record = this.#record(id);
    if (!CANCELABLE.includes(record.intent.status)) throw this.#unexpectedState(record, 'cancel');
    const next = this.#update(record, { status: 'canceled', amount_capturable: 0, canceled_at: this.#seconds(), cancellation_reason: reason, next_action: null }, key, { pendingCard: null });
    this.#event('payment_intent.canceled', next.intent, key);
    return structuredClone(next.intent);
  }

  refund(input: { paymentIntent: string; amount: number | undefined; reason: string | null; metadata: Record<string, string> }, key: string | null): Refund {
    const record = this.#record(input.paymentIntent);
    const charge = record.intent.latest_charge ? this.#charges.get(record.intent.latest_charge) : undefined;
    if (record.intent.status !== 'succeeded' || !charge) {
      throw new ApiError(400, { type: 'invalid_request_error', code: 'charge_not_refundable', message: `This PaymentIntent has a status of ${record.intent.status}: only a succeeded payment can be refunded.` });
    }
    const left = charge.amount_captured - charge.amount_refunded;
    if (left <= 0) throw new ApiError(400, { type: 'invalid_request_error', code: 'charge_already_refunded', message: `Charge ${charge.id} has already been refunded.` });
    const amount = input.amount ?? left;
    if (amount < 1 || amount > left) {
      throw new ApiError(400, { type: 'invalid_request_error', code: 'amount_too_large', param: 'amount', message: `Refund amount (${amount}) is greater than unrefunded amount on charge (${left}).` });
    }
    const refund: Refund = { id: randomId('re'), object: 'refund', amount, charge: charge.id, payment_intent: record.intent.id, currency: charge.currency, reason: input.reason, metadata: input.metadata, status: 'succeeded', created: this.#seconds() };
    this.#save({ t: 'refund', v: refund });
    const refunded = charge.amount_refunded + amount;
    const nextCharge: Charge = { ...charge, amount_refunded: refunded, refunded: refunded === charge.amount_captured };
    this.#save({ t: 'charge', v: nextCharge });
    this.#update(record, {}, key);
    this.#event('charge.refunded', nextCharge, key);
    return structuredClone(refund);
  }

  refundsOf(paymentIntent: string): Refund[] {
    return [...this.#refunds.values()].filter((refund) => refund.payment_intent === paymentIntent).sort((a, b) => b.created - a.created).map((refund) => structuredClone(refund));
  }

  /** Every intent with its order id, status and the idempotency keys used on it (audits, tests). */
  intents(): { id: string; orderId: string | null; status: IntentStatus; idempotencyKeys: string[] }[] {
    return [...this.#intents.values()].map(({ intent, keys }) => ({ id: intent.id, orderId: intent.metadata.order_id ?? null, status: intent.status, idempotencyKeys: [...keys] }));
  }

  /** Every authorised or captured charge, for audits ("each charge belongs to one order, none twice"). */
  charges(): LedgerCharge[] {
    return [...this.#charges.values()]
      .filter((charge) => charge.paid)
      .map((charge) => {
        const record = this.#intents.get(charge.payment_intent)!;
        return {
          chargeId: charge.id,
          intentId: charge.payment_intent,
          orderId: record.intent.metadata.order_id ?? null,
          metadata: { ...charge.metadata },
          status: charge.status,
          amount: charge.amount,
          amountCaptured: charge.amount_captured,
          amountRefunded: charge.amount_refunded,
          captured: charge.captured,
          released: !charge.captured && record.intent.status === 'canceled',
          currency: charge.currency,
          idempotencyKeys: [...record.keys],
          created: charge.created,
        };
      })
      .sort((a, b) => a.created - b.created);
  }
}
