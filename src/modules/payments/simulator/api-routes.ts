// The subset of Stripe's HTTP API the adapter uses: PaymentIntents (create, retrieve,
// confirm, capture, cancel), refunds and charges. Bearer secret-key authentication,
// form-encoded requests, Stripe-shaped objects and errors, and Idempotency-Key honoured as
// Stripe does: the same key with the same parameters replays the first answer, with other
// parameters it is refused. Faults are applied around each call: before it (5xx) or after
// it was carried out (slow, hanging or lost answers).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { testPaymentMethod } from './cards.ts';
import { pickFault, type Faults } from './faults.ts';
import { FormEncodingError, dictionary, parseStripeForm, str, strings, type FormObject } from './form.ts';
import { ApiError, type Ledger, type PaymentIntent } from './ledger.ts';

export interface ApiContext {
  ledger: Ledger;
  secretKey: string;
  faults: () => Faults;
  /** Waits, unless the simulator is closing. */
  sleep: (ms: number) => Promise<void>;
}

interface Answer {
  status: number;
  body: unknown;
}

type Operation = (params: FormObject, request: FastifyRequest<{ Params: { id?: string } }>, key: string | null) => unknown;

const sha256 = (text: string) => createHash('sha256').update(text).digest();

export function authorized(header: string | undefined, secretKey: string): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match !== null && timingSafeEqual(sha256(match[1]!), sha256(secretKey));
}

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(',')}}`;
}

function invalid(message: string, param: string, code = 'parameter_invalid'): ApiError {
  return new ApiError(400, { type: 'invalid_request_error', code, param, message });
}

function integerParam(params: FormObject, name: string, required: boolean): number | undefined {
  const raw = str(params, name);
  if (raw === undefined) {
    if (required) throw invalid(`Missing required param: ${name}.`, name, 'parameter_missing');
    return undefined;
  }
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) throw invalid(`Invalid integer: ${raw}`, name, 'parameter_invalid_integer');
  return Number(raw);
}

/** Replaces `latest_charge` by the charge object when the caller asked to expand it. */
function expanded(ledger: Ledger, intent: PaymentIntent, params: FormObject): unknown {
  if (!strings(params, 'expand').includes('latest_charge') || !intent.latest_charge) return intent;
  return { ...intent, latest_charge: ledger.charge(intent.latest_charge) ?? intent.latest_charge };
}

export function registerApiRoutes(app: FastifyInstance, context: ApiContext): void {
  const { ledger } = context;

  /** Runs one API call with authentication, idempotency and faults. */
  const api = (operation: Operation) => async (request: FastifyRequest<{ Params: { id?: string } }>, reply: FastifyReply) => {
    if (!authorized(request.headers.authorization, context.secretKey)) {
      return reply.status(401).send({ error: { type: 'invalid_request_error', message: 'Invalid API Key provided.' } });
    }
    const faults = context.faults();
    const fault = pickFault(faults);
    if (fault === 'error') {
      await context.sleep(faults.latencyMs);
      return reply.status(500).send({ error: { type: 'api_error', message: 'An unknown error occurred on the gateway (simulated).' } });
    }
    const answer = run(operation, request);
    reply.header('request-id', `req_${randomBytes(9).toString('base64url')}`);
    if (fault === 'lost') {
      // Carried out, and the answer never arrives: the caller cannot tell whether it happened.
      reply.hijack();
      request.raw.socket.destroy();
      return;
    }
    await context.sleep(fault === 'timeout' ? faults.hangMs : faults.latencyMs);
    if (answer.replayed) reply.header('idempotent-replayed', 'true');
    if (answer.key) reply.header('idempotency-key', answer.key);
    return reply.status(answer.status).send(answer.body);
  };

  function run(operation: Operation, request: FastifyRequest<{ Params: { id?: string } }>): Answer & { replayed?: boolean; key?: string } {
    let params: FormObject;
    try {
      params = parseStripeForm(request.method === 'GET' ? (request.raw.url ?? '').split('?')[1] ?? '' : typeof request.body === 'string' ? request.body : '');
    } catch (error) {
      if (error instanceof FormEncodingError) return { status: 400, body: { error: { type: 'invalid_request_error', message: error.message } } };
      throw error;
    }
    const key = request.method === 'POST' ? (request.headers['idempotency-key'] as string | undefined) ?? null : null;
    const fingerprint = `${request.method} ${request.url.split('?')[0]} ${canonical(params)}`;
    if (key) {
      const saved = ledger.recall(key);
      if (saved) {
        if (saved.fingerprint !== fingerprint) {
          return {
            status: 400,
            body: { error: { type: 'idempotency_error', message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.` } },
          };
        }
        return { status: saved.status, body: saved.body, replayed: true, key };
      }
    }
    let answer: Answer;
    try {
      answer = { status: 200, body: operation(params, request, key) };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      answer = { status: error.status, body: error.body };
    }
    // As Stripe: a call that ran (including a decline) is remembered; a refused one is not.
    if (key && (answer.status === 200 || answer.status === 402)) ledger.remember(key, { fingerprint, ...answer });
    return { ...answer, ...(key ? { key } : {}) };
  }

  const intentId = (request: FastifyRequest<{ Params: { id?: string } }>) => request.params.id ?? '';

  app.post('/v1/payment_intents', api((params, _request, key) => {
    const amount = integerParam(params, 'amount', true)!;
    const currency = str(params, 'currency')?.toLowerCase();
    if (!currency || !/^[a-z]{3}$/.test(currency)) throw invalid('Invalid currency.', 'currency', currency ? 'parameter_invalid' : 'parameter_missing');
    const captureMethod = str(params, 'capture_method') ?? 'automatic';
    if (!['automatic', 'automatic_async', 'manual'].includes(captureMethod)) throw invalid(`Invalid capture_method: ${captureMethod}`, 'capture_method');
    const metadata = dictionary(params, 'metadata') ?? {};
    const auto = dictionary(params, 'automatic_payment_methods');
    const intent = ledger.create(
      {
        amount,
        currency,
        captureMethod: captureMethod === 'manual' ? 'manual' : 'automatic',
        metadata,
        description: str(params, 'description') ?? null,
        automaticPaymentMethods: auto?.enabled === 'true',
        paymentMethodTypes: strings(params, 'payment_method_types').length > 0 ? strings(params, 'payment_method_types') : ['card'],
      },
      key,
    );
    if (str(params, 'confirm') !== 'true') return expanded(ledger, intent, params);
    return expanded(ledger, confirmWith(intent.id, params, key), params);
  }));

  function confirmWith(id: string, params: FormObject, key: string | null): PaymentIntent {
    const method = str(params, 'payment_method');
    if (!method) throw invalid('You must provide a payment_method to confirm this PaymentIntent.', 'payment_method', 'parameter_missing');
    const card = testPaymentMethod(method);
    if (!card) throw new ApiError(400, { type: 'invalid_request_error', code: 'resource_missing', param: 'payment_method', message: `No such PaymentMethod: '${method}'` });
    return ledger.confirm(id, { card, paymentMethod: method, expMonth: 12, expYear: new Date().getUTCFullYear() + 3 }, str(params, 'return_url') ?? null, key);
  }

  app.get('/v1/payment_intents/:id', api((params, request) => expanded(ledger, ledger.retrieve(intentId(request)), params)));

  app.post('/v1/payment_intents/:id/confirm', api((params, request, key) => expanded(ledger, confirmWith(intentId(request), params, key), params)));

  app.post('/v1/payment_intents/:id/capture', api((params, request, key) =>
    expanded(ledger, ledger.capture(intentId(request), integerParam(params, 'amount_to_capture', false), key), params),
  ));

  app.post('/v1/payment_intents/:id/cancel', api((params, request, key) =>
    expanded(ledger, ledger.cancel(intentId(request), str(params, 'cancellation_reason') ?? null, key), params),
  ));

  app.post('/v1/refunds', api((params, _request, key) => {
    const paymentIntent = str(params, 'payment_intent') ?? ledger.charge(str(params, 'charge') ?? '')?.payment_intent;
    if (!paymentIntent) throw invalid('One of payment_intent or charge is required.', 'payment_intent', 'parameter_missing');
    const reason = str(params, 'reason') ?? null;
    if (reason !== null && !['duplicate', 'fraudulent', 'requested_by_customer'].includes(reason)) throw invalid(`Invalid reason: ${reason}`, 'reason');
    return ledger.refund({ paymentIntent, amount: integerParam(params, 'amount', false), reason, metadata: dictionary(params, 'metadata') ?? {} }, key);
  }));

  app.get('/v1/refunds', api((params) => {
    const paymentIntent = str(params, 'payment_intent');
    const data = paymentIntent ? ledger.refundsOf(paymentIntent) : [];
    return { object: 'list', url: '/v1/refunds', has_more: false, data };
  }));

  app.get('/v1/charges/:id', api((_params, request) => {
    const charge = ledger.charge(request.params.id ?? '');
    if (!charge) throw new ApiError(404, { type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: `No such charge: '${request.params.id}'` });
    return charge;
  }));
}
