// Parcels from packing to the doorstep: the order follows its parcels (in preparation,
// prepared, partly shipped, shipped, out for delivery, delivered), stock is sold when a parcel
// leaves, repeats and late news change nothing, and what cannot be packed is refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../../platform/clock.ts';
import { rows } from '../../../platform/db/database.ts';
import { Problem } from '../../../platform/http/problem.ts';
import { setTestStock } from '../../../testing/catalog.ts';
import { stockFigures } from '../../../testing/inventory.ts';
import { orderingStore, placeTestOrder, sellable } from '../../../testing/orders.ts';
import type { TestStore } from '../../../testing/store.ts';
import { allocatedLines } from '../../inventory/index.ts';
import { orderById, orderHistory, type Order } from '../../orders/index.ts';
import { generateTrackingNumber } from '../carriers/numbers/index.ts';
import { packShipment, type PackRequest } from './pack.ts';
import { moveShipment } from './progress.ts';
import { shipmentsOfOrder } from './read.ts';

describe('fulfillment: shipments', () => {
  const clock = fixedClock('2026-11-23T15:00:00Z');
  let store: TestStore;
  let teapot: string;
  let mug: string;

  before(async () => {
    store = await orderingStore(clock);
    teapot = await sellable(store, 4000, 50, 'Teapot');
    mug = await sellable(store, 1200, 50, 'Mug');
  });
  after(() => store.close());

  const merchant = { kind: 'merchant' as const, id: 'staff-1' };
  const tx = <T>(work: Parameters<TestStore['platform']['database']['transaction']>[0] extends (tx: infer D) => unknown ? (db: D) => Promise<T> : never) =>
    store.platform.database.transaction(work);

  async function locationOf(order: Order): Promise<string> {
    const [line] = await allocatedLines(store.platform.database.db, order.number);
    return line!.locationId;
  }

  async function pack(order: Order, lines: [variantId: string, quantity: number][], overrides: Partial<PackRequest> = {}) {
    const request: PackRequest = {
      orderId: order.id,
      locationId: await locationOf(order),
      lines: lines.map(([variantId, quantity]) => ({ orderLineId: order.lines.find((l) => l.variantId === variantId)!.id, quantity })),
      carrier: 'ups',
      service: 'Ground',
      trackingNumber: generateTrackingNumber('ups'),
      ...overrides,
    };
    return tx((db) => packShipment(store.platform, db, request, merchant));
  }

  const statusOf = async (order: Order) => (await orderById(store.platform.database.db, order.id))!.status;
  const eventsOf = (orderId: string, prefix: string) =>
    rows<{ type: string }>(store.platform.database.db, sql`select type from domain_events where payload->>'orderId' = ${orderId} and type like ${`${prefix}%`} order by type`);

  describe('parcels and their order', () => {
    it('follows the parcels from packing to delivery, selling the stock as each leaves', async () => {
      const { order } = await placeTestOrder(store, [
        [teapot, 2],
        [mug, 1],
      ]);
      const before = await stockFigures(store, teapot);
      const first = await pack(order, [[teapot, 2]]);
      assert.equal(first.seq, 1);
      assert.equal(await statusOf(order), 'in_preparation');
      const second = await pack(order, [[mug, 1]], { carrier: 'usps', service: 'Priority Mail', trackingNumber: generateTrackingNumber('usps') });
      assert.equal(await statusOf(order), 'prepared');

      await tx((db) => moveShipment(store.platform, db, first.id, 'shipped', merchant));
      assert.equal(await statusOf(order), 'partially_shipped');
      const after = await stockFigures(store, teapot);
      assert.equal(after.level.onHand, before.level.onHand - 2, 'the teapots are sold when their parcel leaves');

      await tx((db) => moveShipment(store.platform, db, second.id, 'delivered', { kind: 'system' }));
      assert.equal(await statusOf(order), 'shipped', 'the slowest parcel sets the pace');
      await tx((db) => moveShipment(store.platform, db, first.id, 'out_for_delivery', { kind: 'system' }));
      assert.equal(await statusOf(order), 'out_for_delivery');
      await tx((db) => moveShipment(store.platform, db, first.id, 'delivered', { kind: 'system' }));
      assert.equal(await statusOf(order), 'delivered');
      const steps = (await orderHistory(store.platform.database.db, order.id)).map((t) => t.to);
      assert.deepEqual(steps, ['placed', 'validated', 'in_preparation', 'prepared', 'partially_shipped', 'shipped', 'out_for_delivery', 'delivered']);
      assert.equal((await allocatedLines(store.platform.database.db, order.number)).every((l) => l.shipped === l.quantity), true);
    });

    it('ships part of an order before the rest is packed without calling it prepared', async () => {
      const { order } = await placeTestOrder(store, [
        [teapot, 1],
        [mug, 1],
      ]);
      const parcel = await pack(order, [[teapot, 1]]);
      await tx((db) => moveShipment(store.platform, db, parcel.id, 'shipped', merchant));
      const steps = (await orderHistory(store.platform.database.db, order.id)).map((t) => t.to);
      assert.deepEqual(steps, ['placed', 'validated', 'in_preparation', 'partially_shipped']);
    });

    it('packs and ships an item whose stock is not counted from the default location, selling nothing', async () => {
      const card = await sellable(store, 2500, 0, 'Gift card');
      await setTestStock(store, [card], 0, 'deny', false);
      const { order } = await placeTestOrder(store, [
        [card, 1],
        [mug, 1],
      ]);
      const [counted] = await allocatedLines(store.platform.database.db, order.number);
      const parcel = await pack(order, [
        [card, 1],
        [mug, 1],
      ]);
      assert.equal(parcel.locationId, counted!.locationId, 'the uncounted card goes from where the mug is: the default location');
      const mugBefore = await stockFigures(store, mug);
      await tx((db) => moveShipment(store.platform, db, parcel.id, 'delivered', merchant));
      assert.equal(await statusOf(order), 'delivered');
      assert.equal((await stockFigures(store, mug)).level.onHand, mugBefore.level.onHand - 1, 'the mug is sold, the card has no stock to sell');
    });

    it('ignores a repeated or late parcel event: no move back, no second event', async () => {
      const { order } = await placeTestOrder(store, [[teapot, 1]]);
      const parcel = await pack(order, [[teapot, 1]]);
      const first = await tx((db) => moveShipment(store.platform, db, parcel.id, 'in_transit', { kind: 'system' }));
      assert.equal(first.moved, true);
      const again = await tx((db) => moveShipment(store.platform, db, parcel.id, 'in_transit', { kind: 'system' }));
      const late = await tx((db) => moveShipment(store.platform, db, parcel.id, 'shipped', { kind: 'system' }));
      assert.equal(again.moved, false);
      assert.equal(late.moved, false);
      assert.equal((await shipmentsOfOrder(store.platform.database.db, order.id))[0]!.status, 'in_transit');
      assert.deepEqual(
        (await eventsOf(order.id, 'shipment.')).map((e) => e.type),
        ['shipment.in_transit', 'shipment.packed', 'shipment.shipped'],
      );
      assert.deepEqual(
        (await eventsOf(order.id, 'order.')).map((e) => e.type),
        ['order.in_preparation', 'order.placed', 'order.prepared', 'order.shipped', 'order.validated'],
      );
    });

    it('refuses to pack more than was ordered, an invalid or reused tracking number, or an unpaid order', async () => {
      const { order } = await placeTestOrder(store, [[teapot, 2]]);
      const refused = async (work: Promise<unknown>, type: string, message?: RegExp) =>
        assert.rejects(work, (error: unknown) => error instanceof Problem && error.type === type && (!message || message.test(`${error.title} ${error.detail}`)));
      await refused(pack(order, [[teapot, 3]]), 'more-than-ordered', /2 left, not 3/);
      await refused(pack(order, [[teapot, 1]], { trackingNumber: '1Z123' }), 'invalid-tracking-number', /1Z/);
      const parcel = await pack(order, [[teapot, 1]]);
      await refused(pack(order, [[teapot, 1]], { trackingNumber: parcel.trackingNumber }), 'tracking-number-taken');
      await refused(pack(order, [[teapot, 2]]), 'more-than-ordered', /1 already packed|1 left/);
      await refused(pack(order, [[teapot, 1]], { locationId: crypto.randomUUID() }), 'not-at-location');
      assert.equal((await shipmentsOfOrder(store.platform.database.db, order.id)).length, 1, 'nothing refused was written');

      const unpaid = (await placeTestOrder(store, [[mug, 1]], { pay: false })).order;
      await refused(pack(unpaid, [[mug, 1]]), 'order-not-packable', /not paid/);
    });
  });
});
