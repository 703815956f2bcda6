import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../../platform/clock.ts';
import { rows } from '../../../platform/db/database.ts';
import { Browser, createStaff, formFields } from '../../../testing/admin.ts';
import { productInput, saveTestProduct, setTestStock } from '../../../testing/catalog.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { onHandAt } from '../adjust.ts';
import { availabilityOf } from '../availability.ts';
import { reserve } from '../index.ts';
import { listLocations, saveLocation } from '../locations.ts';
import { policyOf } from '../policies.ts';
import { openSupply } from '../supply.ts';

describe('inventory admin: a variant’s stock page', () => {
  let store: TestStore;
  let admin: Browser;
  let variantId = '';
  let mainId = '';
  let eastId = '';
  const page = () => `/admin/inventory/variants/${variantId}`;
  const db = () => store.platform.database.db;
  // Tuesday 10 March 2026, 10:00 in New York.
  const clock = fixedClock('2026-03-10T15:00:00Z');

  before(async () => {
    store = await createTestStore({ clock });
    admin = new Browser(store);
    await admin.signIn(await createStaff(store, 'admin'));
    variantId = (await saveTestProduct(store, productInput('walnut-stool', [{ options: ['Large'], priceMinor: 9900 }])))[0]!;
    await setTestStock(store, [variantId], 5);
    const east = await store.platform.database.transaction((tx) =>
      saveLocation(store.platform, tx, null, { code: 'east', name: 'East warehouse', address: '', processingDays: 2, cutoffTime: '12:00', priority: 200, isDefault: false }),
    );
    eastId = east.kind === 'saved' ? east.id : '';
    mainId = (await listLocations(db())).find((l) => l.isDefault)!.id;
  });
  after(() => store.close());
  // Each step a minute later, so the ledger's newest-first order is the order of the steps.
  beforeEach(() => clock.advance(60_000));

  /** The page's form posting to `action`, with some fields changed. */
  const submit = async (action: string, fields: Record<string, string>) => {
    const form = formFields((await admin.get(page())).body, `${page()}/${action}`);
    for (const [name, value] of Object.entries(fields)) form.set(name, value);
    return admin.post(`${page()}/${action}`, form);
  };

  it('shows the variant, its stock per location and an empty ledger check', async () => {
    const response = await admin.get(page());
    assert.equal(response.statusCode, 200, response.body);
    assert.match(response.body, /<h1>Walnut stool — Large<\/h1>/);
    assert.match(response.body, /SKU walnut-stool-large/i);
    assert.match(response.body, /Main warehouse[\s\S]*<strong>5<\/strong>[\s\S]*5 on hand · 0 reserved/);
    assert.match(response.body, /Every figure above is the sum of these movements\./);
    assert.match(response.body, /<a href="\/admin\/inventory" aria-current="page">Inventory<\/a>/);
    assert.equal((await admin.get('/admin/inventory/variants/00000000-0000-4000-8000-000000000000')).statusCode, 404);
    assert.equal((await admin.get('/admin/inventory/variants/not-a-uuid')).statusCode, 400);
  });

  it('refuses an adjustment that would leave on-hand below zero, keeping what was typed', async () => {
    const response = await submit('adjust', { adjustMode: 'delta', adjustQuantity: '-7', adjustReason: 'Damaged in the flood' });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /The stock was not changed/);
    assert.match(response.body, /That would leave -2 on hand: there are only 5, so at most 5 can be taken off\./);
    assert.match(response.body, /name="adjustQuantity"[^>]*value="-7"|value="-7"[^>]*name="adjustQuantity"/);
    assert.match(response.body, /value="Damaged in the flood"/);
    assert.match(response.body, /<input type="radio" name="adjustMode" value="delta" checked/);
    assert.equal(await onHandAt(db(), variantId, mainId), 5);
  });

  it('refuses quantities that are not whole numbers, and a missing reason', async () => {
    const response = await submit('adjust', { adjustMode: 'set', adjustQuantity: '2.5', adjustReason: '' });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /Enter a whole number of units, such as 12\./);
    assert.match(response.body, /Enter reason\./);
    assert.match(response.body, /value="2.5"/);
    const negative = await submit('adjust', { adjustMode: 'set', adjustQuantity: '-1', adjustReason: 'Count' });
    assert.match(negative.body, /On hand cannot be below 0: enter what you counted\./);
    assert.equal(await onHandAt(db(), variantId, mainId), 5);
  });

  it('sets a counted on-hand and applies a delta, each a ledger row with its reason and actor', async () => {
    const counted = await submit('adjust', { adjustMode: 'set', adjustQuantity: '9', adjustReason: 'Stock count' });
    assert.equal(counted.statusCode, 303, counted.body);
    assert.equal(counted.headers.location, `${page()}?notice=adjusted`);
    clock.advance(1000);
    const removed = await submit('adjust', { adjustLocation: mainId, adjustMode: 'delta', adjustQuantity: '-2', adjustReason: 'Damaged' });
    assert.equal(removed.statusCode, 303, removed.body);
    assert.equal(await onHandAt(db(), variantId, mainId), 7);
    const shown = await admin.get(String(removed.headers.location));
    assert.match(shown.body, /role="status">Stock saved\./);
    assert.match(shown.body, /<td>Adjustment<\/td><td>Main warehouse<\/td><td class="num">−2<\/td><td class="num">0<\/td><td class="num">7 \/ 0<\/td><td>Damaged<\/td><td>staff:/);
  });

  it('moves stock between locations, never more than is available at the source', async () => {
    await reserve(store.platform, 'cart:transfer-test', [{ variantId, quantity: 3 }], 'cart:transfer-test');
    clock.advance(1000);
    // 7 on hand, 3 reserved at main: 4 can move.
    const refused = await submit('transfer', { transferFrom: mainId, transferTo: eastId, transferQuantity: '5', transferReason: '' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Only 4 units are available to move at that location/);
    assert.match(refused.body, /value="5"/);
    const same = await submit('transfer', { transferFrom: mainId, transferTo: mainId, transferQuantity: '1' });
    assert.match(same.body, /Choose a different location from the one the units leave\./);

    const moved = await submit('transfer', { transferFrom: mainId, transferTo: eastId, transferQuantity: '4', transferReason: '' });
    assert.equal(moved.statusCode, 303, moved.body);
    assert.deepEqual([await onHandAt(db(), variantId, mainId), await onHandAt(db(), variantId, eastId)], [3, 4]);
    const halves = await rows<{ location_id: string; on_hand_delta: number; reason: string; reference: string }>(
      db(),
      sql`select location_id, on_hand_delta, reason, reference from stock_movements where variant_id = ${variantId} and kind = 'transfer' order by on_hand_delta`,
    );
    assert.equal(halves.length, 2);
    assert.deepEqual(
      halves.map((h) => [h.location_id, h.on_hand_delta, h.reason]),
      [
        [mainId, -4, 'Moved from Main warehouse to East warehouse'],
        [eastId, 4, 'Moved from Main warehouse to East warehouse'],
      ],
    );
    assert.equal(halves[0]!.reference, halves[1]!.reference);
    assert.match(halves[0]!.reference, /^transfer:/);
  });

  it('saves the selling policy, requiring a release date for pre-orders', async () => {
    const refused = await submit('policy', { policy: 'preorder', releaseDate: '', leadTimeDays: 'soon', maxBackorder: '-1' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /The policy was not saved/);
    assert.match(refused.body, /A pre-order needs its release date\./);
    assert.match(refused.body, /value="soon"/);
    assert.equal((await policyOf(db(), variantId)).policy, 'deny');

    const saved = await submit('policy', { policy: 'preorder', releaseDate: '2026-05-01', leadTimeDays: '', maxBackorder: '20' });
    assert.equal(saved.statusCode, 303, saved.body);
    assert.deepEqual(await policyOf(db(), variantId), { policy: 'preorder', tracked: true, leadTimeDays: null, maxBackorder: 20, releaseDate: '2026-05-01' });
    const availability = (await availabilityOf(db(), [variantId])).get(variantId)!;
    assert.deepEqual([availability.state, availability.releaseDate], ['preorder', '2026-05-01']);

    const backorder = await submit('policy', { policy: 'backorder', leadTimeDays: '12', maxBackorder: '' });
    assert.equal(backorder.statusCode, 303);
    assert.deepEqual(await policyOf(db(), variantId), { policy: 'backorder', tracked: true, leadTimeDays: 12, maxBackorder: null, releaseDate: '2026-05-01' });
  });

  it('expects, receives (refusing too many) and cancels supply from the variant page', async () => {
    const past = await submit('supply', { supplyReference: 'PO-9', supplyLocation: eastId, supplyQuantity: '6', supplyExpectedOn: '2026-03-09' });
    assert.equal(past.statusCode, 400);
    assert.match(past.body, /The expected date cannot be in the past \(today is 2026-03-10\)\./);
    const created = await submit('supply', { supplyReference: 'PO-9', supplyLocation: eastId, supplyQuantity: '6', supplyExpectedOn: '2026-03-24' });
    assert.equal(created.statusCode, 303, created.body);
    const [line] = (await openSupply(db(), { variantIds: [variantId] })).lines;
    assert.deepEqual([line!.reference, line!.locationId, line!.quantity, line!.expectedOn], ['PO-9', eastId, 6, '2026-03-24']);
    assert.match((await admin.get(page())).body, /PO-9[\s\S]*East warehouse[\s\S]*Receive/);

    const receiveAction = `/admin/inventory/supply/${line!.id}/receive`;
    const tooMany = await admin.post(receiveAction, { returnTo: 'variant', receiveQuantity: '7' });
    assert.equal(tooMany.statusCode, 400);
    assert.match(tooMany.body, /Only 6 of this receipt are still expected: receive at most 6/);
    assert.match(tooMany.body, new RegExp(`id="field-receive-${line!.id}"[^>]*value="7"|value="7"[^>]*id="field-receive-${line!.id}"`));
    assert.match(tooMany.body, new RegExp(`href="#field-receive-${line!.id}"`));

    const partly = await admin.post(receiveAction, { returnTo: 'variant', receiveQuantity: '2' });
    assert.equal(partly.statusCode, 303, partly.body);
    assert.equal(partly.headers.location, `${page()}?notice=received`);
    assert.equal(await onHandAt(db(), variantId, eastId), 6);
    const shown = await admin.get(page());
    assert.match(shown.body, /2 of 6 received/);
    assert.match(shown.body, /<td>Receipt<\/td><td>East warehouse<\/td><td class="num">\+2<\/td>[\s\S]*?Received on PO-9[\s\S]*?po:/);

    const cancelAction = `/admin/inventory/supply/${line!.id}/cancel`;
    const noReason = await admin.post(cancelAction, { returnTo: 'variant', cancelReason: '' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Say why the receipt is cancelled\./);
    const cancelled = await admin.post(cancelAction, { returnTo: 'variant', cancelReason: 'Supplier closed' });
    assert.equal(cancelled.statusCode, 303);
    assert.equal((await openSupply(db(), { variantIds: [variantId] })).total, 0);
    assert.equal((await admin.post(`/admin/inventory/supply/00000000-0000-4000-8000-000000000000/receive`, { receiveQuantity: '1' })).statusCode, 404);
  });

  it('shows ledger sums that match the levels, with the figures each movement left', async () => {
    const checks = await rows<{ location_id: string; ledger_on_hand: number; ledger_reserved: number; on_hand: number; reserved: number }>(
      db(),
      sql`select l.location_id, l.on_hand, l.reserved,
                 (select coalesce(sum(on_hand_delta), 0)::int from stock_movements m where m.variant_id = l.variant_id and m.location_id = l.location_id) as ledger_on_hand,
                 (select coalesce(sum(reserved_delta), 0)::int from stock_movements m where m.variant_id = l.variant_id and m.location_id = l.location_id) as ledger_reserved
          from stock_levels l where l.variant_id = ${variantId}`,
    );
    assert.equal(checks.length, 2);
    for (const check of checks) assert.deepEqual([check.ledger_on_hand, check.ledger_reserved], [check.on_hand, check.reserved]);
    const body = (await admin.get(page())).body;
    assert.match(body, /Every figure above is the sum of these movements\./);
    // Each row shows what it left at its location: the reservation 7 on hand and 3 reserved, the transfer out 3 and 3.
    assert.match(body, /<td>Transfer<\/td><td>Main warehouse<\/td><td class="num">−4<\/td><td class="num">0<\/td><td class="num">3 \/ 3<\/td>/);
    assert.match(body, /<td>Reservation<\/td><td>Main warehouse<\/td><td class="num">0<\/td><td class="num">\+3<\/td><td class="num">7 \/ 3<\/td>/);

    // A level changed behind the ledger's back is reported.
    await rows(db(), sql`update stock_levels set on_hand = on_hand + 1 where variant_id = ${variantId} and location_id = ${eastId}`);
    assert.match((await admin.get(page())).body, /The ledger does not add up to the stock levels[\s\S]*East warehouse: the ledger adds up to 6 on hand and 0 reserved, the level says 7 and 0\./);
  });
});
