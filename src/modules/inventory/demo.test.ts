import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../platform/clock.ts';
import { rows } from '../../platform/db/database.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { changeStock } from './adjust.ts';
import { availabilityOf } from './availability.ts';
import { DEMO_STOCK, loadDemoStock } from './demo.ts';
import { listLocations } from './locations.ts';
import { openSupply } from './supply.ts';
import { variantDirectory } from './variant-directory.ts';

describe('demo stock', () => {
  let store: TestStore;
  const clock = fixedClock('2026-03-10T15:00:00Z');
  before(async () => {
    // Starting with DEMO_DATA loads the demo catalogue, then the demo stock.
    store = await createTestStore({ clock, env: { DEMO_DATA: 'true' } });
  });
  after(() => store.close());
  const db = () => store.platform.database.db;
  const variantOf = async (handle: string) => (await variantDirectory().idsByHandle(db(), [handle])).get(handle)![0]!;
  const counts = async () =>
    (await rows<{ movements: number; supply: number; locations: number }>(
      db(),
      sql`select (select count(*)::int from stock_movements) as movements, (select count(*)::int from inbound_supply) as supply, (select count(*)::int from stock_locations) as locations`,
    ))[0]!;

  it('adds the east warehouse beside the default one', async () => {
    const locations = await listLocations(db());
    assert.deepEqual(
      locations.map((l) => [l.code, l.isDefault, l.processingDays, l.cutoffTime]),
      [
        ['main', true, 1, '14:00'],
        ['east', false, 2, '12:00'],
      ],
    );
  });

  it('shows every availability state on the demo products', async () => {
    const handles = DEMO_STOCK.map((d) => d.handle);
    const variants = await variantDirectory().idsByHandle(db(), handles);
    assert.deepEqual([...variants.keys()].sort(), [...handles].sort(), 'every demo handle is in the demo catalogue');
    const states = await availabilityOf(db(), await Promise.all(handles.map(variantOf)));
    const byHandle = Object.fromEntries(await Promise.all(handles.map(async (h) => [h, states.get(await variantOf(h))!] as const)));
    assert.deepEqual(
      Object.fromEntries(Object.entries(byHandle).map(([h, a]) => [h, [a.state, a.available]])),
      {
        'ocean-blue-shirt': ['low_stock', 2],
        'vanilla-candle': ['low_stock', 3],
        'copper-light': ['low_stock', 3],
        'grey-sofa': ['in_stock', 6],
        'pink-armchair': ['out_of_stock', 0],
        'cream-sofa': ['backorder', 0],
        'yellow-sofa': ['backorder', 0],
        'galaxy-earrings': ['preorder', 0],
        'wooden-outdoor-table': ['made_to_order', null],
      },
    );
    assert.equal(byHandle['yellow-sofa']!.leadTimeDays, 15);
    assert.equal(byHandle['wooden-outdoor-table']!.leadTimeDays, 7);
    assert.equal(byHandle['galaxy-earrings']!.releaseDate, '2026-04-21');
    const { lines } = await openSupply(db(), { variantIds: [await variantOf('cream-sofa')] });
    assert.deepEqual(
      lines.map((l) => [l.reference, l.quantity, l.expectedOn]),
      [['PO-1001', 12, '2026-03-31']],
    );
  });

  it('is loaded once: a later start leaves the merchant’s changes alone', async () => {
    const shirt = await variantOf('ocean-blue-shirt');
    const mainId = (await listLocations(db())).find((l) => l.isDefault)!.id;
    await store.platform.database.transaction((tx) => changeStock(store.platform, tx, [{ variantId: shirt, locationId: mainId, set: 40, reason: 'Restocked' }], 'staff:test', ''));
    const before = await counts();
    await loadDemoStock(store.platform);
    assert.deepEqual(await counts(), before);
    assert.equal((await availabilityOf(db(), [shirt])).get(shirt)!.available, 40);
  });
});
