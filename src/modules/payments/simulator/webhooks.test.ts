// Webhook delivery: signed as Stripe signs (the SDK's own verifier accepts it), retried with
// backoff until the endpoint takes it, and delivered twice or out of order on demand.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import Stripe from 'stripe';
import { NO_FAULTS, type Faults } from './faults.ts';
import type { StripeEvent } from './ledger.ts';
import { httpDeliver, WebhookDispatcher } from './webhooks.ts';

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

  describe('over HTTP', () => {
    /** A local endpoint answering `answer` for each request it receives (the request and its body recorded). */
    async function endpoint(answer: (request: IncomingMessage) => number | 'never'): Promise<{ url: string; received: { headers: IncomingMessage['headers']; body: string }[]; server: Server; connections: () => number }> {
      const received: { headers: IncomingMessage['headers']; body: string }[] = [];
      const server = createServer((request, response) => {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        request.on('end', () => {
          received.push({ headers: request.headers, body });
          const status = answer(request);
          if (status !== 'never') response.writeHead(status).end('ok');
        });
      });
      let connections = 0;
      server.on('connection', () => connections++);
      await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
      return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, server, connections: () => connections };
    }

    it('posts the payload with its signature and answers the status, on one kept-open connection', async () => {
      const { url, received, server, connections } = await endpoint(() => 202);
      try {
        const deliver = httpDeliver(url);
        assert.equal(await deliver('{"id":"evt_1"}', 't=1,v1=ab'), 202);
        assert.equal(await deliver('{"id":"evt_2"}', 't=2,v1=cd'), 202);
        assert.deepEqual(received.map((r) => [r.body, r.headers['stripe-signature'], r.headers['content-type']]), [
          ['{"id":"evt_1"}', 't=1,v1=ab', 'application/json; charset=utf-8'],
          ['{"id":"evt_2"}', 't=2,v1=cd', 'application/json; charset=utf-8'],
        ]);
        assert.equal(connections(), 1);
      } finally {
        server.closeAllConnections();
        server.close();
      }
    });

    it('answers 0 when the endpoint does not answer in time or cannot be reached', async () => {
      const { url, server } = await endpoint(() => 'never');
      try {
        assert.equal(await httpDeliver(url, 200)('{}', 't=1,v1=ab'), 0);
      } finally {
        server.closeAllConnections();
        server.close();
      }
      assert.equal(await httpDeliver(url, 200)('{}', 't=1,v1=ab'), 0, 'nobody listens there any more');
    });
  });
});
