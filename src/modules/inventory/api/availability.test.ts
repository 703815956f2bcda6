import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../../platform/clock.ts';
import { newId } from '../../../platform/ids.ts';
import { productInput, saveTestProduct, setTestStock } from '../../../testing/catalog.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { ensureDemoShipping, methodsFor } from '../../shipping/index.ts';

// 10:00 in New York on Monday 23 November 2026; Thanksgiving is on Thursday.
const MONDAY_MORNING = '2026-11-23T15:00:00Z';

describe('availability JSON', () => {
  let store: TestStore;
  let small: string;
  let large: string;
  let huge: string;
  before(async () => {
    store = await createTestStore({ clock: fixedClock(MONDAY_MORNING) });
    await ensureDemoShipping(store.platform);
    [small, large, huge] = (await saveTestProduct(
      store,
      productInput('pine-stool', [
        { options: ['Small'], priceMinor: 3000 },
        { options: ['Large'], priceMinor: 4000 },
        { options: ['Huge'], priceMinor: 5000 },
      ]),
    )) as [string, string, string];
    await setTestStock(store, [small], 10);
    await setTestStock(store, [large], 0, 'backorder');
    await setTestStock(store, [huge], 0);
  });
  after(() => store.close());

  const get = (query: string) => store.app.inject({ method: 'GET', url: `/api/v1/availability?${query}`, headers: { accept: 'application/json' } });

  /** ICU sets the dash of a date range between thin spaces; plain ones keep the tests readable. */
  const plain = (text: string) => text.replaceAll('\u2009', ' ');
  const variantsOf = (response: { json(): unknown }) =>
    (response.json() as { variants: { variantId: string; state: string; orderable: boolean; label: string; maxOrderable: number | null; shipsOn: string | null; arrives: unknown }[] }).variants.map((v) => ({ ...v, label: plain(v.label) }));

  it('answers the state and the dated promise per variant, for the home market by its first method, never cached', async () => {
    const response = await get(`variants=${small},${large},${huge}`);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers['cache-control'], 'no-store');
    const answer = response.json();
    assert.equal(answer.country, 'US');
    assert.equal(answer.method.name, 'Standard');
    assert.equal(answer.quantity, 1);
    const [a, b, c] = variantsOf(response);
    assert.deepEqual(
      { ...a, variantId: undefined },
      { variantId: undefined, maxOrderable: 10, state: 'in_stock', orderable: true, label: 'In stock — arrives Mon, Nov 30 – Wed, Dec 2', shipsOn: '2026-11-24', estimated: false, arrives: { from: '2026-11-30', to: '2026-12-02' } },
    );
    assert.equal(b!.variantId, large);
    assert.equal(b!.state, 'backorder');
    assert.equal(b!.maxOrderable, null, 'no limit on backorders');
    assert.match(b!.label, /^Backordered — ships around Wed, Dec 9, arrives Mon, Dec 14 – Wed, Dec 16$/);
    assert.deepEqual([c!.state, c!.orderable, c!.label, c!.maxOrderable], ['out_of_stock', false, 'Sold out', 0]);
  });

  it('answers for a quantity: beyond stock it cannot be ordered, or it is backordered with its date', async () => {
    const [tooMany] = variantsOf(await get(`variants=${small}&quantity=11`));
    assert.deepEqual([tooMany!.orderable, tooMany!.label], [false, 'Only 10 available']);
    await setTestStock(store, [large], 2, 'backorder');
    try {
      const [fromStock] = variantsOf(await get(`variants=${large}&quantity=2`));
      assert.equal(fromStock!.label, 'Only 2 left — arrives Mon, Nov 30 – Wed, Dec 2');
      const [beyond] = variantsOf(await get(`variants=${large}&quantity=3`));
      assert.deepEqual([beyond!.state, beyond!.orderable], ['backorder', true]);
      assert.match(beyond!.label, /^Backordered — ships around Wed, Dec 9/);
    } finally {
      await setTestStock(store, [large], 0, 'backorder');
    }
  });

  it('counts transit for the chosen method and destination', async () => {
    const [express] = (await methodsFor(store.platform.database.db, 'US')).filter((m) => m.name === 'Express');
    const byExpress = await get(`variants=${small}&method=${express!.id}`);
    assert.equal(byExpress.json().method.name, 'Express');
    assert.equal(variantsOf(byExpress)[0]!.label, 'In stock — arrives Wed, Nov 25 – Fri, Nov 27');
    const abroad = await get(`variants=${small}&country=fr`);
    assert.equal(abroad.json().country, 'FR');
    assert.equal(abroad.json().method.name, 'International');
  });

  it('reads an unknown variant as sold out', async () => {
    const [unknown] = variantsOf(await get(`variants=${newId()}`));
    assert.deepEqual([unknown!.state, unknown!.orderable], ['out_of_stock', false]);
  });

  it('refuses malformed or too many variants, and quantities out of range', async () => {
    const many = Array.from({ length: 51 }, () => newId()).join(',');
    for (const query of ['', 'variants=nope', `variants=${small},nope`, `variants=${many}`, `variants=${small}&quantity=0`, `variants=${small}&quantity=1.5`, `variants=${small}&country=USA`, `variants=${small}&method=nope`]) {
      const response = await get(query);
      assert.equal(response.statusCode, 400, query.slice(0, 80));
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
    }
  });
});
