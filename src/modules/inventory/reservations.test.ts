import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { fixedClock } from '../../platform/clock.ts';
import { productInput, saveTestProduct, setTestStock } from '../../testing/catalog.ts';
import { stockFigures } from '../../testing/inventory.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { availabilityOf } from './availability.ts';
import { stockChanged } from './events.ts';
import { releaseExpiredNow } from './expiry.ts';
import {
  allocateReservation,
  extendReservation,
  liveReservation,
  markReservationSold,
  releaseReservation,
  reserve,
  ReservationError,
  shipReservation,
} from './reservations.ts';
import { stockMovements, stockReservations, variantStockPolicies } from './schema.ts';
import { saveInventorySettings } from './settings.ts';

describe('inventory: reservations', () => {
  const clock = fixedClock('2026-11-23T15:00:00Z');
  let store: TestStore;
  let mug: string;
  let plate: string;
  let counter = 0;

  before(async () => {
    store = await createTestStore({ clock });
  });
  after(() => store.close());

  beforeEach(async () => {
    counter++;
    mug = (await saveTestProduct(store, productInput(`mug-${counter}`, [{ options: [], priceMinor: 1500 }])))[0]!;
    plate = (await saveTestProduct(store, productInput(`plate-${counter}`, [{ options: [], priceMinor: 900 }])))[0]!;
    await setTestStock(store, [mug, plate], 10);
  });

  async function figures(variantId: string) {
    const { level, ledger } = await stockFigures(store, variantId);
    // Every figure is explained by the ledger.
    assert.deepEqual(ledger, level, 'ledger sums equal the level');
    return level;
  }

  async function inTx<T>(fn: (tx: Parameters<Parameters<TestStore['platform']['database']['transaction']>[0]>[0]) => Promise<T>): Promise<T> {
    return store.platform.database.transaction(fn);
  }

  describe('reserving', () => {
    it('holds the units for the merchant TTL and writes reservation movements', async () => {
      const result = await reserve(store.platform, 'cart:a', [{ variantId: mug, quantity: 3 }], 'cart:a');
      assert.ok(result.ok);
      assert.equal(result.reservation.expiresAt!.toISOString(), '2026-11-23T15:15:00.000Z');
      assert.deepEqual(await figures(mug), { onHand: 10, reserved: 3 });
      assert.equal((await availabilityOf(store.platform.database.db, [mug])).get(mug)!.available, 7);
    });

    it('sums the demand of two lines of one item before checking it', async () => {
      const result = await reserve(store.platform, 'cart:b', [
        { variantId: mug, quantity: 6 },
        { variantId: mug, quantity: 6 },
      ], 'cart:b');
      assert.equal(result.ok, false);
      assert.ok(!result.ok);
      assert.deepEqual(result.shortages.map((s) => [s.requested, s.maxOrderable]), [[12, 10]]);
      assert.deepEqual(await figures(mug), { onHand: 10, reserved: 0 });
    });

    it('changes nothing at all when one of several items is short', async () => {
      await reserve(store.platform, 'cart:other', [{ variantId: plate, quantity: 9 }], 'cart:other');
      const result = await reserve(store.platform, 'cart:c', [
        { variantId: mug, quantity: 2 },
        { variantId: plate, quantity: 2 },
      ], 'cart:c');
      assert.ok(!result.ok);
      assert.deepEqual(result.shortages.map((s) => ({ variantId: s.variantId, maxOrderable: s.maxOrderable })), [{ variantId: plate, maxOrderable: 1 }]);
      assert.deepEqual(await figures(mug), { onHand: 10, reserved: 0 });
      assert.equal(await liveReservation(store.platform.database.db, 'cart:c'), null);
    });

    it('replaces what the holder held when the cart changes, moving only the difference', async () => {
      await reserve(store.platform, 'cart:d', [{ variantId: mug, quantity: 4 }], 'cart:d');
      clock.advance(60_000);
      const again = await reserve(store.platform, 'cart:d', [{ variantId: mug, quantity: 2 }, { variantId: plate, quantity: 1 }], 'cart:d');
      assert.ok(again.ok);
      assert.deepEqual(await figures(mug), { onHand: 10, reserved: 2 });
      assert.deepEqual(await figures(plate), { onHand: 10, reserved: 1 });
      const kinds = await store.platform.database.db.select({ kind: stockMovements.kind, reserved: stockMovements.reservedDelta }).from(stockMovements).where(and(eq(stockMovements.variantId, mug), sql`${stockMovements.kind} in ('reservation', 'release')`)).orderBy(stockMovements.createdAt);
      assert.deepEqual(kinds, [{ kind: 'reservation', reserved: 4 }, { kind: 'release', reserved: -2 }]);
      // The hold's own lines follow the cart: a line changed in place, a line added.
      const byVariant = (lines: [string, number][]) => lines.sort(([a], [b]) => a.localeCompare(b));
      const heldLines = async () => byVariant((await liveReservation(store.platform.database.db, 'cart:d'))!.lines.map((l) => [l.variantId, l.quantity]));
      assert.deepEqual(await heldLines(), byVariant([[mug, 2], [plate, 1]]));
      // The holder's own units count as theirs: the whole 10 less others' holds. The plate, gone
      // from the cart, leaves the hold and goes back on sale.
      const whole = await reserve(store.platform, 'cart:d', [{ variantId: mug, quantity: 10 }], 'cart:d');
      assert.ok(whole.ok);
      assert.deepEqual(await heldLines(), [[mug, 10]]);
      assert.deepEqual(await figures(plate), { onHand: 10, reserved: 0 });
    });

    it('makes one hold of a double click', async () => {
      const results = await Promise.all([1, 2, 3].map(() => reserve(store.platform, 'cart:twice', [{ variantId: mug, quantity: 2 }], 'cart:twice')));
      assert.ok(results.every((r) => r.ok));
      assert.deepEqual(await figures(mug), { onHand: 10, reserved: 2 });
    });

    it('refuses quantities that are not whole numbers of at least one', async () => {
      await assert.rejects(reserve(store.platform, 'cart:e', [{ variantId: mug, quantity: 0 }], 'x'), (e: unknown) => e instanceof ReservationError && e.code === 'bad-quantity');
      await assert.rejects(reserve(store.platform, 'cart:e', [{ variantId: mug, quantity: 1.5 }], 'x'), ReservationError);
      assert.deepEqual(await figures(mug), { onHand: 10, reserved: 0 });
    });

    it('takes backorders up to the merchant maximum, counting earlier backorders', async () => {
      await store.platform.database.db.update(variantStockPolicies).set({ policy: 'backorder', maxBackorder: 5 }).where(eq(variantStockPolicies.variantId, mug));
      const first = await reserve(store.platform, 'cart:f1', [{ variantId: mug, quantity: 13 }], 'x');
      assert.ok(first.ok);
      assert.deepEqual(first.reservation.lines.map((l) => [l.quantity, l.backordered]), [[13, 3]]);
      const second = await reserve(store.platform, 'cart:f2', [{ variantId: mug, quantity: 3 }], 'x');
      assert.ok(!second.ok);
      assert.equal(second.shortages[0]!.maxOrderable, 2);
      assert.equal(second.shortages[0]!.availability.state, 'backorder');
      assert.ok((await reserve(store.platform, 'cart:f2', [{ variantId: mug, quantity: 2 }], 'x')).ok);
    });

    it('holds a backorder of a variant that was never stocked', async () => {
      const [fresh] = await saveTestProduct(store, productInput(`fresh-${counter}`, [{ options: [], priceMinor: 100 }]));
      await store.platform.database.db.insert(variantStockPolicies).values({ variantId: fresh!, policy: 'backorder', maxBackorder: 2 });
      assert.ok((await reserve(store.platform, 'cart:g', [{ variantId: fresh!, quantity: 2 }], 'x')).ok);
      assert.deepEqual(await figures(fresh!), { onHand: 0, reserved: 2 });
      assert.equal((await reserve(store.platform, 'cart:g2', [{ variantId: fresh!, quantity: 1 }], 'x')).ok, false);
    });

    it('leaves untracked stock out of the hold', async () => {
      await store.platform.database.db.update(variantStockPolicies).set({ tracked: 0 }).where(eq(variantStockPolicies.variantId, plate));
      const result = await reserve(store.platform, 'cart:h', [{ variantId: plate, quantity: 500 }, { variantId: mug, quantity: 1 }], 'x');
      assert.ok(result.ok);
      assert.deepEqual(result.reservation.lines.map((l) => l.variantId), [mug]);
    });

    it('announces a hold only when it changes what shoppers see', async () => {
      const count = async () => (await store.platform.events.history(store.platform.database.db, stockChanged.name, 10_000)).filter((e) => (e.payload.variantIds as string[]).includes(mug)).length;
      const start = await count();
      await reserve(store.platform, 'cart:i1', [{ variantId: mug, quantity: 2 }], 'x'); // 8 left: nothing visible
      assert.equal(await count(), start);
      await reserve(store.platform, 'cart:i2', [{ variantId: mug, quantity: 6 }], 'x'); // 2 left: "only 2 left"
      assert.equal(await count(), start + 1);
    });
  });

  describe('the life of a reservation', () => {
    it('expires after the TTL and gives the units back; activity extends it', async () => {
      await inTx((tx) => saveInventorySettings(store.platform.database, tx, { reservationTtlMinutes: 10, lowStockThreshold: 3, defaultLeadTimeDays: 10 }, clock.now()));
      await reserve(store.platform, 'cart:j', [{ variantId: mug, quantity: 5 }], 'x');
      clock.advance(8 * 60_000);
      const extended = await extendReservation(store.platform, 'cart:j');
      assert.equal(extended?.toISOString(), new Date(clock.now().getTime() + 10 * 60_000).toISOString());
      clock.advance(9 * 60_000);
      await releaseExpiredNow(store.platform);
      assert.deepEqual(await figures(mug), { onHand: 10, reserved: 5 }, 'still held: activity extended it');
      clock.advance(2 * 60_000);
      await releaseExpiredNow(store.platform);
      assert.deepEqual(await figures(mug), { onHand: 10, reserved: 0 });
      const [row] = await store.platform.database.db.select().from(stockReservations).where(eq(stockReservations.holder, 'cart:j'));
      assert.equal(row!.status, 'expired');
      assert.equal(await extendReservation(store.platform, 'cart:j'), null, 'an ended hold cannot be extended');
      await inTx((tx) => saveInventorySettings(store.platform.database, tx, { reservationTtlMinutes: 15, lowStockThreshold: 3, defaultLeadTimeDays: 10 }, clock.now()));
    });

    it('becomes the order’s, then sold, then a sale when it ships', async () => {
      await reserve(store.platform, 'cart:k', [{ variantId: mug, quantity: 2 }], 'x');
      const deadline = new Date(clock.now().getTime() + 60 * 60_000);
      const allocated = await inTx((tx) => allocateReservation(store.platform, tx, 'cart:k', 'D-1001', deadline));
      assert.equal(allocated.status, 'allocated');
      clock.advance(20 * 60_000);
      await releaseExpiredNow(store.platform);
      assert.deepEqual(await figures(mug), { onHand: 10, reserved: 2 }, 'the checkout TTL no longer applies');
      await assert.rejects(reserve(store.platform, 'cart:k', [{ variantId: mug, quantity: 1 }], 'x'), (e: unknown) => e instanceof ReservationError && e.code === 'already-ordered');
      await inTx((tx) => markReservationSold(store.platform, tx, 'D-1001'));
      await inTx((tx) => shipReservation(store.platform, tx, 'D-1001', 'staff:1'));
      assert.deepEqual(await figures(mug), { onHand: 8, reserved: 0 });
      const [sale] = await store.platform.database.db.select().from(stockMovements).where(and(eq(stockMovements.variantId, mug), eq(stockMovements.kind, 'sale')));
      assert.equal(sale!.reference, 'order:D-1001');
    });

    it('returns the units when the order is cancelled', async () => {
      await reserve(store.platform, 'cart:l', [{ variantId: mug, quantity: 4 }], 'x');
      await inTx((tx) => allocateReservation(store.platform, tx, 'cart:l', 'D-1002', new Date(clock.now().getTime() + 3_600_000)));
      await inTx((tx) => markReservationSold(store.platform, tx, 'D-1002'));
      assert.equal(await inTx((tx) => releaseReservation(store.platform, tx, { orderReference: 'D-1002' }, 'order cancelled', 'staff:1')), true);
      assert.deepEqual(await figures(mug), { onHand: 10, reserved: 0 });
      assert.equal(await inTx((tx) => releaseReservation(store.platform, tx, { orderReference: 'D-1002' }, 'again', 'staff:1')), false, 'a second cancel releases nothing');
    });

    it('refuses to allocate a hold that ended', async () => {
      await reserve(store.platform, 'cart:m', [{ variantId: mug, quantity: 1 }], 'x');
      await inTx((tx) => releaseReservation(store.platform, tx, { holder: 'cart:m' }, 'checkout left', 'cart:m'));
      await assert.rejects(
        inTx((tx) => allocateReservation(store.platform, tx, 'cart:m', 'D-1003', clock.now())),
        (e: unknown) => e instanceof ReservationError && e.code === 'not-live',
      );
    });

    it('releases holds that ran out while the store was down when it starts again', async () => {
      const crashClock = fixedClock(clock.now());
      const first = await createTestStore({ clock: crashClock });
      try {
        const [item] = await saveTestProduct(first, productInput('crash-mug', [{ options: [], priceMinor: 100 }]));
        await setTestStock(first, [item!], 3);
        assert.ok((await reserve(first.platform, 'cart:crash', [{ variantId: item!, quantity: 3 }], 'x')).ok);
        // The process dies between reserving and placing; it comes back 20 minutes later.
        crashClock.advance(20 * 60_000);
        await releaseExpiredNow(first.platform); // what the inventory module's ready() runs at start-up
        assert.equal((await availabilityOf(first.platform.database.db, [item!])).get(item!)!.available, 3);
      } finally {
        await first.close();
      }
    });
  });
});
