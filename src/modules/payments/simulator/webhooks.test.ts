// Webhook delivery: signed as Stripe signs (the SDK's own verifier accepts it), retried with
// backoff until the endpoint takes it, and delivered twice or out of order on demand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Stripe from 'stripe';
import { NO_FAULTS, type Faults } from './faults.ts';
import type { StripeEvent } from './ledger.ts';
import { WebhookDispatcher } from './webhooks.ts';

const SECRET = 'whsec_dispatch';

function event(id: string): StripeEvent {
  const intent = { id: 'pi_1', object: 'payment_intent' } as unknown as StripeEvent['data']['object'];
  return { id, object: 'event', type: 'payment_intent.succeeded', api_version: 'x', created: 0, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, data: { object: intent } };
}

function recorder(answers: number[] = []) {
  const received: { id: string; signature: string; payload: string }[] = [];
  const deliver = async (payload: string, signature: string) => {
    received.push({ id: (JSON.parse(payload) as { id: string }).id, signature, payload });
    return answers.shift() ?? 200;
  };
  return { received, deliver };
}

const dispatcher = (deliver: (payload: string, signature: string) => Promise<number>, faults: Partial<Faults> = {}) =>
  new WebhookDispatcher({ deliver, secret: SECRET, faults: () => ({ ...NO_FAULTS, ...faults }), retryBaseMs: 10, attempts: 4 });

describe('webhook delivery', () => {
  it('signs each delivery the way Stripe does', async () => {
    const { received, deliver } = recorder();
    const webhooks = dispatcher(deliver);
    webhooks.enqueue(event('evt_signed'));
    await webhooks.idle();
    const [delivery] = received;
    assert.match(delivery!.signature, /^t=\d+,v1=[0-9a-f]{64}$/);
    const verified = Stripe.webhooks.constructEvent(delivery!.payload, delivery!.signature, SECRET);
    assert.equal(verified.id, 'evt_signed');
    assert.throws(() => Stripe.webhooks.constructEvent(delivery!.payload, delivery!.signature, 'whsec_other'));
  });

  it('retries with backoff until the endpoint answers 2xx, and gives up after the last try', async () => {
    const { received, deliver } = recorder([500, 0, 503, 200]);
    const webhooks = dispatcher(deliver);
    const started = Date.now();
    webhooks.enqueue(event('evt_retry'));
    await webhooks.idle();
    assert.equal(received.length, 4);
    assert.ok(Date.now() - started >= 10 + 20 + 40, 'waits 10, 20 then 40 ms');
    const never = recorder([500, 500, 500, 500, 500]);
    const stubborn = dispatcher(never.deliver);
    stubborn.enqueue(event('evt_refused'));
    await stubborn.idle();
    assert.equal(never.received.length, 4);
  });

  it('delivers each event twice when asked to', async () => {
    const { received, deliver } = recorder();
    const webhooks = dispatcher(deliver, { duplicateWebhooks: true });
    webhooks.enqueue(event('evt_a'));
    await webhooks.idle();
    assert.deepEqual(received.map((r) => r.id), ['evt_a', 'evt_a']);
  });

  it('holds events back and delivers them newest first when asked to', async () => {
    const { received, deliver } = recorder();
    const webhooks = dispatcher(deliver, { outOfOrderWebhooks: true, outOfOrderWindowMs: 30 });
    webhooks.enqueue(event('evt_1'));
    webhooks.enqueue(event('evt_2'));
    webhooks.enqueue(event('evt_3'));
    assert.equal(received.length, 0, 'nothing goes out during the window');
    await webhooks.idle();
    assert.deepEqual(received.map((r) => r.id), ['evt_3', 'evt_2', 'evt_1']);
  });
});
