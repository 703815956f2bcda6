// The Stripe adapter against the simulator over real HTTP: the official SDK pointed at it,
// every operation, idempotency, declines, 3-D Secure, and the faults the resilience layer
// must survive (timeouts, 5xx, lost answers, a failing gateway).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CardDeclined, GatewayUnavailable, PaymentNotAllowed } from '../errors.ts';
import { startSimulator, type GatewaySimulator } from '../simulator/server.ts';
import type { ResilienceOptions } from './resilience.ts';
import { IdempotencyConflict, StripeGateway } from './stripe-gateway.ts';

const FAST: ResilienceOptions = { attempts: 3, backoffInitialMs: 5, backoffMaxMs: 20, breakerThreshold: 100, halfOpenAfterMs: 1000 };

describe('Stripe adapter against the gateway simulator', () => {
  let simulator: GatewaySimulator;
  let gateway: StripeGateway;
  const gatewayWith = (resilience: ResilienceOptions, timeoutMs = 2000) => new StripeGateway({ secretKey: simulator.secretKey, url: simulator.url, timeoutMs, resilience });
  const newIntent = (orderId: string, captureMethod: 'manual' | 'automatic' = 'manual', amount = 2500) =>
    gateway.createIntent({ orderId, amount, currency: 'USD', captureMethod }, `${orderId}:create:1`);
  const intentsOf = (orderId: string) => simulator.intents().filter((intent) => intent.orderId === orderId);
  const chargesOf = (orderId: string) => simulator.charges().filter((charge) => charge.orderId === orderId);

  before(async () => {
    simulator = await startSimulator({ secretKey: 'sk_test_adapter', webhookSecret: 'whsec_adapter' });
    gateway = gatewayWith(FAST);
  });
  after(() => simulator.close());

  it('creates an intent for an order, with the order id in its metadata and the key recorded', async () => {
    const orderId = randomUUID();
    const intent = await newIntent(orderId);
    assert.equal(intent.status, 'requires_payment_method');
    assert.equal(intent.amount, 2500);
    assert.equal(intent.currency, 'usd');
    assert.equal(intent.orderId, orderId);
    assert.match(intent.clientSecret, new RegExp(`^${intent.id}_secret_`));
    assert.deepEqual(intentsOf(orderId)[0]!.idempotencyKeys, [`${orderId}:create:1`]);
  });

  it('authorises, then captures the full amount', async () => {
    const orderId = randomUUID();
    const intent = await newIntent(orderId);
    const authorised = await gateway.confirmIntent(intent.id, 'pm_card_visa', `${orderId}:confirm:1`);
    assert.equal(authorised.status, 'requires_capture');
    assert.equal(authorised.amountCapturable, 2500);
    const captured = await gateway.captureIntent(intent.id, undefined, `${orderId}:capture:1`);
    assert.equal(captured.status, 'succeeded');
    assert.deepEqual([captured.amountReceived, captured.charge?.amountCaptured], [2500, 2500]);
  });

  it('captures part of an authorisation', async () => {
    const orderId = randomUUID();
    const intent = await newIntent(orderId);
    await gateway.confirmIntent(intent.id, 'pm_card_visa', `${orderId}:confirm:1`);
    const captured = await gateway.captureIntent(intent.id, 1800, `${orderId}:capture:1`);
    assert.equal(captured.status, 'succeeded');
    assert.equal(captured.charge?.amountCaptured, 1800);
    await assert.rejects(gateway.captureIntent(intent.id, 700, `${orderId}:capture:2`), PaymentNotAllowed, 'nothing left to capture');
  });

  it('takes the money at once with automatic capture', async () => {
    const orderId = randomUUID();
    const intent = await newIntent(orderId, 'automatic');
    const paid = await gateway.confirmIntent(intent.id, 'pm_card_mastercard', `${orderId}:confirm:1`);
    assert.equal(paid.status, 'succeeded');
    assert.equal(paid.charge?.amountCaptured, 2500);
  });

  it('voids an authorisation; a voided intent can be neither captured nor paid', async () => {
    const orderId = randomUUID();
    const intent = await newIntent(orderId);
    await gateway.confirmIntent(intent.id, 'pm_card_visa', `${orderId}:confirm:1`);
    const voided = await gateway.cancelIntent(intent.id, `${orderId}:cancel:1`);
    assert.equal(voided.status, 'canceled');
    await assert.rejects(gateway.captureIntent(intent.id, undefined, `${orderId}:capture:1`), (error: unknown) => error instanceof PaymentNotAllowed && error.code === 'payment_intent_unexpected_state');
    assert.equal(chargesOf(orderId)[0]!.released, true);
  });

  it('refunds in part and then in full; never more than was captured', async () => {
    const orderId = randomUUID();
    const intent = await newIntent(orderId, 'automatic');
    await gateway.confirmIntent(intent.id, 'pm_card_visa', `${orderId}:confirm:1`);
    const first = await gateway.refund({ intentId: intent.id, orderId, amount: 1000, reason: 'one item returned' }, `${orderId}:refund:1`);
    assert.equal(first.amount, 1000);
    assert.equal((await gateway.retrieveIntent(intent.id)).charge?.amountRefunded, 1000);
    await assert.rejects(gateway.refund({ intentId: intent.id, orderId, amount: 2000, reason: 'too much' }, `${orderId}:refund:2`), PaymentNotAllowed);
    await gateway.refund({ intentId: intent.id, orderId, amount: 1500, reason: 'the rest' }, `${orderId}:refund:2`);
    assert.equal((await gateway.retrieveIntent(intent.id)).charge?.amountRefunded, 2500);
    assert.deepEqual((await gateway.listRefunds(intent.id)).map((refund) => refund.amount).sort(), [1000, 1500]);
    await assert.rejects(gateway.refund({ intentId: intent.id, orderId, amount: 1, reason: 'again' }, `${orderId}:refund:3`), (error: unknown) => error instanceof PaymentNotAllowed && error.code === 'charge_already_refunded');
  });

  it('replays a call repeated with the same key and parameters; refuses the key with other parameters', async () => {
    const orderId = randomUUID();
    const first = await newIntent(orderId);
    const again = await newIntent(orderId);
    assert.equal(again.id, first.id);
    assert.equal(intentsOf(orderId).length, 1);
    await assert.rejects(gateway.createIntent({ orderId, amount: 9999, currency: 'USD', captureMethod: 'manual' }, `${orderId}:create:1`), IdempotencyConflict);
    // The refund replayed by its key is one refund.
    await gateway.confirmIntent(first.id, 'pm_card_visa', `${orderId}:confirm:1`);
    await gateway.captureIntent(first.id, undefined, `${orderId}:capture:1`);
    await gateway.refund({ intentId: first.id, orderId, amount: 500, reason: 'x' }, `${orderId}:refund:1`);
    await gateway.refund({ intentId: first.id, orderId, amount: 500, reason: 'x' }, `${orderId}:refund:1`);
    assert.equal((await gateway.listRefunds(first.id)).length, 1);
  });

  const declines: [string, string, string | null, RegExp][] = [
    ['pm_card_chargeDeclined', 'card_declined', 'generic_decline', /declined the card/],
    ['pm_card_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds', /not enough funds/],
    ['pm_card_chargeDeclinedExpiredCard', 'expired_card', 'expired_card', /expired/],
    ['pm_card_chargeDeclinedIncorrectCvc', 'incorrect_cvc', 'incorrect_cvc', /security code/],
    ['pm_card_chargeDeclinedProcessingError', 'processing_error', 'processing_error', /try again/],
    ['pm_card_chargeDeclinedStolenCard', 'card_declined', 'stolen_card', /declined the card/],
  ];
  for (const [method, code, declineCode, message] of declines) {
    it(`turns ${method} into CardDeclined(${declineCode}) with a plain message; another card then pays`, async () => {
      const orderId = randomUUID();
      const intent = await newIntent(orderId);
      await assert.rejects(gateway.confirmIntent(intent.id, method, `${orderId}:confirm:1`), (error: unknown) => {
        assert.ok(error instanceof CardDeclined);
        assert.equal(error.code, code);
        assert.equal(error.declineCode, declineCode);
        assert.match(error.customerMessage, message);
        return true;
      });
      const after = await gateway.retrieveIntent(intent.id);
      assert.equal(after.status, 'requires_payment_method');
      assert.equal(after.lastError?.declineCode, declineCode);
      assert.ok(after.lastError?.attemptRef?.startsWith('ch_'));
      assert.equal((await gateway.confirmIntent(intent.id, 'pm_card_visa', `${orderId}:confirm:2`)).status, 'requires_capture');
      assert.equal(chargesOf(orderId).length, 1, 'only the successful attempt is a charge');
    });
  }

  async function answerChallenge(nextActionUrl: string, result: 'complete' | 'fail') {
    const url = new URL(nextActionUrl);
    const response = await fetch(new URL(url.pathname, simulator.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_secret: url.searchParams.get('client_secret')!, return_url: 'https://shop.example/back', result }),
      redirect: 'manual',
    });
    return new URL(response.headers.get('location')!);
  }

  it('asks for 3-D Secure; completing it authorises, failing it declines', async () => {
    for (const [result, status, redirect] of [['complete', 'requires_capture', 'succeeded'], ['fail', 'requires_payment_method', 'failed']] as const) {
      const orderId = randomUUID();
      const intent = await newIntent(orderId);
      const pending = await gateway.confirmIntent(intent.id, 'pm_card_threeDSecureRequired', `${orderId}:confirm:1`);
      assert.equal(pending.status, 'requires_action');
      const raw = (await (await fetch(`${simulator.url}/v1/payment_intents/${intent.id}`, { headers: { authorization: `Bearer ${simulator.secretKey}` } })).json()) as { next_action: { redirect_to_url: { url: string } } };
      const back = await answerChallenge(raw.next_action.redirect_to_url.url, result);
      assert.equal(back.searchParams.get('redirect_status'), redirect);
      const after = await gateway.retrieveIntent(intent.id);
      assert.equal(after.status, status);
      if (result === 'fail') assert.equal(after.lastError?.code, 'payment_intent_authentication_failure');
    }
  });

  it('refuses to confirm an intent that is already paid: whoever pays second charges nothing', async () => {
    const orderId = randomUUID();
    const intent = await newIntent(orderId);
    await gateway.confirmIntent(intent.id, 'pm_card_visa', `${orderId}:confirm:1`);
    await assert.rejects(gateway.confirmIntent(intent.id, 'pm_card_mastercard', `${orderId}:confirm:2`), (error: unknown) => error instanceof PaymentNotAllowed && error.code === 'payment_intent_unexpected_state');
    assert.equal(chargesOf(orderId).length, 1);
  });

  it('retries a timed-out create with the same key: one intent', async () => {
    const orderId = randomUUID();
    const slow = gatewayWith(FAST, 300);
    simulator.setFaults({ next: ['timeout'], hangMs: 5000 });
    const intent = await slow.createIntent({ orderId, amount: 1200, currency: 'USD', captureMethod: 'manual' }, `${orderId}:create:1`);
    assert.equal(intentsOf(orderId).length, 1);
    assert.equal(intentsOf(orderId)[0]!.id, intent.id);
    assert.deepEqual(simulator.faults().next, []);
  });

  it('retries 5xx answers, and reports the gateway unavailable (outcome unknown) when they go on', async () => {
    const orderId = randomUUID();
    simulator.setFaults({ next: ['error', 'error'] });
    await newIntent(orderId);
    assert.equal(intentsOf(orderId).length, 1, 'the third try went through');
    simulator.setFaults({ next: ['error', 'error', 'error'] });
    await assert.rejects(newIntent(randomUUID()), (error: unknown) => error instanceof GatewayUnavailable && error.outcomeUnknown && !error.circuitOpen);
    simulator.setFaults({ next: ['error', 'error', 'error'] });
    await assert.rejects(gateway.retrieveIntent(intentsOf(orderId)[0]!.id), (error: unknown) => error instanceof GatewayUnavailable && !error.outcomeUnknown, 'a read changes nothing');
  });

  it('survives an answer lost after the charge: the retry gets the same intent, exactly one charge', async () => {
    const orderId = randomUUID();
    const intent = await newIntent(orderId);
    simulator.setFaults({ next: ['lost'] });
    const confirmed = await gateway.confirmIntent(intent.id, 'pm_card_visa', `${orderId}:confirm:1`);
    assert.equal(confirmed.id, intent.id);
    assert.equal(confirmed.status, 'requires_capture');
    assert.equal(chargesOf(orderId).length, 1);
    simulator.setFaults({ next: ['lost'] });
    const created = await gateway.createIntent({ orderId: `${orderId}-2`, amount: 100, currency: 'USD', captureMethod: 'manual' }, `${orderId}-2:create:1`);
    assert.equal(intentsOf(`${orderId}-2`).length, 1);
    assert.equal(intentsOf(`${orderId}-2`)[0]!.id, created.id);
  });

  it('says the gateway is unreachable (nothing happened) when nothing listens', async () => {
    const nowhere = new StripeGateway({ secretKey: 'sk_test_x', url: 'http://127.0.0.1:1', timeoutMs: 500, resilience: FAST });
    await assert.rejects(nowhere.createIntent({ orderId: 'x', amount: 1, currency: 'USD', captureMethod: 'manual' }, 'x:create:1'), (error: unknown) => error instanceof GatewayUnavailable && !error.outcomeUnknown);
  });

  it('opens the circuit after repeated failures, fails fast while open, and half-opens later', async () => {
    const fragile = gatewayWith({ attempts: 1, backoffInitialMs: 1, backoffMaxMs: 1, breakerThreshold: 2, halfOpenAfterMs: 200 });
    const intent = await newIntent(randomUUID());
    simulator.setFaults({ next: ['error', 'error', 'error'] });
    for (let i = 0; i < 2; i++) await assert.rejects(fragile.retrieveIntent(intent.id), GatewayUnavailable);
    assert.equal(fragile.circuit().status, 'open');
    await assert.rejects(fragile.retrieveIntent(intent.id), (error: unknown) => error instanceof GatewayUnavailable && error.circuitOpen);
    assert.deepEqual(simulator.faults().next, ['error'], 'the open circuit sent nothing');
    simulator.setFaults({ next: [] });
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.equal(fragile.circuit().status, 'half-open');
    assert.equal((await fragile.retrieveIntent(intent.id)).id, intent.id, 'the trial call goes through');
    assert.equal(fragile.circuit().status, 'closed');
  });

  it('keeps a ledger in which every charge belongs to one order and none is charged twice', () => {
    const charges = simulator.charges();
    assert.ok(charges.length > 10);
    const byOrder = new Map<string, number>();
    for (const charge of charges) {
      assert.ok(charge.orderId, 'every charge names its order');
      if (!charge.released) byOrder.set(charge.orderId, (byOrder.get(charge.orderId) ?? 0) + 1);
      assert.ok(charge.idempotencyKeys.every((key) => key.startsWith(`${charge.orderId}:`)), 'every key is the order’s own');
    }
    assert.ok([...byOrder.values()].every((count) => count === 1), 'no order has two charges');
  });

  it('answers slowly when told to, and a call slower than the timeout is retried, then reported', async () => {
    simulator.setFaults({ latencyMs: 150 });
    try {
      const started = Date.now();
      await newIntent(randomUUID());
      assert.ok(Date.now() - started >= 150);
      const impatient = gatewayWith({ ...FAST, attempts: 2 }, 100);
      await assert.rejects(impatient.retrieveIntent(simulator.intents()[0]!.id), (error: unknown) => error instanceof GatewayUnavailable);
    } finally {
      simulator.setFaults({ latencyMs: 0 });
    }
  });

  it('keeps its control API to holders of the secret key', async () => {
    assert.equal((await fetch(`${simulator.url}/_simulator/faults`)).status, 401);
    assert.equal((await fetch(`${simulator.url}/_simulator/charges`, { headers: { authorization: 'Bearer sk_test_wrong' } })).status, 401);
    const refused = await fetch(`${simulator.url}/_simulator/faults`, { method: 'POST', headers: { authorization: `Bearer ${simulator.secretKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ errorRate: 5 }) });
    assert.equal(refused.status, 400);
    assert.equal(simulator.faults().errorRate, 0);
  });

  it('refuses calls without the secret key', async () => {
    const response = await fetch(`${simulator.url}/v1/payment_intents`, { method: 'POST', headers: { authorization: 'Bearer sk_test_wrong', 'content-type': 'application/x-www-form-urlencoded' }, body: 'amount=100&currency=usd' });
    assert.equal(response.status, 401);
    const body = (await response.json()) as { error: { type: string } };
    assert.equal(body.error.type, 'invalid_request_error');
  });
});
