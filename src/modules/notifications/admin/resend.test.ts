// "Send the order confirmation again" from the staff order page, against a real SMTP server:
// each request sends one more copy of the order-recorded email (to the order's address or a
// corrected one, recorded with who asked; in the merchant's words, even with the automatic email
// switched off), the same form sent twice sends one, a bad address
// or a stale form sends nothing and shows the form again, an unknown order is a 404 and
// someone without the permission gets 403. The agent's console shows the same form.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { fixedClock } from '../../../platform/clock.ts';
import { Browser, createStaff, formFields } from '../../../testing/admin.ts';
import { orderingStore, placeTestOrder, sellable } from '../../../testing/orders.ts';
import { startSmtpSink, type SmtpSink } from '../../../testing/smtp-sink.ts';
import type { TestStore } from '../../../testing/store.ts';
import { orderById, type Order } from '../../orders/index.ts';
import { openTicket } from '../../support/index.ts';
import { deliverDue } from '../queue/deliver.ts';
import { outgoingEmails } from '../schema.ts';
import { orderRecorded } from '../touch-points/orders.ts';
import { saveSettings } from '../touch-points/settings.ts';
import { confirmationCopyPath } from './resend.tsx';

describe('notifications: admin: resend', () => {
  const clock = fixedClock('2026-12-07T15:00:00Z');
  let sink: SmtpSink;
  let store: TestStore;
  let agent: Browser;
  let mug: string;

  const db = () => store.platform.database.db;
  const orderPage = (order: Order) => `/admin/orders/${order.number}`;
  /** The page's words without markup. */
  const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');

  /** The copies staff asked for, about this order. */
  const copiesOf = async (order: Order) => (await db().select().from(outgoingEmails).where(eq(outgoingEmails.orderId, order.id))).filter((row) => row.requestedBy !== null);

  /** Sends what is due and returns what the SMTP server received for this address. */
  async function arrivedAt(address: string) {
    await deliverDue(store.platform);
    await sink.settled();
    return sink.received.filter((mail) => mail.to.includes(address.toLowerCase()));
  }

  /** The resend form as the order page draws it for this browser. */
  async function copyForm(browser: Browser, order: Order): Promise<URLSearchParams> {
    const page = await browser.get(orderPage(order));
    assert.equal(page.statusCode, 200);
    return formFields(page.body, confirmationCopyPath(order.number));
  }

  async function newOrder(): Promise<Order> {
    return (await placeTestOrder(store, [[mug, 1]], { email: `buyer-${randomUUID().slice(0, 8)}@example.com` })).order;
  }

  before(async () => {
    sink = await startSmtpSink();
    store = await orderingStore(clock, { env: { SMTP_URL: sink.url } });
    mug = await sellable(store, 1200, 100, 'Mug');
    agent = new Browser(store);
    await agent.signIn(await createStaff(store, 'agent'));
  });
  after(async () => {
    await store.close().catch(() => {});
    await sink.stop();
  });
  beforeEach(() => clock.advance(60_000));

  describe('sending the order confirmation again', () => {
    it('sends a copy of the confirmation to the order’s address each time an agent asks, and lists who asked', async () => {
      const order = await newOrder();
      const form = await copyForm(agent, order);
      assert.equal(form.get('to'), order.email, 'the order’s address is offered');
      const sent = await agent.post(confirmationCopyPath(order.number), form);
      assert.equal(sent.statusCode, 303);
      assert.equal(sent.headers.location, `${orderPage(order)}#order-emails-heading`);

      const [first] = await arrivedAt(order.email);
      assert.ok(first, 'the copy reached the SMTP server');
      assert.equal(first.parsed.subject, `We have your order ${order.number}`);
      assert.match(first.parsed.text ?? '', /Your items/);
      assert.match(first.parsed.text ?? '', new RegExp(`Order number: ${order.number}`));

      const again = await agent.post(confirmationCopyPath(order.number), await copyForm(agent, order));
      assert.equal(again.statusCode, 303);
      assert.equal((await arrivedAt(order.email)).length, 2, 'a second request sends a second copy');

      const copies = await copiesOf(order);
      assert.equal(copies.length, 2);
      assert.ok(copies.every((copy) => copy.touchPoint === 'order.recorded' && copy.status === 'sent'));
      assert.match(text((await agent.get(orderPage(order))).body), new RegExp(`sent again to ${order.email}, asked by Test agent`));
    });

    it('sends to the address the customer corrects, and keeps the order’s own', async () => {
      const order = await newOrder();
      const form = await copyForm(agent, order);
      form.set('to', ' Right.Address@Example.com ');
      assert.equal((await agent.post(confirmationCopyPath(order.number), form)).statusCode, 303);
      assert.equal((await arrivedAt('right.address@example.com')).length, 1);
      assert.equal((await orderById(db(), order.id))!.email, order.email);
      assert.match(text((await agent.get(orderPage(order))).body), /sent again to right\.address@example\.com, asked by Test agent/);
    });

    it('writes the copy in the merchant’s words, and sends it even when the automatic email is switched off', async () => {
      const order = await newOrder();
      const words = (enabled: boolean, subject: string) =>
        store.platform.database.transaction((tx) => saveSettings(store.platform.database, tx, orderRecorded, { enabled, subject, intro: orderRecorded.defaults.intro }, 'staff:test', clock.now()));
      await words(false, 'Your order {{order.number}}, as promised');
      try {
        assert.equal((await agent.post(confirmationCopyPath(order.number), await copyForm(agent, order))).statusCode, 303);
        const [copy] = await arrivedAt(order.email);
        assert.equal(copy?.parsed.subject, `Your order ${order.number}, as promised`);
      } finally {
        await words(true, orderRecorded.defaults.subject);
      }
    });

    it('sends one copy when the same form is sent twice', async () => {
      const order = await newOrder();
      const form = await copyForm(agent, order);
      assert.equal((await agent.post(confirmationCopyPath(order.number), form)).statusCode, 303);
      assert.equal((await agent.post(confirmationCopyPath(order.number), form)).statusCode, 303);
      assert.equal((await copiesOf(order)).length, 1);
      assert.equal((await arrivedAt(order.email)).length, 1);
    });

    it('shows the form again with the error for an address that cannot be right, and sends nothing', async () => {
      const order = await newOrder();
      const form = await copyForm(agent, order);
      form.set('to', 'ada at example');
      const refused = await agent.post(confirmationCopyPath(order.number), form);
      assert.equal(refused.statusCode, 400);
      assert.match(text(refused.body), /Nothing was sent\. Address: Enter an email address like name@example\.com\./);
      const again = formFields(refused.body, confirmationCopyPath(order.number));
      assert.equal(again.get('to'), 'ada at example', 'what was typed is kept');
      assert.equal(again.get('formToken'), form.get('formToken'));
      assert.equal((await copiesOf(order)).length, 0);

      again.set('to', order.email);
      assert.equal((await agent.post(confirmationCopyPath(order.number), again)).statusCode, 303, 'the corrected form sends');
      assert.equal((await copiesOf(order)).length, 1);
    });

    it('sends nothing for a forged or another order’s form token', async () => {
      const order = await newOrder();
      const other = await newOrder();
      const form = await copyForm(agent, other);
      const refused = await agent.post(confirmationCopyPath(order.number), form);
      assert.equal(refused.statusCode, 400);
      assert.match(text(refused.body), /open too long to send this safely/);
      assert.notEqual(formFields(refused.body, confirmationCopyPath(order.number)).get('formToken'), form.get('formToken'), 'a fresh token');
      form.set('formToken', 'forged');
      assert.equal((await agent.post(confirmationCopyPath(order.number), form)).statusCode, 400);
      assert.equal((await copiesOf(order)).length + (await copiesOf(other)).length, 0);
    });

    it('answers 404 for an order that does not exist', async () => {
      const order = await newOrder();
      const form = await copyForm(agent, order);
      const missing = await agent.post(confirmationCopyPath('DS-ZZZZ-ZZZZ'), form);
      assert.equal(missing.statusCode, 404);
      assert.match(text(missing.body), /We could not find that order/);
    });

    it('refuses a signed-in customer (no orders.resend_confirmation) with 403, and sends nothing', async () => {
      const order = await newOrder();
      const form = await copyForm(agent, order);
      const shopper = new Browser(store);
      await shopper.get('/account/sign-up');
      await shopper.post('/account/sign-up', { email: `shopper-${randomUUID().slice(0, 8)}@example.com`, name: 'Shopper', password: 'correct horse battery staple' });
      form.delete('_csrf');
      assert.equal((await shopper.post(confirmationCopyPath(order.number), form)).statusCode, 403);
      assert.equal((await copiesOf(order)).length, 0);
    });

    it('is in the agent’s console beside a ticket about the order', async () => {
      const order = await newOrder();
      const { ticket } = await store.platform.database.transaction((tx) =>
        openTicket(store.platform, tx, { channel: 'email', email: order.email, subject: 'I never got the confirmation', body: 'Can you send it again?', orderIds: [order.id], actor: { kind: 'customer' } }),
      );
      const console = await agent.get(`/admin/support/${ticket.number}`);
      assert.equal(console.statusCode, 200);
      assert.equal(formFields(console.body, confirmationCopyPath(order.number)).get('to'), order.email);
    });
  });
});
