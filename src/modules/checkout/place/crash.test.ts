// The crash test: the store runs as a child process, as `npm start` runs it, beside a gateway
// simulator in a process of its own, and kills itself with SIGKILL (CRASH_AT) at each moment
// of placing and paying for an order:
//   place-order:before-gateway   the order committed, the gateway not yet asked for its intent;
//   place-order:before-response  the intent created, the buyer's answer not yet sent;
//   payment:before-record        the gateway took the money, our database does not know yet.
// After each crash the store starts again on the same data, without CRASH_AT. Then: every
// order number a shopper was shown finds its order; a shopper who retries Place order with
// the same Idempotency-Key gets the same order, never a second; every charge at the gateway
// belongs to exactly one order and no order is charged twice; every order whose intent was
// confirmed is settled by the webhook's retry or the reconciliation a store runs as it starts.
//
// One timeline on one database serves the three points, because the store counts a request
// that died mid-way as still running for a minute (a retry with its key is told to wait, 409):
// the two place-order crashes come first, and the payment crash runs while their minute passes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../../../platform/db/database.ts';
import type { CrashPoint } from '../../../platform/crash.ts';
import {
  createChildDatabase,
  freePort,
  gatewayEnv,
  killChildren,
  newGatewayKeys,
  startSimulatorProcess,
  startStoreProcess,
  type ChildDatabase,
  type ChildServer,
  type ChildSimulator,
  withStoreInProcess,
} from '../../../testing/child-store.ts';
import { HttpShopper, NoAnswer, stockShop, type PlacedOrder } from '../../../testing/http-shopper.ts';
import { ORDER_STATUS_LABELS, orderById, orderByNumber } from '../../orders/index.ts';
import { paymentOf, readCharges } from '../../payments/index.ts';

