// Checkout while the payment gateway fails, with the real circuit breaker: failed calls open it,
// which opens one incident on the status page; while it is open the checkout page says card
// payments are paused, an order is taken without calling the gateway, and its page says the
// link comes by email; once the gateway answers again the breaker's trial call closes the
// circuit, the incident is resolved and each order placed meanwhile gets its one pay link.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { fixedClock } from '../../../platform/clock.ts';
import { orderingStore, placeTestOrder, sellable } from '../../../testing/orders.ts';
import type { TestStore } from '../../../testing/store.ts';
import { gatewayCircuit, paymentOf, paymentsGateway, tuneGatewayResilience, writeFaults } from '../../payments/index.ts';
import { activeIncidents, GATEWAY_INCIDENT_KEY, incidentById } from '../../status-incidents/index.ts';
import { heldShopper, text } from '../draft/test-support.ts';
import { orderPaymentLinkSent } from '../events.ts';
import { paymentFollowUps } from './schema.ts';
import { sendPayLinksWhenBack } from './when-back.ts';

describe('checkout: pay: when-back', () => {
  const clock = fixedClock('2026-12-07T15:00:00Z');
  let store: TestStore;
  let teapot: string;
  const db = () => store.platform.database.db;
  const simulator = () => paymentsGateway(store.platform).simulator!;
  /** The circuit pauses this long before its trial call. */
  const PAUSE_MS = 2000;

  async function until<T>(what: string, read: () => Promise<T | null | undefined | false>, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const followUp = async (orderId: string) => (await db().select().from(paymentFollowUps).where(eq(paymentFollowUps.orderId, orderId)))[0] ?? null;

  before(async () => {
    store = await orderingStore(clock);
    teapot = await sellable(store, 4000, 50);
    tuneGatewayResilience(store.platform, { attempts: 2, backoffInitialMs: 5, backoffMaxMs: 10, breakerThreshold: 2, halfOpenAfterMs: PAUSE_MS });
  });
  after(async () => {
    await writeFaults(simulator(), { errorRate: 0 }).catch(() => undefined);
    await store.close();
  });

  describe('checkout while card payments are paused', () => {
    it('opens one incident, takes orders to pay by link, and sends the links once payments are back', async () => {
      await writeFaults(simulator(), { errorRate: 1 });
      // Two failed tries of this order's payment open the circuit: the order stands all the same.
      const first = await placeTestOrder(store, [[teapot, 1]], { pay: false, email: 'early@example.com' });
      assert.equal(gatewayCircuit(store.platform).status, 'open');
      const incident = await until('the gateway incident', async () => (await activeIncidents(db())).find((i) => i.automaticKey === GATEWAY_INCIDENT_KEY));
      assert.deepEqual(incident.components, ['payments']);
      assert.ok((await followUp(first.order.id))?.payLinkWhenBackSince, 'the order whose failed tries opened the circuit waits for the gateway too');

      const shopper = await heldShopper(store, [[teapot, 1]]);
      const checkout = text((await shopper.page('/checkout')).body);
      assert.match(checkout, /Card payments are paused for a moment You can still place your order now/);

      const paused = await placeTestOrder(store, [[teapot, 2]], { pay: false, email: 'paused@example.com' });
      assert.equal(paused.order.status, 'placed');
      assert.equal((await paymentOf(db(), paused.order.id))!.intentId, null, 'the gateway was not asked');
      assert.ok((await followUp(paused.order.id))?.payLinkWhenBackSince);
      const again = await paused.shopper.request({ method: 'POST', url: '/api/v1/checkout/orders', headers: { accept: 'application/json', 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }, payload: '{}' });
      assert.equal(again.json().number, paused.order.number, 'the same order');
      assert.equal(again.json().payment.payLinkWhenBack, true, 'the API says the link comes by email');
      const page = text((await paused.shopper.page(paused.orderPath)).body);
      assert.match(page, /Card payments are paused for a moment Your order is recorded and nothing was charged\. We email you a link to pay as soon as card payments are back/);
      assert.doesNotMatch(page, /not answering/);
      assert.equal(await sendPayLinksWhenBack(store.platform), 0, 'nothing is sent while they are paused');

      // The gateway is back: after the pause the breaker's trial call closes the circuit.
      await writeFaults(simulator(), { errorRate: 0 });
      await until('the circuit to close', async () => gatewayCircuit(store.platform).status === 'closed', PAUSE_MS + 5000);
      const sent = await until('the pay link', async () => (await followUp(paused.order.id))?.payLinkSentAt);
      assert.ok(sent);
      const row = (await followUp(paused.order.id))!;
      assert.equal(row.payLinkWhenBackSince, null);
      assert.equal(row.payLinkSentBy, 'system');
      assert.ok((await paymentOf(db(), paused.order.id))!.intentId, 'its intent was made once the gateway answered');
      await until('the first order’s pay link', async () => (await followUp(first.order.id))?.payLinkSentAt);
      const links = (await store.platform.events.history(db(), orderPaymentLinkSent.name, 50)).map((event) => event.payload.orderId).sort();
      assert.deepEqual(links, [first.order.id, paused.order.id].sort(), 'one pay link each');
      await until('the incident to be resolved', async () => (await incidentById(db(), incident.id))?.resolvedAt);
      assert.equal(await sendPayLinksWhenBack(store.platform), 0, 'a second run sends nothing');
      assert.doesNotMatch(text((await shopper.page('/checkout')).body), /Card payments are paused/);
    });
  });
});
