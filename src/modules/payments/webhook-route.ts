// POST /webhooks/payments: the gateway's news. The signature and its timestamp are checked
// on the raw body with the SDK's constructEvent (a forged or replayed-late delivery is
// refused), an event already handled is acknowledged and skipped, and otherwise the intent
// is read back from the gateway and recorded, with the event id, in one transaction. The
// payload itself is only a hint: out-of-order or stale events cannot set a state. An event
// that cannot carry news (an intent was created: the store created it; an authorisation the
// payment already shows) is only noted.
import type { FastifyInstance } from 'fastify';
import Stripe from 'stripe';
import type { App } from '../../platform/http/app.ts';
import { deferWrite, type Db } from '../../platform/db/database.ts';
import { Problem } from '../../platform/http/problem.ts';
import type { Platform } from '../../platform/platform.ts';
import { GatewayUnavailable, WebhookRejected } from './errors.ts';
import { runtimeOf } from './gateway/runtime.ts';
import { paymentForEvent } from './records.ts';
import { paymentEvents, type PaymentStatus } from './schema.ts';
import { isAtOrBeyond } from './status.ts';
import { recordIntent } from './sync.ts';

export const WEBHOOK_PATH = '/webhooks/payments';

/** Seconds a signature stays valid (Stripe's default): an older delivery is refused as a replay. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * Events that say nothing a payment could move on: an intent is created in its first state,
 * by the store itself, and every later change comes with its own event. They are noted as
 * handled without asking the gateway (one write instead of a read back and a transaction,
 * for every order).
 */
const NOTED_ONLY = new Set(['payment_intent.created']);

/**
 * The status these events announce. A payment already recorded there or beyond learns nothing
 * from them (the customer's return or a read back got there first), so they are noted without
 * asking the gateway. A decline is not among them: a second one brings a new attempt and reason.
 */
const ANNOUNCES: Readonly<Record<string, PaymentStatus>> = {
  'payment_intent.amount_capturable_updated': 'authorized',
  'payment_intent.succeeded': 'captured',
};

export interface VerifiedEvent {
  id: string;
  type: string;
  /** The intent the event is about, if it is about one. */
  intentId: string | null;
}

/** Checks the signature and timestamp of a delivery. Throws WebhookRejected. */
export function verifyWebhook(platform: Platform, rawBody: Buffer | string, signatureHeader: string | undefined): VerifiedEvent {
  const secret = runtimeOf(platform).webhookSecret;
  if (!secret) throw new WebhookRejected('No webhook secret is configured (STRIPE_WEBHOOK_SECRET)');
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signatureHeader ?? '', secret, WEBHOOK_TOLERANCE_SECONDS, undefined, platform.clock.now().getTime());
  } catch (error) {
    throw new WebhookRejected(error instanceof Error ? error.message.split('\n')[0]! : 'The signature does not verify');
  }
  const object = event.data.object as { object?: string; id?: string; payment_intent?: unknown };
  const intentId = object.object === 'payment_intent' ? (object.id ?? null) : typeof object.payment_intent === 'string' ? object.payment_intent : null;
  return { id: event.id, type: event.type, intentId };
}

export function registerWebhookRoute(app: App, platform: Platform): void {
  // Its own scope, so that this route alone receives the raw body the signature covers.
  void app.register(async (scope: FastifyInstance) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 512 * 1024 }, (_request, body, done) => done(null, body));
    scope.post(WEBHOOK_PATH, { config: { access: 'public', csrf: false } }, async (request, reply) => {
      const body = request.body;
      if (!Buffer.isBuffer(body)) throw new Problem({ status: 400, type: 'webhook-rejected', title: 'The webhook is not valid', detail: 'Expected a JSON body.' });
      let event: VerifiedEvent;
      try {
        event = verifyWebhook(platform, body, request.headers['stripe-signature'] as string | undefined);
      } catch (error) {
        if (!(error instanceof WebhookRejected)) throw error;
        request.log.warn({ reqId: request.id, reason: error.message }, 'payment webhook rejected');
        throw new Problem({ status: 400, type: 'webhook-rejected', title: 'The webhook signature is not valid' });
      }
      const db = platform.database.db;
      const record = { eventId: event.id, type: event.type, intentId: event.intentId };
      /** The event's row: "handled", whatever it did (a redelivery of it is then skipped). */
      const noteEvent = (handle: Db) => handle.insert(paymentEvents).values(record).onConflictDoNothing();
      if (NOTED_ONLY.has(event.type)) {
        await noteEvent(db);
        return reply.send({ received: true, noted: true });
      }
      const found = event.intentId ? await paymentForEvent(db, event.intentId, event.id) : null;
      if (found?.handled) return reply.send({ received: true, duplicate: true });
      const payment = found?.payment;
      if (!payment) {
        // Not about one of our orders' intents (or about something we do not follow): acknowledged.
        await noteEvent(db);
        return reply.send({ received: true, ignored: true });
      }
      const announced = ANNOUNCES[event.type];
      if (announced && isAtOrBeyond(payment.status, announced)) {
        await noteEvent(db);
        return reply.send({ received: true, noted: true });
      }
      try {
        const intent = await runtimeOf(platform).gateway.retrieveIntent(event.intentId!);
        await recordIntent(platform, payment.orderId, intent, 'webhook', (tx) => deferWrite(tx, noteEvent(tx)));
      } catch (error) {
        if (!(error instanceof GatewayUnavailable)) throw error;
        // The gateway delivers again later; by then it may answer.
        throw new Problem({ status: 503, type: 'gateway-unavailable', title: 'The payment gateway could not be reached', headers: { 'retry-after': '30' } });
      }
      return reply.send({ received: true });
    });
  });
}