describe('checkout: place: crash', () => {
  /** How long a retry keeps asking while the store still counts the dead request as running (ABANDONED_AFTER_MS, 30 s). */
  const RETRY_FOR_MS = 60_000;
  const SETTLE_WITHIN_MS = 60_000;

  let dir: string;
  let port: number;
  let database: ChildDatabase;
  let simulator: ChildSimulator;
  let store: ChildServer | undefined;
  let variantId: string;

  /** A shopper's checkout as the client saw it. */
  interface Checkout {
    shopper: HttpShopper;
    key: string;
    /** What Place order answered, once it did. */
    order?: PlacedOrder;
  }
  const checkouts = {} as Record<'gateway' | 'response' | 'payment', Checkout>;

  async function startStore(name: string, crashAt?: CrashPoint, extra: Record<string, string> = {}): Promise<ChildServer> {
    store = await startStoreProcess({
      dir,
      name,
      port,
      env: {
        ...database.env,
        ...gatewayEnv(simulator),
        SESSION_SECRET: 'crash-test-secret-crash-test-secret-0123',
        DEMO_DATA: 'false',
        LOG_LEVEL: 'warn',
        ...(crashAt ? { CRASH_AT: crashAt } : {}),
        ...extra,
      },
    });
    return store;
  }

  async function stopStore(): Promise<void> {
    const exit = await store!.stop();
    assert.equal(exit.code, 0, `the store stops cleanly:\n${store!.output().slice(-2000)}`);
    store = undefined;
  }

  /** The store died by its own SIGKILL at `point`, not by anything else. */
  async function assertCrashed(point: CrashPoint): Promise<void> {
    const exit = await store!.exited;
    assert.equal(exit.signal, 'SIGKILL', `killed at ${point}, not ${JSON.stringify(exit)}:\n${store!.output().slice(-2000)}`);
    assert.ok(store!.output().includes(`CRASH_AT=${point}: killing the process`), 'at the crash point');
    store = undefined;
  }

  /** A new guest with one unit in a held cart and their details saved. */
  async function readyShopper(): Promise<Checkout> {
    const shopper = new HttpShopper(store!.url);
    await shopper.addToCart(variantId);
    await shopper.hold();
    await shopper.saveDetails();
    return { shopper, key: crypto.randomUUID() };
  }

  /** Opens the database while no store has it, runs `read`, closes it. */
  async function withDatabase<T>(read: (db: Database) => Promise<T>): Promise<T> {
    const handle = await database.open();
    try {
      return await read(handle);
    } finally {
      await handle.close();
    }
  }

  async function waitForStatus(checkout: Checkout, label: string): Promise<void> {
    const deadline = Date.now() + SETTLE_WITHIN_MS;
    let status = await checkout.shopper.orderStatus(checkout.order!);
    while (status !== label && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      status = await checkout.shopper.orderStatus(checkout.order!);
    }
    assert.equal(status, label, `order ${checkout.order!.number} within ${SETTLE_WITHIN_MS / 1000} s`);
  }

  async function pay(checkout: Checkout): Promise<void> {
    const back = await checkout.shopper.payOnCardPage(await checkout.shopper.cardPage(checkout.order!));
    await checkout.shopper.returnToStore(back);
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doorstep-crash-'));
    port = await freePort();
    const starting = startSimulatorProcess({ dir, webhookUrl: `http://127.0.0.1:${port}/webhooks/payments`, keys: newGatewayKeys() });
    database = await createChildDatabase({ dir, postgresUrl: process.env.TEST_DATABASE_URL, migrated: true });
    [variantId] = (await withStoreInProcess(database, (platform) => stockShop(platform, { count: 1, onHand: 100, prefix: 'crash-teapot' }))) as [string];
    simulator = await starting;
  });

  after(async () => {
    await store?.stop(5_000);
    await simulator?.stop(5_000);
    killChildren();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('the store killed while placing and paying for orders', () => {
    it('place-order:before-gateway: the shopper is left without an answer', async () => {
      await startStore('store-1-before-gateway', 'place-order:before-gateway');
      const checkout = (checkouts.gateway = await readyShopper());
      await assert.rejects(checkout.shopper.placeOrder(checkout.key), NoAnswer, 'the connection drops');
      await assertCrashed('place-order:before-gateway');
    });

    it('place-order:before-response: the intent exists, the shopper is left without an answer', async () => {
      await startStore('store-2-before-response', 'place-order:before-response');
      const checkout = (checkouts.response = await readyShopper());
      await assert.rejects(checkout.shopper.placeOrder(checkout.key), NoAnswer, 'the connection drops');
      await assertCrashed('place-order:before-response');
    });

    it('after the restart an order is placed and shown as usual', async () => {
      await startStore('store-3-clean');
      const checkout = (checkouts.payment = await readyShopper());
      const placed = await checkout.shopper.placeOrder(checkout.key);
      assert.equal(placed.status, 201);
      checkout.order = placed.order;
      assert.equal(await checkout.shopper.orderStatus(placed.order), ORDER_STATUS_LABELS.placed);
      // Let the gateway's webhooks about this intent arrive before the store stops.
      await new Promise((r) => setTimeout(r, 1500));
      await stopStore();
    });

    it('payment:before-record: the gateway charges, the store dies before writing it down', async () => {
      // A store that works jobs asks the gateway about every unsettled payment as it starts, and
      // would die there at once; this one, like a web-only instance, dies on the payment's news.
      await startStore('store-4-before-record', 'payment:before-record', { WORKER: 'false' });
      const checkout = checkouts.payment;
      const back = await checkout.shopper.payOnCardPage(await checkout.shopper.cardPage(checkout.order!));
      await assert.rejects(checkout.shopper.returnToStore(back), NoAnswer, 'the store is gone by the time the shopper is back');
      await assertCrashed('payment:before-record');

      const charges = await readCharges(simulator);
      const unrecorded = await withDatabase(async (handle) => {
        const order = await orderByNumber(handle.db, checkout.order!.number);
        return { order, payment: order && (await paymentOf(handle.db, order.id)) };
      });
      assert.ok(unrecorded.order, 'the order stands');
      assert.equal(unrecorded.order.status, 'placed', 'the store did not learn of the payment');
      assert.equal(unrecorded.payment?.status, 'pending');
      assert.equal(charges.filter((c) => c.orderId === unrecorded.order!.id).length, 1, 'while the gateway holds the charge');
    });

    it('after the restart, the payment the store missed is recorded: the order is confirmed', async () => {
      await startStore('store-5-clean');
      await waitForStatus(checkouts.payment, ORDER_STATUS_LABELS.validated);
    });

    it('every shopper who lost an answer gets their order by retrying with the same key, once', async () => {
      for (const checkout of [checkouts.gateway, checkouts.response]) {
        const retried = await checkout.shopper.placeOrderAgain(checkout.key, RETRY_FOR_MS);
        assert.equal(retried.status, 200, 'the order recorded before the crash, not a new one');
        assert.equal(retried.replayed, false);
        checkout.order = retried.order;
        assert.equal(await checkout.shopper.orderStatus(retried.order), ORDER_STATUS_LABELS.placed, `${retried.order.number} is found`);
      }
      const { shopper, key, order } = checkouts.payment;
      const again = await shopper.placeOrder(key);
      assert.deepEqual([again.status, again.replayed, again.order.number], [201, true, order!.number], 'the first answer replayed');
      assert.notEqual(checkouts.gateway.order!.number, checkouts.response.order!.number);
    });

    it('the recovered orders are paid once each, and every number shown still finds its order', async () => {
      for (const checkout of [checkouts.gateway, checkouts.response]) {
        await pay(checkout);
        await waitForStatus(checkout, ORDER_STATUS_LABELS.validated);
      }
      for (const checkout of Object.values(checkouts)) assert.equal(await checkout.shopper.orderStatus(checkout.order!), ORDER_STATUS_LABELS.validated);
      await stopStore();
    });

    it('the audit: one order per cart, every charge belongs to one order, none charged twice, every paid order settled', async (t) => {
      const charges = await readCharges(simulator);
      await withDatabase(async (handle) => {
        const db = handle.db;
        // The payment the crashed store never wrote down came in by a way that works after a crash.
        const missed = (await orderByNumber(db, checkouts.payment.order!.number))!;
        const learnt = await rows<{ source: string }>(db, sql`select source from payment_transitions where order_id = ${missed.id} and to_status = 'authorized'`);
        assert.equal(learnt.length, 1);
        assert.ok(['webhook', 'reconcile'].includes(learnt[0]!.source), `recorded by ${learnt[0]!.source}`);
        t.diagnostic(`the payment missed at payment:before-record was recorded by: ${learnt[0]!.source}`);

        const [count] = await rows<{ orders: number; carts: number }>(db, sql`select count(*)::int as orders, count(distinct cart_id)::int as carts from orders`);
        assert.deepEqual(count, { orders: 3, carts: 3 }, 'three shoppers, three orders');
        for (const checkout of Object.values(checkouts)) {
          const order = await orderByNumber(db, checkout.order!.number);
          assert.ok(order, `${checkout.order!.number} is recorded`);
          assert.equal(order.status, 'validated');
          assert.equal((await paymentOf(db, order.id))?.status, 'authorized');
          assert.equal(charges.filter((c) => c.orderId === order.id).length, 1, `${order.number} is charged once`);
        }
        for (const charge of charges) {
          const order = charge.orderId ? await orderById(db, charge.orderId) : null;
          assert.ok(order, `charge ${charge.chargeId} belongs to an order`);
          assert.equal(order.paymentStatus, 'authorized', `the payment behind charge ${charge.chargeId} is settled`);
        }
        assert.equal(charges.length, 3);
      });
    });
  });
});
