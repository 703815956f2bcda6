// Placing an order and paying for it: the order exists before money moves, one cart makes one
// order whatever is pressed twice, prices are the store's own, and every way a payment can go
// (paid, declined then paid, the gateway down, paid late, never paid) ends in one clear state
// with at most one charge.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { fixedClock } from '../../../platform/clock.ts';
import { readDevMailbox } from '../../../platform/mail/mailer.ts';
import { stockFigures } from '../../../testing/inventory.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { orderByNumber, type Order } from '../../orders/index.ts';
import { CardDeclined, paymentOf, paymentsGateway, payWithTestMethod, readCharges, syncPayment, tuneGatewayResilience, writeFaults } from '../../payments/index.ts';
import { ensureDemoShipping } from '../../shipping/index.ts';
import { ensureDemoTax } from '../../tax/index.ts';
import type { Shopper} from '../draft/test-support.ts';
import { heldShopper, NEW_YORK, sellable, text } from '../draft/test-support.ts';
import { cancelUnpaidOrders } from '../pay/deadline.ts';
import { paymentFollowUps } from '../pay/schema.ts';
import { PAYMENT_WINDOW_HOURS } from './place-order.ts';

describe('checkout: place', () => {
  // Monday 23 November 2026, 10:00 in New York.
  const clock = fixedClock('2026-11-23T15:00:00Z');
  let store: TestStore;
  let teapot: string;

  before(async () => {
    // The worker runs: the pay-link and cancellation emails go from the outbox.
    store = await createTestStore({ clock, worker: true });
    await ensureDemoShipping(store.platform);
    await ensureDemoTax(store.platform);
    teapot = await sellable(store, 4000, 200);
    tuneGatewayResilience(store.platform, { attempts: 2, backoffInitialMs: 5, backoffMaxMs: 10, breakerThreshold: 1000, halfOpenAfterMs: 50 });
  });
  after(() => store.close());

  const simulator = () => paymentsGateway(store.platform).simulator!;

  /** A shopper with the teapot held and their details saved. */
  async function readyShopper(quantity = 1, variantId = teapot): Promise<Shopper> {
    const shopper = await heldShopper(store, [[variantId, quantity]]);
    const saved = await shopper.save(NEW_YORK);
    assert.equal(saved.statusCode, 200, saved.body);
    return shopper;
  }

  async function placeByApi(shopper: Shopper, key = crypto.randomUUID(), body: object = {}) {
    return shopper.request({
      method: 'POST',
      url: '/api/v1/checkout/orders',
      headers: { accept: 'application/json', 'content-type': 'application/json', 'idempotency-key': key },
      payload: JSON.stringify(body),
    });
  }

  async function orderOf(number: string): Promise<Order> {
    const order = await orderByNumber(store.platform.database.db, number);
    assert.ok(order, `order ${number} exists`);
    return order;
  }

  /** The worker sends emails from the outbox: wait for it. */
  async function waitForMail(to: string, subject: RegExp) {
    for (let i = 0; i < 100; i++) {
      const found = (await readDevMailbox(store.platform.database.db, to)).filter((m) => subject.test(m.subject));
      if (found.length) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no mail "${subject}" to ${to} within 10 s`);
  }

  const chargesFor = async (orderId: string) => (await readCharges(simulator())).filter((c) => c.orderId === orderId);

  describe('placing an order', () => {
    it('records the order with its number before any money moves, and holds its stock until the payment deadline', async () => {
      const shopper = await readyShopper(2);
      const before = await stockFigures(store, teapot);
      const placed = await placeByApi(shopper);
      assert.equal(placed.statusCode, 201, placed.body);
      const json = placed.json();
      assert.match(json.number, /^DS-[3-9A-Z]{4}-[3-9A-Z]{4}$/);
      assert.equal(json.status, 'placed');
      assert.equal(json.payment.status, 'pending');
      assert.ok(json.payment.cardPageUrl, 'the simulator’s card page to pay on');
      // $40 × 2 + $5.99 standard shipping, NY sales tax added.
      const order = await orderOf(json.number);
      assert.equal(order.subtotal, 8000);
      assert.equal(order.total, order.subtotal + order.shippingTotal + order.taxTotal);
      assert.equal(order.paymentDeadline.getTime(), clock.now().getTime() + PAYMENT_WINDOW_HOURS * 3_600_000);
      assert.deepEqual(await stockFigures(store, teapot), before, 'the held units stay reserved, now for the order');
      assert.equal((await chargesFor(order.id)).length, 0, 'nothing charged yet');

      // The order page is the confirmation: its number, and the pay block.
      const page = await shopper.page(new URL(json.orderUrl).pathname + new URL(json.orderUrl).search);
      assert.equal(page.statusCode, 200);
      assert.match(text(page.body), new RegExp(`${json.number}.*Pay \\$\\d+\\.\\d\\d to confirm your order`));
    });

    it('makes one order of one cart: the same request again, a retried key, the form pressed twice', async () => {
      const shopper = await readyShopper();
      const key = crypto.randomUUID();
      const first = await placeByApi(shopper, key);
      assert.equal(first.statusCode, 201, first.body);
      const replay = await placeByApi(shopper, key);
      assert.equal(replay.statusCode, 201);
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      assert.equal(replay.json().number, first.json().number);
      const otherBody = await placeByApi(shopper, key, { draftVersion: 1 });
      assert.equal(otherBody.statusCode, 422, 'the same key with another body');
      const key2 = crypto.randomUUID();
      const again = await placeByApi(shopper, key2);
      assert.equal(again.statusCode, 200, 'a new key for the same cart answers the order already placed');
      assert.equal(again.json().number, first.json().number);
      const againReplayed = await placeByApi(shopper, key2);
      assert.equal(againReplayed.statusCode, 200, 'and that key replays too: the caller is still the same cart');
      assert.equal(againReplayed.json().number, first.json().number);
    });

    it('places from the form once, however often it is sent, and ignores prices sent with it', async () => {
      const shopper = await readyShopper();
      const token = (await shopper.checkout()).orderToken;
      const fields = { orderToken: token, total: '1', price: '1', subtotal: '1' };
      const first = await shopper.form('/checkout/place', fields);
      assert.equal(first.statusCode, 303, first.body);
      const location = first.headers.location as string;
      assert.match(location, /^\/orders\/DS-/);
      const second = await shopper.form('/checkout/place', fields);
      assert.equal(second.statusCode, 303);
      assert.equal((second.headers.location as string).split('?')[0], location.split('?')[0], 'the second press lands on the same order');
      const order = await orderOf(location.split('?')[0]!.split('/').pop()!);
      assert.ok(order.total > 4000, 'the store’s own total, not the one in the form');
    });

    it('places from a form without JavaScript, whose fields arrive only with the button', async () => {
      // Typed and placed in one go: the tax was not known on the page, so the total is shown first.
      const shopper = await heldShopper(store, [[teapot, 1]]);
      const blank = await shopper.checkout();
      const first = await shopper.form('/checkout/place', { ...NEW_YORK, method: blank.methods[0]!.id, orderToken: blank.orderToken });
      assert.equal(first.headers.location, '/checkout?check=1&notice=changed#review');
      // Sent again as shown (the default method included, which the draft does not store as a choice): placed.
      const shown = await shopper.checkout();
      const placed = await shopper.form('/checkout/place', { ...NEW_YORK, method: shown.methods[0]!.id, orderToken: shown.orderToken });
      assert.equal(placed.statusCode, 303);
      assert.match(placed.headers.location as string, /^\/orders\/DS-/, 'the shopper saw the same total: placed at once');

      // Fields that change the total (another method) are kept and shown before placing.
      const other = await heldShopper(store, [[teapot, 1]]);
      await other.save(NEW_YORK);
      const seen = await other.checkout();
      const express = seen.methods[1]!.id;
      const asked = await other.form('/checkout/place', { ...NEW_YORK, method: express, orderToken: seen.orderToken });
      assert.equal(asked.headers.location, '/checkout?check=1&notice=changed#review');
      assert.equal((await other.checkout()).methodId, express, 'the choice is kept');
    });

    it('refuses to place an order whose details are wrong, and records nothing', async () => {
      const shopper = await heldShopper(store, [[teapot, 1]]);
      await shopper.save({ ...NEW_YORK, postalCode: 'ABCDE' });
      const refused = await placeByApi(shopper);
      assert.equal(refused.statusCode, 409, refused.body);
      assert.equal(refused.json().type, '/problems/checkout-needs-attention');
      assert.ok(refused.json().errors.some((e: { field: string }) => e.field === 'postalCode'));
      assert.equal((await shopper.checkout()).values.postalCode, 'ABCDE', 'what was typed is kept');
    });

    it('checks the stock again when the hold ran out while the shopper typed, and asks them to confirm', async () => {
      const shopper = await readyShopper();
      clock.advance(60 * 60_000);
      const asked = await placeByApi(shopper);
      assert.equal(asked.statusCode, 409, asked.body);
      assert.equal(asked.json().extensions?.reason ?? asked.json().reason, 'rehold');
      const placed = await placeByApi(shopper);
      assert.equal(placed.statusCode, 201, 'placed once confirmed');
    });
  });

  describe('paying', () => {
    it('confirms the order when the card is accepted: the stock is sold, the order validated, one charge', async () => {
      const shopper = await readyShopper();
      const order = await orderOf((await placeByApi(shopper)).json().number);
      await payWithTestMethod(store.platform, order.id, 'pm_card_visa');
      const paid = await orderOf(order.number);
      assert.equal(paid.status, 'validated');
      assert.equal(paid.paymentStatus, 'authorized');
      assert.equal((await chargesFor(order.id)).length, 1);
    });

    it('offers to save the guest’s details once paid; the new account lists the order', async () => {
      const shopper = await readyShopper();
      const placed = (await placeByApi(shopper)).json();
      const orderPath = new URL(placed.orderUrl).pathname + new URL(placed.orderUrl).search;
      assert.doesNotMatch(text((await shopper.page(orderPath)).body), /Save your details/, 'not before it is paid');
      await payWithTestMethod(store.platform, (await orderOf(placed.number)).id, 'pm_card_visa');
      const page = await shopper.page(orderPath);
      assert.match(text(page.body), /Save your details for next time/);
      const next = /name="next" value="([^"]+)"/.exec(page.body)![1]!.replace(/&amp;/g, '&');
      const saved = await shopper.form('/account/sign-up', { email: NEW_YORK.email, name: NEW_YORK.name, next, password: 'a long enough password' });
      assert.equal(saved.statusCode, 303, saved.body);
      assert.equal(saved.headers.location, next);
      assert.match(text((await shopper.page('/account/orders')).body), new RegExp(placed.number));
    });

    it('says plainly when a card is declined, and lets the shopper pay with another card on the same order', async () => {
      const shopper = await readyShopper();
      const placed = (await placeByApi(shopper)).json();
      const order = await orderOf(placed.number);
      await assert.rejects(payWithTestMethod(store.platform, order.id, 'pm_card_chargeDeclinedInsufficientFunds'), CardDeclined);
      const page = text((await shopper.page(new URL(placed.orderUrl).pathname + new URL(placed.orderUrl).search)).body);
      assert.match(page, /Your payment did not go through/);
      assert.match(page, /insufficient funds|not enough/i);
      assert.match(page, /Try another card/);
      await payWithTestMethod(store.platform, order.id, 'pm_card_visa');
      assert.equal((await orderOf(order.number)).status, 'validated');
      assert.equal((await chargesFor(order.id)).length, 1);
    });

    it('keeps the order when the gateway is down, offers pay later by email, and settles once it is back', async () => {
      const shopper = await readyShopper();
      await writeFaults(simulator(), { errorRate: 1 });
      const placed = await placeByApi(shopper);
      await writeFaults(simulator(), { errorRate: 0 });
      assert.equal(placed.statusCode, 201, 'the order stands: the outage is not the shopper’s problem');
      const json = placed.json();
      assert.equal(json.payment.cardPageUrl, null);
      const orderPath = new URL(json.orderUrl).pathname + new URL(json.orderUrl).search;
      const page = await shopper.page(orderPath);
      assert.match(text(page.body), /The payment service is not answering right now/);

      const token = /name="t" value="([^"]+)"/.exec(page.body)![1]!;
      const later = await shopper.form(`/orders/${json.number}/pay/later`, { t: token });
      assert.equal(later.statusCode, 303);
      await waitForMail(NEW_YORK.email, new RegExp(`^Pay for your order ${json.number}$`));
      assert.match(text((await shopper.page(orderPath)).body), /We emailed a link to pay/);

      const order = await orderOf(json.number);
      await payWithTestMethod(store.platform, order.id, 'pm_card_visa');
      assert.equal((await orderOf(json.number)).status, 'validated');
    });

    it('lets the agent and the customer pay the same order at once: one wins, one charge, the other is told', async () => {
      const shopper = await readyShopper();
      const order = await orderOf((await placeByApi(shopper)).json().number);
      const results = await Promise.allSettled([payWithTestMethod(store.platform, order.id, 'pm_card_visa'), payWithTestMethod(store.platform, order.id, 'pm_card_mastercard')]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length >= 1, true);
      assert.equal((await chargesFor(order.id)).length, 1, 'charged once');
      assert.equal((await orderOf(order.number)).status, 'validated');
      assert.equal((await syncPayment(store.platform, order.id, 'agent')).after.status, 'authorized');
    });

    it('cancels an order not paid by its deadline: the stock goes back, one email, the payment can no longer be made', async () => {
      const kettle = await sellable(store, 3000, 5, 'Kettle');
      const shopper = await readyShopper(1, kettle);
      const before = await stockFigures(store, kettle);
      const order = await orderOf((await placeByApi(shopper)).json().number);
      clock.advance((PAYMENT_WINDOW_HOURS + 1) * 3_600_000);
      const run = await cancelUnpaidOrders(store.platform);
      assert.ok(run.cancelled >= 1);
      const cancelled = await orderOf(order.number);
      assert.equal(cancelled.status, 'cancelled');
      assert.equal((await paymentOf(store.platform.database.db, order.id))?.status, 'voided');
      const after = await stockFigures(store, kettle);
      assert.equal(after.level.reserved, before.level.reserved - 1, 'the unit is back on sale');
      assert.deepEqual(after.level, after.ledger, 'the ledger explains it');
      await waitForMail(NEW_YORK.email, new RegExp(`${order.number} was cancelled`));
      await cancelUnpaidOrders(store.platform);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal((await waitForMail(NEW_YORK.email, new RegExp(`${order.number} was cancelled`))).length, 1, 'one email, however often the job runs');
      await assert.rejects(payWithTestMethod(store.platform, order.id, 'pm_card_visa'));
      assert.equal((await chargesFor(order.id)).length, 0);
    });

    it('records who asked for a person, once', async () => {
      const shopper = await readyShopper();
      const json = (await placeByApi(shopper)).json();
      const page = await shopper.page(new URL(json.orderUrl).pathname + new URL(json.orderUrl).search);
      const token = /name="t" value="([^"]+)"/.exec(page.body)![1]!;
      const bad = await shopper.form(`/orders/${json.number}/pay/assist`, { t: token, phone: 'call me maybe' });
      assert.equal(bad.statusCode, 400);
      const asked = await shopper.form(`/orders/${json.number}/pay/assist`, { t: token, phone: '+1 212 555 0100', note: 'My card keeps failing' });
      assert.equal(asked.statusCode, 303);
      const order = await orderOf(json.number);
      const [row] = await store.platform.database.db.select().from(paymentFollowUps).where(eq(paymentFollowUps.orderId, order.id));
      assert.equal(row?.assistancePhone, '+1 212 555 0100');
      assert.match(text((await shopper.page(new URL(json.orderUrl).pathname + new URL(json.orderUrl).search)).body), /Our team has your order/);
      const forged = await shopper.form(`/orders/${json.number}/pay/assist`, { t: 'forged.token' });
      assert.equal(forged.statusCode, 404);
    });
  });
});
