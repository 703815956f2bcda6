import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { fixedClock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { forget } from '../../platform/memo.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { ensureDemoShipping, usCarrierHolidays } from './demo.ts';
import { shippingModule } from './index.ts';
import { shippingHolidays, shippingMethods, shippingZones } from './schema.ts';
import { methodsFor, priceFor, quote, SHIPPING_MEMO, storeCalendar } from './service.ts';

// Zones and methods are edited here with plain SQL, so each edit forgets the remembered
// answers, as a saved change does (platform/memo.ts).

describe('US carrier holidays', () => {
  it('fall on the days they are observed', () => {
    assert.deepEqual(
      usCarrierHolidays(2026).map((h) => h.day),
      ['2026-01-01', '2026-05-25', '2026-07-03', '2026-09-07', '2026-11-26', '2026-12-25'],
    );
    // 2027: Independence Day and Christmas fall on weekend days.
    assert.deepEqual(
      usCarrierHolidays(2027).map((h) => h.day),
      ['2027-01-01', '2027-05-31', '2027-07-05', '2027-09-06', '2027-11-25', '2027-12-24'],
    );
  });
});

describe('the shipping module', () => {
  it('seeds the demo shipping on start when the store loads demo data', async () => {
    const demo = await createTestStore({ modules: [shippingModule], env: { DEMO_DATA: 'true' } });
    try {
      assert.deepEqual(names(await methodsFor(demo.platform.database.db, 'US')), ['Standard', 'Express']);
    } finally {
      await demo.close();
    }
  });
});

const names = (options: { name: string }[]) => options.map((o) => o.name);

describe('shipping', () => {
  let store: TestStore;
  let db: Db;
  before(async () => {
    store = await createTestStore({ clock: fixedClock('2026-11-23T15:00:00Z') });
    db = store.platform.database.db;
    await ensureDemoShipping(store.platform);
  });
  after(() => store.close());

  it('seeds the demo zones, methods and holidays once', async () => {
    await ensureDemoShipping(store.platform);
    assert.equal((await db.select().from(shippingZones)).length, 2);
    assert.equal((await db.select().from(shippingMethods)).length, 3);
    const holidays = await db.select().from(shippingHolidays);
    assert.equal(holidays.length, 12, 'this year and next');
  });

  it('offers the domestic methods in the United States', async () => {
    const options = await methodsFor(db, 'US');
    assert.deepEqual(names(options), ['Standard', 'Express']);
    assert.deepEqual(
      options.map((o) => [o.zoneName, o.carrier, o.transitDaysMin, o.transitDaysMax, o.priceMinor, o.freeOverMinor]),
      [
        ['United States', 'USPS', 3, 5, 599, 7500],
        ['United States', 'UPS', 1, 2, 1499, null],
      ],
    );
    assert.deepEqual(names(await methodsFor(db, ' us ', 'ca')), ['Standard', 'Express'], 'codes are normalised');
  });

  it('sends the rest of the world to the international zone', async () => {
    const options = await methodsFor(db, 'FR');
    assert.deepEqual(names(options), ['International']);
    assert.equal(options[0]!.transitDaysMin, 6);
    assert.equal(options[0]!.transitDaysMax, 12);
  });

  it('answers nothing for a malformed country', async () => {
    assert.deepEqual(await methodsFor(db, 'USA'), []);
    assert.deepEqual(await methodsFor(db, ''), []);
  });

  it('prefers a zone naming the region, then the country, then the rest of the world', async () => {
    const islands = newId();
    await db.insert(shippingZones).values({ id: islands, name: 'Alaska and Hawaii', countries: ['US'], regions: ['US-AK', 'US-HI'], position: 5 });
    forget(SHIPPING_MEMO);
    await db.insert(shippingMethods).values([
      { id: newId(), zoneId: islands, name: 'Island Standard', transitDaysMin: 5, transitDaysMax: 9, priceMinor: 1299 },
      { id: newId(), zoneId: islands, name: 'Retired', transitDaysMin: 1, transitDaysMax: 1, priceMinor: 1, active: false },
    ]);
    forget(SHIPPING_MEMO);
    assert.deepEqual(names(await methodsFor(db, 'US', 'HI')), ['Island Standard'], 'inactive methods are not offered');
    assert.deepEqual(names(await methodsFor(db, 'US', 'US-AK')), ['Island Standard']);
    assert.deepEqual(names(await methodsFor(db, 'US', 'NY')), ['Standard', 'Express']);
    assert.deepEqual(names(await methodsFor(db, 'US')), ['Standard', 'Express'], 'no region: the whole-country zone');
    await db.delete(shippingZones).where(eq(shippingZones.id, islands));
    forget(SHIPPING_MEMO);
  });

  it('ships nowhere the zones do not reach once there is no rest-of-world zone', async () => {
    await db.update(shippingMethods).set({ active: false }).where(eq(shippingMethods.name, 'International'));
    forget(SHIPPING_MEMO);
    assert.deepEqual(await methodsFor(db, 'FR'), []);
    await db.update(shippingMethods).set({ active: true }).where(eq(shippingMethods.name, 'International'));
    forget(SHIPPING_MEMO);
  });

  it('quotes a method free from its threshold on', async () => {
    const [standard, express] = await methodsFor(db, 'US');
    assert.deepEqual(await quote(db, standard!.id, 7499).then((q) => [q?.amountMinor, q?.amountToFreeMinor]), [599, 1]);
    assert.deepEqual(await quote(db, standard!.id, 7500).then((q) => [q?.amountMinor, q?.amountToFreeMinor]), [0, null]);
    assert.deepEqual(await quote(db, express!.id, 100_000).then((q) => [q?.amountMinor, q?.amountToFreeMinor]), [1499, null]);
    assert.equal((await quote(db, standard!.id, 0))?.method.name, 'Standard');
  });

  it('quotes nothing for an unknown or switched-off method, and refuses a bad subtotal', async () => {
    assert.equal(await quote(db, newId(), 1000), null);
    const [express] = (await methodsFor(db, 'US')).slice(1);
    await db.update(shippingMethods).set({ active: false }).where(eq(shippingMethods.id, express!.id));
    forget(SHIPPING_MEMO);
    assert.equal(await quote(db, express!.id, 1000), null);
    await db.update(shippingMethods).set({ active: true }).where(eq(shippingMethods.id, express!.id));
    forget(SHIPPING_MEMO);
    assert.throws(() => priceFor({ priceMinor: 599, freeOverMinor: null }, -1), RangeError);
    assert.throws(() => priceFor({ priceMinor: 599, freeOverMinor: null }, 9.5), RangeError);
    assert.deepEqual(priceFor({ priceMinor: 0, freeOverMinor: 5000 }, 10), { amountMinor: 0, amountToFreeMinor: null });
  });

  it('gives the calendar in the store time zone with its holidays', async () => {
    const calendar = await storeCalendar(store.platform);
    assert.equal(calendar.timeZone, 'America/New_York');
    assert.deepEqual(calendar.businessDays, [1, 2, 3, 4, 5]);
    assert.ok(calendar.holidays.includes('2026-11-26'));
    assert.ok(calendar.holidays.includes('2027-11-25'));
  });

  it('refuses zones and methods that make no sense', async () => {
    const zone = (values: Partial<typeof shippingZones.$inferInsert>) => db.insert(shippingZones).values({ id: newId(), name: 'x', ...values });
    await assert.rejects(zone({}), 'a zone with no countries that is not the rest of the world');
    await assert.rejects(zone({ restOfWorld: true }), 'a second rest-of-world zone');
    await assert.rejects(zone({ restOfWorld: true, countries: ['US'] }));
    const [{ id: zoneId }] = (await db.select({ id: shippingZones.id }).from(shippingZones).limit(1)) as [{ id: string }];
    const method = (values: Partial<typeof shippingMethods.$inferInsert>) =>
      db.insert(shippingMethods).values({ id: newId(), zoneId, name: 'x', transitDaysMin: 1, transitDaysMax: 2, priceMinor: 100, ...values });
    await assert.rejects(method({ transitDaysMin: 3, transitDaysMax: 2 }));
    await assert.rejects(method({ transitDaysMin: -1 }));
    await assert.rejects(method({ priceMinor: -1 }));
    await assert.rejects(method({ freeOverMinor: -1 }));
  });
});
