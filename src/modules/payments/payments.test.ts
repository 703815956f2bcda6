// The payments module in a store, with the embedded simulator: opening a payment, its one
// intent, news from webhooks (signed, deduplicated, out of order), from reconciliation and
// from our own capture/void/refund, each recorded once, only forward, with its event.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { rows } from '../../platform/db/database.ts';
import type { Db } from '../../platform/db/database.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { staffModule } from '../staff/index.ts';
import { CardDeclined, GatewayUnavailable, PaymentNotAllowed } from './errors.ts';
import { runtimeOf } from './gateway/runtime.ts';
import {
  capturePayment,
  ensureIntent,
  hostedCardPageUrl,
  onPaymentChange,
  openPayment,
  paymentOf,
  payWithTestMethod,
  paymentsGateway,
  paymentsModule,
  reconcilePayments,
  refundPayment,
  syncPayment,
  tuneGatewayResilience,
  unsettledPayments,
  voidPayment,
  type PaymentChange,
  type PaymentStatus,
} from './index.ts';
import { payments, paymentTransitions } from './schema.ts';
import type { GatewaySimulator } from './simulator/server.ts';
import { signPayload } from './simulator/webhooks.ts';
import { recordIntent } from './sync.ts';

describe('payments in the store', () => {
  let store: TestStore;
  let simulator: GatewaySimulator;
  const changes: { orderId: string; before: PaymentStatus; after: PaymentStatus }[] = [];
  /** Orders whose change handler fails, to show that the change is then not recorded either. */
  const refusing = new Set<string>();
  const db = () => store.platform.database.db;

  onPaymentChange(async (_platform, tx: Db, change: PaymentChange) => {
    // It sees the new row through the recording transaction.
    const [row] = await rows<{ status: string }>(tx, sql`select status from payments where order_id = ${change.after.orderId}`);
    assert.equal(row?.status, change.after.status);
    if (refusing.has(change.after.orderId)) throw new Error('the order could not move');
    changes.push({ orderId: change.after.orderId, before: change.before, after: change.after.status });
  });

  before(async () => {
    store = await createTestStore({ modules: [staffModule, paymentsModule] });
    simulator = paymentsGateway(store.platform).embedded!;
    tuneGatewayResilience(store.platform, { attempts: 3, backoffInitialMs: 5, backoffMaxMs: 20, breakerThreshold: 5, halfOpenAfterMs: 300 });
  });
  after(() => store.close());
  // A webhook still on its way from an earlier test reads the gateway: it must not take a fault meant for this one.
  beforeEach(() => simulator.webhooksIdle());

  async function openOrder(captureMethod: 'manual' | 'automatic' = 'manual', amount = 5000): Promise<string> {
    const orderId = randomUUID();
    await store.platform.database.transaction((tx) => openPayment(tx, { orderId, amount, currency: 'usd', captureMethod }));
    return orderId;
  }

  /** Pays at the gateway as the card page would, without telling the store: only webhooks (or reconciliation) bring the news. */
  async function payAtGateway(intentId: string, paymentMethod: string): Promise<number> {
    const response = await fetch(`${simulator.url}/v1/payment_intents/${intentId}/confirm`, {
      method: 'POST',
      headers: { authorization: `Bearer ${simulator.secretKey}`, 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': randomUUID() },
      body: new URLSearchParams({ payment_method: paymentMethod }),
    });
    await response.body?.cancel();
    return response.status;
  }

  const transitionsOf = async (orderId: string) =>
    (await db().select().from(paymentTransitions).where(eq(paymentTransitions.orderId, orderId)).orderBy(paymentTransitions.id)).map((t) => `${t.fromStatus}>${t.toStatus}:${t.source}`);

  async function eventsFor(type: string, orderId: string) {
    return (await store.platform.events.history(db(), type, 1000)).filter((event) => event.payload.orderId === orderId);
  }

  function webhook(payload: string, signature: string | undefined) {
    return store.app.inject({
      method: 'POST',
      url: '/webhooks/payments',
      headers: { 'content-type': 'application/json; charset=utf-8', ...(signature ? { 'stripe-signature': signature } : {}) },
      payload,
    });
  }

  const eventPayload = (intentId: string, id = `evt_${randomUUID().replace(/-/g, '')}`, type = 'payment_intent.amount_capturable_updated') =>
    JSON.stringify({ id, object: 'event', type, api_version: '2026-10-28.endive', created: Math.floor(Date.now() / 1000), data: { object: { id: intentId, object: 'payment_intent' } } });
  const now = () => Math.floor(Date.now() / 1000);

  it('opens one payment per order, answered as it is stored; a second opening fails and changes nothing', async () => {
    const orderId = randomUUID();
    const first = await store.platform.database.transaction((tx) => openPayment(tx, { orderId, amount: 1999, currency: 'eur', captureMethod: 'manual' }));
    assert.deepEqual([first.status, first.currency, first.intentId, first.attempts], ['pending', 'EUR', null, 0]);
    assert.deepEqual(await paymentOf(store.platform.database.db, orderId), first);
    await assert.rejects(store.platform.database.transaction((tx) => openPayment(tx, { orderId, amount: 500, currency: 'usd', captureMethod: 'automatic' })));
    assert.deepEqual(await paymentOf(store.platform.database.db, orderId), first);
    await assert.rejects(store.platform.database.transaction((tx) => openPayment(tx, { orderId: randomUUID(), amount: 0, currency: 'usd', captureMethod: 'manual' })), RangeError);
  });

  it('creates the order’s one intent, keyed <orderId>:create:1, and a hosted card page for it', async () => {
    const orderId = await openOrder();
    const payment = await ensureIntent(store.platform, orderId);
    assert.ok(payment.intentId?.startsWith('pi_'));
    assert.ok(payment.clientSecret);
    assert.equal((await ensureIntent(store.platform, orderId)).intentId, payment.intentId);
    const intents = simulator.intents().filter((intent) => intent.orderId === orderId);
    assert.deepEqual(intents.map((intent) => intent.idempotencyKeys), [[`${orderId}:create:1`]]);
    const page = new URL(hostedCardPageUrl(store.platform, payment, 'http://store.test/checkout/return')!);
    assert.equal(page.origin, simulator.url);
    assert.equal(page.pathname, `/pay/${payment.intentId}`);
    assert.equal(page.searchParams.get('client_secret'), payment.clientSecret);
  });

  it('records one intent when two callers ask for it at once: the second learns the first one', async () => {
    const orderId = await openOrder();
    const [a, b] = await Promise.all([ensureIntent(store.platform, orderId), ensureIntent(store.platform, orderId)]);
    assert.ok(a.intentId);
    assert.equal(b.intentId, a.intentId);
    assert.equal(simulator.intents().filter((intent) => intent.orderId === orderId).length, 1);
    assert.equal((await paymentOf(db(), orderId))!.intentId, a.intentId);
  });

  it('finds an intent whose create answer was lost instead of creating a second one', async () => {
    const orderId = await openOrder();
    simulator.setFaults({ next: ['lost'] });
    const payment = await ensureIntent(store.platform, orderId);
    assert.equal(simulator.intents().filter((intent) => intent.orderId === orderId).length, 1);
    assert.equal(simulator.intents().find((intent) => intent.orderId === orderId)!.id, payment.intentId);
  });

  it('learns of an authorisation from the webhook: status, transition, event and the change handler, once', async () => {
    const orderId = await openOrder();
    const { intentId } = await ensureIntent(store.platform, orderId);
    assert.equal(await payAtGateway(intentId!, 'pm_card_visa'), 200);
    await simulator.webhooksIdle();
    const payment = (await paymentOf(db(), orderId))!;
    assert.equal(payment.status, 'authorized');
    assert.equal(payment.attempts, 1);
    assert.deepEqual(await transitionsOf(orderId), ['pending>authorized:webhook']);
    assert.equal((await eventsFor('payment.authorized', orderId)).length, 1);
    assert.deepEqual(changes.filter((c) => c.orderId === orderId), [{ orderId, before: 'pending', after: 'authorized' }]);
  });

  it('records nothing when the change handler fails: status, transition and event go together', async () => {
    const orderId = await openOrder();
    const { intentId } = await ensureIntent(store.platform, orderId);
    refusing.add(orderId);
    await payAtGateway(intentId!, 'pm_card_visa');
    await assert.rejects(syncPayment(store.platform, orderId, 'return'), /could not move/);
    assert.equal((await paymentOf(db(), orderId))!.status, 'pending');
    assert.deepEqual(await transitionsOf(orderId), []);
    assert.equal((await eventsFor('payment.authorized', orderId)).length, 0);
    refusing.delete(orderId);
    await simulator.webhooksIdle();
    assert.equal((await syncPayment(store.platform, orderId, 'return')).after.status, 'authorized');
  });

  it('records a decline in plain words; another card then pays', async () => {
    const orderId = await openOrder();
    await assert.rejects(payWithTestMethod(store.platform, orderId, 'pm_card_chargeDeclinedInsufficientFunds'), CardDeclined);
    let payment = (await paymentOf(db(), orderId))!;
    assert.equal(payment.status, 'failed');
    assert.equal(payment.lastErrorCode, 'insufficient_funds');
    assert.match(payment.lastErrorMessage!, /not enough funds/);
    assert.equal((await eventsFor('payment.failed', orderId))[0]?.payload.declineCode, 'insufficient_funds');
    await payWithTestMethod(store.platform, orderId, 'pm_card_visa');
    await simulator.webhooksIdle();
    payment = (await paymentOf(db(), orderId))!;
    assert.equal(payment.status, 'authorized');
    assert.equal(payment.attempts, 2);
    assert.deepEqual((await transitionsOf(orderId)).map((t) => t.split(':')[0]), ['pending>failed', 'failed>authorized']);
  });

  it('accepts a correctly signed webhook and refuses forged, unsigned and stale ones', async () => {
    const orderId = await openOrder();
    const { intentId } = await ensureIntent(store.platform, orderId);
    const secret = runtimeOf(store.platform).webhookSecret!;
    const payload = eventPayload(intentId!);
    assert.equal((await webhook(payload, signPayload('whsec_forged', payload, now()))).statusCode, 400);
    assert.equal((await webhook(payload, undefined)).statusCode, 400);
    const stale = await webhook(payload, signPayload(secret, payload, now() - 301));
    assert.equal(stale.statusCode, 400);
    assert.match(stale.json().type, /\/webhook-rejected$/);
    const tampered = await webhook(payload.replace(intentId!, 'pi_other'), signPayload(secret, payload, now()));
    assert.equal(tampered.statusCode, 400);
    const good = await webhook(payload, signPayload(secret, payload, now()));
    assert.equal(good.statusCode, 200);
    assert.deepEqual(good.json(), { received: true });
  });

  it('notes an intent-created event without asking the gateway: it cannot carry news', async () => {
    const orderId = await openOrder();
    const { intentId } = await ensureIntent(store.platform, orderId);
    await simulator.webhooksIdle();
    const before = (await paymentOf(db(), orderId))!;
    const payload = eventPayload(intentId!, undefined, 'payment_intent.created');
    // A read back would meet these failures (and answer 503 for a redelivery).
    simulator.setFaults({ next: ['error', 'error', 'error'] });
    try {
      const answer = await webhook(payload, signPayload(runtimeOf(store.platform).webhookSecret!, payload, now()));
      assert.equal(answer.statusCode, 200);
      assert.deepEqual(answer.json(), { received: true, noted: true });
    } finally {
      simulator.setFaults({ next: [] });
    }
    const [noted] = await rows<{ type: string }>(db(), sql`select type from payment_events where event_id = ${JSON.parse(payload).id}`);
    assert.equal(noted?.type, 'payment_intent.created');
    assert.deepEqual(await paymentOf(db(), orderId), before);
    // A forged one is refused like any other.
    assert.equal((await webhook(payload, signPayload('whsec_forged', payload, now()))).statusCode, 400);
  });

  it('notes an authorisation the payment already shows without asking the gateway, and asks for news beyond it', async () => {
    const orderId = await openOrder();
    const { intentId } = await ensureIntent(store.platform, orderId);
    await payWithTestMethod(store.platform, orderId, 'pm_card_visa');
    await simulator.webhooksIdle();
    assert.equal((await paymentOf(db(), orderId))!.status, 'authorized');
    const secret = runtimeOf(store.platform).webhookSecret!;
    const authorised = eventPayload(intentId!, undefined, 'payment_intent.amount_capturable_updated');
    const captured = eventPayload(intentId!, undefined, 'payment_intent.succeeded');
    // A read back would meet these failures.
    simulator.setFaults({ next: ['error', 'error', 'error'] });
    try {
      const noted = await webhook(authorised, signPayload(secret, authorised, now()));
      assert.deepEqual([noted.statusCode, noted.json()], [200, { received: true, noted: true }]);
      // A capture would be news: the gateway is asked, and while it cannot answer the event comes again later.
      assert.equal((await webhook(captured, signPayload(secret, captured, now()))).statusCode, 503);
    } finally {
      simulator.setFaults({ next: [] });
    }
    // Recorded once, by whichever came first: the payment's own read back or its webhook.
    assert.deepEqual((await transitionsOf(orderId)).map((t) => t.split(':')[0]), ['pending>authorized']);
  });

  it('processes a replayed event (same id) once', async () => {
    const orderId = await openOrder();
    const { intentId } = await ensureIntent(store.platform, orderId);
    await payWithTestMethod(store.platform, orderId, 'pm_card_visa');
    await simulator.webhooksIdle();
    // Put the row back as if the news had not arrived, then deliver one event twice.
    await db().update(payments).set({ status: 'pending', attempts: 0, lastAttemptRef: null }).where(eq(payments.orderId, orderId));
    const secret = runtimeOf(store.platform).webhookSecret!;
    const payload = eventPayload(intentId!);
    const before = (await transitionsOf(orderId)).length;
    assert.deepEqual((await webhook(payload, signPayload(secret, payload, now()))).json(), { received: true });
    assert.deepEqual((await webhook(payload, signPayload(secret, payload, now()))).json(), { received: true, duplicate: true });
    assert.deepEqual((await transitionsOf(orderId)).slice(before), ['pending>authorized:webhook']);
  });

  it('converges on the right state when webhooks come twice and out of order', async () => {
    simulator.setFaults({ outOfOrderWebhooks: true, outOfOrderWindowMs: 150, duplicateWebhooks: true });
    try {
      const orderId = await openOrder('manual', 3000);
      const { intentId } = await ensureIntent(store.platform, orderId);
      await payAtGateway(intentId!, 'pm_card_chargeDeclined');
      await payAtGateway(intentId!, 'pm_card_visa');
      await simulator.webhooksIdle();
      const payment = (await paymentOf(db(), orderId))!;
      assert.equal(payment.status, 'authorized');
      assert.equal((await eventsFor('payment.authorized', orderId)).length, 1);
    } finally {
      simulator.setFaults({ outOfOrderWebhooks: false, duplicateWebhooks: false });
    }
  });

  it('never moves a status backwards: stale news changes nothing', async () => {
    const orderId = await openOrder();
    const { intentId } = await ensureIntent(store.platform, orderId);
    await payWithTestMethod(store.platform, orderId, 'pm_card_visa');
    const stale = { id: intentId!, clientSecret: '', status: 'requires_payment_method', amount: 5000, amountCapturable: 0, amountReceived: 0, currency: 'usd', orderId, lastError: { code: 'card_declined', declineCode: 'generic_decline', message: 'x', attemptRef: 'ch_old' }, charge: null };
    const { before: was, after: now } = await recordIntent(store.platform, orderId, stale, 'webhook');
    assert.equal(was, 'authorized');
    assert.equal(now.status, 'authorized');
    assert.equal(now.attempts, 1, 'a stale attempt is not counted');
    assert.equal((await eventsFor('payment.failed', orderId)).length, 0);
  });

  it('captures in full or in part, voids and refunds, each once, with its event', async () => {
    const full = await openOrder();
    await payWithTestMethod(store.platform, full, 'pm_card_visa');
    const captured = await capturePayment(store.platform, full);
    assert.deepEqual([captured.status, captured.capturedAmount], ['captured', 5000]);
    assert.equal((await capturePayment(store.platform, full)).capturedAmount, 5000, 'capturing again changes nothing');
    assert.equal((await eventsFor('payment.captured', full)).length, 1);

    const part = await openOrder();
    await payWithTestMethod(store.platform, part, 'pm_card_visa');
    assert.equal((await capturePayment(store.platform, part, 3200)).capturedAmount, 3200);

    const voided = await openOrder();
    await payWithTestMethod(store.platform, voided, 'pm_card_visa');
    assert.equal((await voidPayment(store.platform, voided)).status, 'voided');
    assert.equal((await voidPayment(store.platform, voided)).status, 'voided');
    await assert.rejects(capturePayment(store.platform, voided), PaymentNotAllowed);
    assert.equal((await eventsFor('payment.voided', voided)).length, 1);

    const partly = await refundPayment(store.platform, full, 1500, 'one mug arrived broken');
    assert.deepEqual([partly.status, partly.refundedAmount], ['partially_refunded', 1500]);
    await assert.rejects(refundPayment(store.platform, full, 4000, 'too much'), RangeError);
    const fully = await refundPayment(store.platform, full, 3500, 'order returned');
    assert.deepEqual([fully.status, fully.refundedAmount], ['refunded', 5000]);
    const refunds = await eventsFor('payment.refunded', full);
    assert.deepEqual(refunds.map((e) => [e.payload.amount, e.payload.full]), [[1500, false], [3500, true]]);
    const keys = simulator.intents().find((intent) => intent.orderId === full)!.idempotencyKeys;
    assert.deepEqual(keys.filter((key) => !key.includes(':confirm:')), [`${full}:create:1`, `${full}:capture:1`, `${full}:refund:1`, `${full}:refund:2`]);
    await simulator.webhooksIdle();
  });

  it('voids an order’s payment whose intent was never recorded, so nobody can pay it later', async () => {
    const orderId = await openOrder();
    const voided = await voidPayment(store.platform, orderId);
    assert.equal(voided.status, 'voided');
    assert.equal(simulator.intents().find((intent) => intent.orderId === orderId)?.status, 'canceled');
  });

  it('reconciles: creates missing intents, and settles payments whose news never arrived', async () => {
    const noIntent = await openOrder();
    const missed = await openOrder();
    const { intentId } = await ensureIntent(store.platform, missed);
    await payAtGateway(intentId!, 'pm_card_visa');
    await simulator.webhooksIdle();
    await db().update(payments).set({ status: 'pending', attempts: 0, lastAttemptRef: null }).where(eq(payments.orderId, missed));
    await db().delete(paymentTransitions).where(eq(paymentTransitions.orderId, missed));
    assert.ok(!(await unsettledPayments(db(), 60_000, 100)).some((p) => p.orderId === missed), 'just looked at: not yet');
    await db().update(payments).set({ updatedAt: sql`now() - interval '2 minutes'` });
    const unsettled = (await unsettledPayments(db(), 60_000, 1000)).map((p) => p.orderId);
    assert.ok(unsettled.includes(noIntent) && unsettled.includes(missed));
    const result = await reconcilePayments(store.platform);
    assert.equal(result.interrupted, false);
    assert.ok((await paymentOf(db(), noIntent))!.intentId);
    assert.equal((await paymentOf(db(), missed))!.status, 'authorized');
    assert.deepEqual(await transitionsOf(missed), ['pending>authorized:reconcile']);
  });

  it('leaves the outcome to reconciliation while the gateway is down', async () => {
    const orderId = await openOrder();
    simulator.setFaults({ next: ['error', 'error', 'error'] });
    await assert.rejects(ensureIntent(store.platform, orderId), (error: unknown) => error instanceof GatewayUnavailable && error.outcomeUnknown);
    assert.equal((await paymentOf(db(), orderId))!.intentId, null);
    await db().update(payments).set({ updatedAt: sql`now() - interval '2 minutes'` }).where(eq(payments.orderId, orderId));
    simulator.setFaults({ next: ['error', 'error', 'error'] });
    assert.equal((await reconcilePayments(store.platform)).interrupted, true);
    // Six failures in a row: the circuit is open and calls fail fast, sending nothing.
    await assert.rejects(ensureIntent(store.platform, orderId), (error: unknown) => error instanceof GatewayUnavailable && error.circuitOpen);
    simulator.setFaults({ next: [] });
    await new Promise((resolve) => setTimeout(resolve, 350));
    assert.equal((await reconcilePayments(store.platform, 0)).interrupted, false);
    assert.ok((await paymentOf(db(), orderId))!.intentId);
    assert.equal(simulator.intents().filter((intent) => intent.orderId === orderId).length, 1);
  });

  it('answers a webhook 503 while the gateway cannot be read, so it is delivered again', async () => {
    const orderId = await openOrder();
    const { intentId } = await ensureIntent(store.platform, orderId);
    // The simulator's own "created" webhook reads the gateway too: delivered before the faults, it cannot take them.
    await simulator.webhooksIdle();
    const payload = eventPayload(intentId!);
    simulator.setFaults({ next: ['error', 'error', 'error'] });
    const response = await webhook(payload, signPayload(runtimeOf(store.platform).webhookSecret!, payload, now()));
    assert.equal(response.statusCode, 503);
    const again = await webhook(payload, signPayload(runtimeOf(store.platform).webhookSecret!, payload, now()));
    assert.deepEqual(again.json(), { received: true }, 'not marked handled by the failed delivery');
  });

  it('syncs on demand (the return from the card page) and reports the change', async () => {
    const orderId = await openOrder('automatic');
    const { intentId } = await ensureIntent(store.platform, orderId);
    simulator.setFaults({ outOfOrderWebhooks: true, outOfOrderWindowMs: 600 });
    try {
      await payAtGateway(intentId!, 'pm_card_visa');
      const change = await syncPayment(store.platform, orderId, 'return');
      assert.deepEqual([change.before, change.after.status, change.after.capturedAmount], ['pending', 'captured', 5000]);
    } finally {
      simulator.setFaults({ outOfOrderWebhooks: false });
    }
    await simulator.webhooksIdle();
    assert.deepEqual(await transitionsOf(orderId), ['pending>captured:return']);
  });

  it('answers a return from the record once the payment is settled, and asks the gateway while it is not', async () => {
    const orderId = await openOrder();
    const { intentId } = await ensureIntent(store.platform, orderId);
    simulator.setFaults({ outOfOrderWebhooks: true, outOfOrderWindowMs: 600 });
    try {
      await payAtGateway(intentId!, 'pm_card_visa');
      // The webhook is still on its way: the return asks the gateway.
      const first = await syncPayment(store.platform, orderId, 'return', { unlessSettled: true });
      assert.deepEqual([first.before, first.after.status], ['pending', 'authorized']);
    } finally {
      simulator.setFaults({ outOfOrderWebhooks: false });
    }
    await simulator.webhooksIdle();
    // Settled: a second return (a reload) does not call the gateway, which would fail now.
    simulator.setFaults({ next: ['error', 'error', 'error'] });
    try {
      const again = await syncPayment(store.platform, orderId, 'return', { unlessSettled: true });
      assert.deepEqual([again.before, again.after.status], ['authorized', 'authorized']);
      await assert.rejects(syncPayment(store.platform, orderId, 'return'), GatewayUnavailable);
    } finally {
      simulator.setFaults({ next: [] });
    }
    assert.deepEqual(await transitionsOf(orderId), ['pending>authorized:return']);
  });

  it('starts the embedded simulator on a free port when the configured one is taken', async () => {
    const taken = new URL(simulator.url).port;
    const second = await createTestStore({ modules: [paymentsModule], env: { GATEWAY_SIMULATOR_PORT: taken } });
    try {
      const other = paymentsGateway(second.platform).embedded!;
      assert.notEqual(new URL(other.url).port, taken);
      const orderId = randomUUID();
      await second.platform.database.transaction((tx) => openPayment(tx, { orderId, amount: 100, currency: 'usd', captureMethod: 'manual' }));
      assert.ok((await ensureIntent(second.platform, orderId)).intentId);
      assert.equal(other.intents().length, 1, 'it is the second store’s own simulator');
    } finally {
      await second.close();
    }
  });

  it('runs a reconciliation pass when a store that works jobs starts, and stops cleanly after it', async () => {
    const worker = await createTestStore({ modules: [paymentsModule], worker: true });
    await worker.close();
  });

  it('charges once when two people pay the same order at the same moment', async () => {
    const orderId = await openOrder();
    await ensureIntent(store.platform, orderId);
    const results = await Promise.allSettled([payWithTestMethod(store.platform, orderId, 'pm_card_visa'), payWithTestMethod(store.platform, orderId, 'pm_card_mastercard')]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.ok(refused.reason instanceof PaymentNotAllowed);
    assert.equal(simulator.charges().filter((charge) => charge.orderId === orderId).length, 1);
    assert.equal((await paymentOf(db(), orderId))!.status, 'authorized');
  });
});
