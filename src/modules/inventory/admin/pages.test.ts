import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../../platform/clock.ts';
import { Browser, createStaff, formFields } from '../../../testing/admin.ts';
import { productInput, saveTestProduct, setTestStock } from '../../../testing/catalog.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { changeStock } from '../adjust.ts';
import { listLocations } from '../locations.ts';
import { DEFAULT_POLICY, savePolicy } from '../policies.ts';
import { readInventorySettings } from '../settings.ts';
import { createSupply, openSupply } from '../supply.ts';

describe('inventory admin: lists, supply, locations and settings', () => {
  let store: TestStore;
  let admin: Browser;
  let agentEmail = '';
  let leadEmail = '';
  const ids: Record<string, string> = {};
  const db = () => store.platform.database.db;
  const clock = fixedClock('2026-03-10T15:00:00Z');

  before(async () => {
    store = await createTestStore({ clock });
    admin = new Browser(store);
    await admin.signIn(await createStaff(store, 'admin'));
    agentEmail = await createStaff(store, 'agent');
    leadEmail = await createStaff(store, 'lead');
    const [soldOut, two, three, four] = await saveTestProduct(
      store,
      productInput('linen-shirt', [
        { options: ['XS'], priceMinor: 2500 },
        { options: ['S'], priceMinor: 2500 },
        { options: ['M'], priceMinor: 2500 },
        { options: ['L'], priceMinor: 2500 },
      ]),
    );
    const [uncounted] = await saveTestProduct(store, productInput('gift-card', [{ options: [], priceMinor: 5000 }]));
    Object.assign(ids, { soldOut, two, three, four, uncounted });
    await setTestStock(store, [soldOut!], 0);
    await setTestStock(store, [two!], 2);
    await setTestStock(store, [three!], 3);
    await setTestStock(store, [four!], 4);
    await store.platform.database.transaction((tx) => savePolicy(store.platform, tx, uncounted!, { ...DEFAULT_POLICY, tracked: false }, 'test'));
  });
  after(() => store.close());

  it('sends strangers to sign in and refuses agents and leads, pages and posts alike', async () => {
    const anonymous = await new Browser(store).get('/admin/inventory');
    assert.equal(anonymous.statusCode, 303);
    assert.match(String(anonymous.headers.location), /^\/staff\/sign-in\?next=%2Fadmin%2Finventory/);
    for (const email of [agentEmail, leadEmail]) {
      const staff = new Browser(store);
      await staff.signIn(email);
      const dashboard = await staff.get('/admin');
      assert.doesNotMatch(dashboard.body, /href="\/admin\/inventory"/);
      for (const path of ['/admin/inventory', '/admin/inventory/low-stock', '/admin/inventory/supply', '/admin/inventory/locations', '/admin/inventory/settings', `/admin/inventory/variants/${ids.two}`]) {
        assert.equal((await staff.get(path)).statusCode, 403, path);
      }
      const adjust = await staff.post(`/admin/inventory/variants/${ids.two}/adjust`, { adjustLocation: '', adjustMode: 'set', adjustQuantity: '0', adjustReason: 'x' });
      assert.equal(adjust.statusCode, 403);
      assert.equal((await staff.post('/admin/inventory/settings', { reservationTtlMinutes: '1', lowStockThreshold: '0', defaultLeadTimeDays: '0' })).statusCode, 403);
    }
    assert.equal((await readInventorySettings(db())).reservationTtlMinutes, 15);
    const page = await admin.get('/admin/inventory');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<a href="\/admin\/inventory" aria-current="page">Inventory<\/a>/);
  });

  it('lists every variant with its stock per location, found by SKU or product title', async () => {
    const all = await admin.get('/admin/inventory');
    assert.match(all.body, /5 variants\./);
    assert.match(all.body, /Linen shirt — S<\/a><div class="muted small">SKU LINEN-SHIRT-S<\/div>[\s\S]*?badge--backorder">Low stock[\s\S]*?<strong>2<\/strong>/i);
    assert.match(all.body, /Gift card<\/a>[\s\S]*?Stock not counted/);
    const bySku = await admin.get('/admin/inventory?q=shirt-xs');
    assert.match(bySku.body, /1 variant\./);
    assert.match(bySku.body, /Linen shirt — XS[\s\S]*?Sold out/);
    const byTitle = await admin.get('/admin/inventory?q=GIFT');
    assert.match(byTitle.body, /1 variant\./);
    assert.match((await admin.get('/admin/inventory?q=%25')).body, /No variant has that SKU or product title\./);
  });

  it('pages through fifty variants at a time', async () => {
    const sizes = Array.from({ length: 50 }, (_, i) => ({ options: [`Size ${i + 1}`], priceMinor: 100 }));
    await saveTestProduct(store, productInput('bulk-socks', sizes));
    const first = await admin.get('/admin/inventory');
    assert.match(first.body, /55 variants, page 1 of 2\./);
    assert.match(first.body, /href="\/admin\/inventory\?page=2" rel="next"/);
    const second = await admin.get('/admin/inventory?page=2');
    assert.match(second.body, /page 2 of 2/);
    assert.equal((second.body.match(/<th scope="row">/g) ?? []).length, 5);
    assert.match((await admin.get('/admin/inventory?page=9')).body, /page 2 of 2/);
  });

  it('lists low stock, sold out first, with what is on its way', async () => {
    await store.platform.database.transaction(async (tx) => {
      const mainId = (await listLocations(tx)).find((l) => l.isDefault)!.id;
      await createSupply(store.platform, tx, { reference: 'PO-44', variantId: ids.soldOut!, locationId: mainId, quantity: 12, expectedOn: '2026-03-20', note: '' }, '2026-03-10', 'test');
    });
    const response = await admin.get('/admin/inventory/low-stock');
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /3 counted variants have 3 or fewer available, sold out first\./);
    const order = [...response.body.matchAll(/Linen shirt — (\w+)<\/a>/g)].map((m) => m[1]);
    assert.deepEqual(order, ['XS', 'S', 'M']);
    assert.match(response.body, /Linen shirt — XS[\s\S]*?Sold out[\s\S]*?12 on <time datetime="2026-03-20">[^<]+<\/time><span class="muted"> \(PO-44\)/);
    assert.match(response.body, /Linen shirt — S<\/a>[\s\S]*?Nothing expected: add a receipt/);
    assert.doesNotMatch(response.body, /Gift card|Linen shirt — L</);
    // The bulk socks were never counted: no stock row, no policy; they are not the merchant's to reorder yet.
    assert.doesNotMatch(response.body, /Bulk socks/);
  });

  it('expects a receipt named by SKU, marks it overdue once its day has passed, and receives it', async () => {
    const page = await admin.get('/admin/inventory/supply');
    assert.match(page.body, /1 expected receipt, soonest first\./);
    const form = formFields(page.body, '/admin/inventory/supply');
    form.set('sku', 'NO-SUCH-SKU');
    form.set('supplyQuantity', '6');
    form.set('supplyExpectedOn', '2026-03-12');
    const unknown = await admin.post('/admin/inventory/supply', form);
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /No variant has the SKU &quot;NO-SUCH-SKU&quot;\./);
    assert.match(unknown.body, /value="NO-SUCH-SKU"/);
    form.set('sku', 'LINEN-SHIRT-S');
    form.set('supplyReference', 'PO-45');
    const created = await admin.post('/admin/inventory/supply', form);
    assert.equal(created.statusCode, 303, created.body);
    assert.equal(created.headers.location, '/admin/inventory/supply?notice=expected');
    const [line] = (await openSupply(db(), { variantIds: [ids.two!] })).lines;
    assert.deepEqual([line!.reference, line!.quantity, line!.expectedOn], ['PO-45', 6, '2026-03-12']);

    clock.set('2026-03-13T15:00:00Z');
    const later = await admin.get('/admin/inventory/supply');
    assert.match(later.body, /2 expected receipts, soonest first; 1 on this page is overdue\./);
    assert.match(later.body, /<tr class="is-overdue">[\s\S]*?PO-45[\s\S]*?Overdue/);
    const received = await admin.post(`/admin/inventory/supply/${line!.id}/receive`, { returnTo: 'supply', receiveQuantity: '6' });
    assert.equal(received.statusCode, 303);
    assert.equal(received.headers.location, '/admin/inventory/supply?notice=received');
    assert.match((await admin.get(String(received.headers.location))).body, /Receipt recorded: the units are on hand\.[\s\S]*1 expected receipt/);
    const refused = await admin.post(`/admin/inventory/supply/${line!.id}/receive`, { returnTo: 'supply', receiveQuantity: '1' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /This expected receipt is already received\./);
  });

  it('adds and edits locations, refusing bad codes and times with what was typed kept', async () => {
    const page = await admin.get('/admin/inventory/locations');
    assert.match(page.body, /Main warehouse/);
    const form = formFields(page.body, '/admin/inventory/locations');
    form.set('name', 'West');
    form.set('code', 'West Coast');
    form.set('cutoffTime', '25:00');
    form.set('processingDays', 'two');
    const refused = await admin.post('/admin/inventory/locations', form);
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Use only lower-case letters, digits and hyphens\./);
    assert.match(refused.body, /Enter a time as HH:MM on the 24-hour clock, such as 14:00\./);
    assert.match(refused.body, /Enter a whole number of days from 0 to 30\./);
    assert.match(refused.body, /value="West Coast"/);
    assert.match(refused.body, /value="25:00"/);
    form.set('code', 'west');
    form.set('cutoffTime', '11:30');
    form.set('processingDays', '3');
    form.set('address', '9 Pier\r\nSeattle');
    const created = await admin.post('/admin/inventory/locations', form);
    assert.equal(created.statusCode, 303, created.body);
    const west = (await listLocations(db())).find((l) => l.code === 'west')!;
    assert.deepEqual([west.name, west.address, west.processingDays, west.cutoffTime, west.isDefault], ['West', '9 Pier\nSeattle', 3, '11:30', false]);

    const editPath = `/admin/inventory/locations/${west.id}`;
    const edit = formFields((await admin.get(editPath)).body, editPath);
    edit.set('isDefault', 'yes');
    edit.set('processingDays', '0');
    const [stockVersion] = store.platform.cache.snapshot(['stock']);
    const saved = await admin.post(editPath, edit);
    assert.equal(saved.statusCode, 303, saved.body);
    assert.equal(store.platform.cache.snapshot(['stock'])[0], stockVersion! + 1, 'cached delivery dates from the old processing days are dropped');
    const locations = await listLocations(db());
    assert.deepEqual(
      locations.map((l) => [l.code, l.isDefault]),
      [
        ['west', true],
        ['main', false],
      ],
    );
    assert.equal((await admin.get('/admin/inventory/locations/00000000-0000-4000-8000-000000000000')).statusCode, 404);
  });

  it('saves settings, refusing values out of range with what was typed kept', async () => {
    const page = await admin.get('/admin/inventory/settings');
    const form = formFields(page.body, '/admin/inventory/settings');
    assert.deepEqual(Object.fromEntries([...form].filter(([k]) => k !== '_csrf')), { reservationTtlMinutes: '15', lowStockThreshold: '3', defaultLeadTimeDays: '10' });
    form.set('reservationTtlMinutes', '0');
    form.set('lowStockThreshold', 'a few');
    form.set('defaultLeadTimeDays', '400');
    const refused = await admin.post('/admin/inventory/settings', form);
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Checkout hold: Enter a whole number from 1 to 1440\./);
    assert.match(refused.body, /Low-stock threshold: Enter a whole number from 0 to 1000\./);
    assert.match(refused.body, /Default restock time: Enter a whole number from 0 to 365\./);
    assert.match(refused.body, /value="a few"/);
    assert.equal((await readInventorySettings(db())).reservationTtlMinutes, 15);
    form.set('reservationTtlMinutes', '20');
    form.set('lowStockThreshold', '2');
    form.set('defaultLeadTimeDays', '5');
    const [stockVersion] = store.platform.cache.snapshot(['stock']);
    const saved = await admin.post('/admin/inventory/settings', form);
    assert.equal(saved.statusCode, 303);
    assert.equal(store.platform.cache.snapshot(['stock'])[0], stockVersion! + 1, 'cached pages built from the old settings are dropped');
    assert.deepEqual(await readInventorySettings(db()), { reservationTtlMinutes: 20, lowStockThreshold: 2, defaultLeadTimeDays: 5 });
    // The low-stock list follows the threshold.
    assert.match((await admin.get('/admin/inventory/low-stock')).body, /1 counted variant has 2 or fewer available/);
  });

  it('pages through a long ledger, the running figures carrying over', async () => {
    const mainId = (await listLocations(db())).find((l) => l.code === 'main')!.id;
    for (let i = 0; i < 55; i++) {
      clock.advance(1000);
      await store.platform.database.transaction((tx) => changeStock(store.platform, tx, [{ variantId: ids.four!, locationId: mainId, delta: 1, reason: `Found ${i + 1}` }], 'test', ''));
    }
    const path = `/admin/inventory/variants/${ids.four}`;
    const first = await admin.get(path);
    assert.equal((first.body.match(/<td>Adjustment<\/td>/g) ?? []).length, 50);
    assert.match(first.body, /Found 55<\/td>/);
    assert.match(first.body, /<td class="num">59 \/ 0<\/td><td>Found 55<\/td>/);
    const older = /href="([^"]+olderThan=[^"#]+)#ledger-title"/.exec(first.body)![1]!;
    const second = await admin.get(older.replace(/&amp;/g, '&'));
    assert.equal(second.statusCode, 200);
    assert.match(second.body, /<td class="num">9 \/ 0<\/td><td>Found 5<\/td>/);
    assert.match(second.body, /<td class="num">4 \/ 0<\/td><td>test stock<\/td>/);
    assert.match(second.body, /Newest movements/);
    assert.doesNotMatch(second.body, /Older movements/);
  });
});
