// Paid orders for any module's tests, made the way a shopper makes them: items in a cart,
// held at checkout, the details saved, the order placed through the API and paid with the
// gateway simulator's test card. Fulfillment, support and notifications start from these.
import assert from 'node:assert/strict';
import type { Clock } from '../platform/clock.ts';
import { heldShopper, NEW_YORK, sellable, type Shopper } from '../modules/checkout/draft/test-support.ts';
import { orderByNumber, type Order } from '../modules/orders/index.ts';
import { payWithTestMethod, tuneGatewayResilience } from '../modules/payments/index.ts';
import { ensureDemoShipping } from '../modules/shipping/index.ts';
import { ensureDemoTax } from '../modules/tax/index.ts';
import { createTestStore, type TestStore } from './store.ts';

export { NEW_YORK, sellable };

/** A store with the demo shipping zones and tax, and a gateway that gives up fast. */
export async function orderingStore(clock: Clock, options: { worker?: boolean; env?: Record<string, string> } = {}): Promise<TestStore> {
  const store = await createTestStore({ clock, ...options });
  await ensureDemoShipping(store.platform);
  await ensureDemoTax(store.platform);
  tuneGatewayResilience(store.platform, { attempts: 2, backoffInitialMs: 5, backoffMaxMs: 10, breakerThreshold: 1000, halfOpenAfterMs: 50 });
  return store;
}

export interface PlacedOrder {
  order: Order;
  /** The signed link to the order page the shopper was given (path and query). */
  orderPath: string;
  shopper: Shopper;
}

/** Places an order for these items, shipped to NEW_YORK; paid with the test card unless `pay` is false. */
export async function placeTestOrder(store: TestStore, lines: [variantId: string, quantity: number][], options: { pay?: boolean; email?: string } = {}): Promise<PlacedOrder> {
  const shopper = await heldShopper(store, lines);
  const saved = await shopper.save({ ...NEW_YORK, ...(options.email ? { email: options.email } : {}) });
  assert.equal(saved.statusCode, 200, saved.body);
  const placed = await shopper.request({
    method: 'POST',
    url: '/api/v1/checkout/orders',
    headers: { accept: 'application/json', 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    payload: '{}',
  });
  assert.equal(placed.statusCode, 201, placed.body);
  const { number, orderUrl } = placed.json() as { number: string; orderUrl: string };
  let order = (await orderByNumber(store.platform.database.db, number))!;
  if (options.pay !== false) {
    await payWithTestMethod(store.platform, order.id, 'pm_card_visa');
    order = (await orderByNumber(store.platform.database.db, number))!;
    assert.equal(order.status, 'validated');
  }
  const url = new URL(orderUrl);
  return { order, orderPath: url.pathname + url.search, shopper };
}
