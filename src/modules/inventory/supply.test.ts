import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { rows } from '../../platform/db/database.ts';
import { fixedClock } from '../../platform/clock.ts';
import { productInput, saveTestProduct, setTestStock } from '../../testing/catalog.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { onHandAt } from './adjust.ts';
import { defaultLocationId } from './stock.ts';
import { cancelSupply, createSupply, openSupply, receiveSupply, storeToday, SupplyError, type SupplyInput } from './supply.ts';

describe('inbound supply', () => {
  let store: TestStore;
  let variantId = '';
  let mainId = '';
  // 10 March 2026, 10:00 in New York (the store's time zone).
  const clock = fixedClock('2026-03-10T15:00:00Z');
  before(async () => {
    store = await createTestStore({ clock });
    variantId = (await saveTestProduct(store, productInput('oak-stool', [{ options: [], priceMinor: 4500 }])))[0]!;
    await setTestStock(store, [variantId], 2, 'backorder');
    mainId = await store.platform.database.transaction((tx) => defaultLocationId(tx));
  });
  after(() => store.close());
  const db = () => store.platform.database.db;
  const tx = <T>(fn: Parameters<typeof store.platform.database.transaction<T>>[0]) => store.platform.database.transaction(fn);
  const input = (overrides: Partial<SupplyInput> = {}): SupplyInput => ({ reference: 'PO-7', variantId, locationId: mainId, quantity: 10, expectedOn: '2026-03-31', note: '', ...overrides });
  const create = async (overrides: Partial<SupplyInput> = {}) => {
    const outcome = await tx((t) => createSupply(store.platform, t, input(overrides), '2026-03-10', 'staff:test'));
    assert.equal(outcome.kind, 'created', JSON.stringify(outcome));
    return outcome.kind === 'created' ? outcome.id : '';
  };
  const stockEvents = async () => (await rows<{ n: number }>(db(), sql`select count(*)::int as n from domain_events where type = 'stock.changed'`))[0]!.n;

  it('knows today in the store time zone', async () => {
    assert.equal(await storeToday(store.platform), '2026-03-10');
  });

  it('refuses a past date, a quantity that is not a whole number above 0 and an unknown location', async () => {
    const refused = await tx((t) =>
      createSupply(store.platform, t, input({ quantity: 1.5, expectedOn: '2026-03-09', locationId: '00000000-0000-4000-8000-000000000000', reference: 'x'.repeat(101) }), '2026-03-10', 'staff:test'),
    );
    assert.equal(refused.kind, 'invalid');
    assert.deepEqual(refused.kind === 'invalid' && refused.problems.map((p) => p.field), ['reference', 'quantity', 'expectedOn', 'locationId']);
    for (const quantity of [0, -3, Number.NaN]) {
      const outcome = await tx((t) => createSupply(store.platform, t, input({ quantity }), '2026-03-10', 'staff:test'));
      assert.equal(outcome.kind, 'invalid', String(quantity));
    }
    const badDay = await tx((t) => createSupply(store.platform, t, input({ expectedOn: '2026-02-30' }), '2026-03-10', 'staff:test'));
    assert.equal(badDay.kind === 'invalid' && badDay.problems[0]!.message, 'Enter the expected date as YYYY-MM-DD.');
    assert.equal((await openSupply(db())).total, 0);
  });

  it('creates expected receipts (today is allowed), lists them soonest first and announces each', async () => {
    const events = await stockEvents();
    const later = await create({ reference: 'PO-LATER', expectedOn: '2026-04-20' });
    const sooner = await create({ reference: 'PO-SOONER', expectedOn: '2026-03-10' });
    assert.equal(await stockEvents(), events + 2);
    const { lines, total } = await openSupply(db(), { variantIds: [variantId] });
    assert.equal(total, 2);
    assert.deepEqual(
      lines.map((l) => [l.id, l.reference, l.outstanding, l.status, l.createdBy]),
      [
        [sooner, 'PO-SOONER', 10, 'open', 'staff:test'],
        [later, 'PO-LATER', 10, 'open', 'staff:test'],
      ],
    );
    await tx((t) => cancelSupply(store.platform, t, later, 'Test data', 'staff:test'));
    await tx((t) => cancelSupply(store.platform, t, sooner, 'Test data', 'staff:test'));
  });

  it('receives part, then the rest: receipt movements referencing the receipt raise on-hand', async () => {
    const id = await create({ quantity: 10 });
    const part = await tx((t) => receiveSupply(store.platform, t, id, 4, 'staff:test'));
    assert.deepEqual([part.received, part.outstanding, part.status], [4, 6, 'open']);
    assert.equal(await onHandAt(db(), variantId, mainId), 6);
    const rest = await tx((t) => receiveSupply(store.platform, t, id, 6, 'staff:test'));
    assert.deepEqual([rest.received, rest.outstanding, rest.status], [10, 0, 'received']);
    assert.equal(await onHandAt(db(), variantId, mainId), 12);
    const movements = await rows<{ kind: string; on_hand_delta: number; reason: string; actor: string }>(
      db(),
      sql`select kind, on_hand_delta, reason, actor from stock_movements where reference = ${`po:${id}`} order by on_hand_delta`,
    );
    assert.deepEqual(movements, [
      { kind: 'receipt', on_hand_delta: 4, reason: 'Received on PO-7', actor: 'staff:test' },
      { kind: 'receipt', on_hand_delta: 6, reason: 'Received on PO-7', actor: 'staff:test' },
    ]);
    assert.equal((await openSupply(db(), { variantIds: [variantId] })).total, 0);
    // A received receipt takes no more.
    await assert.rejects(
      tx((t) => receiveSupply(store.platform, t, id, 1, 'staff:test')),
      (error: unknown) => error instanceof SupplyError && error.code === 'not-open',
    );
  });

  it('refuses to receive more than is outstanding, or a quantity that is not a whole number, and changes nothing', async () => {
    const id = await create({ quantity: 5 });
    const before = await onHandAt(db(), variantId, mainId);
    await assert.rejects(
      tx((t) => receiveSupply(store.platform, t, id, 6, 'staff:test')),
      (error: unknown) => error instanceof SupplyError && error.code === 'over-receipt' && /at most 5/.test(error.message),
    );
    for (const quantity of [0, -1, 2.5, Number.NaN]) {
      await assert.rejects(
        tx((t) => receiveSupply(store.platform, t, id, quantity, 'staff:test')),
        (error: unknown) => error instanceof SupplyError && error.code === 'bad-quantity',
      );
    }
    assert.equal(await onHandAt(db(), variantId, mainId), before);
    const [line] = (await openSupply(db(), { variantIds: [variantId] })).lines;
    assert.deepEqual([line!.id, line!.received], [id, 0]);
    await assert.rejects(
      tx((t) => receiveSupply(store.platform, t, '00000000-0000-4000-8000-000000000000', 1, 'staff:test')),
      (error: unknown) => error instanceof SupplyError && error.code === 'missing',
    );
  });

  it('cancels with a reason kept in the note; the received part stays', async () => {
    const id = await create({ quantity: 8, note: 'Blue boxes' });
    await tx((t) => receiveSupply(store.platform, t, id, 3, 'staff:test'));
    const before = await onHandAt(db(), variantId, mainId);
    await assert.rejects(
      tx((t) => cancelSupply(store.platform, t, id, '  ', 'staff:test')),
      (error: unknown) => error instanceof SupplyError && error.code === 'bad-reason',
    );
    const events = await stockEvents();
    await tx((t) => cancelSupply(store.platform, t, id, 'Supplier out of stock', 'staff:test'));
    assert.equal(await stockEvents(), events + 1);
    const [row] = await rows<{ status: string; note: string; received: number }>(db(), sql`select status, note, received from inbound_supply where id = ${id}`);
    assert.deepEqual(row, { status: 'cancelled', note: 'Blue boxes\nCancelled: Supplier out of stock', received: 3 });
    assert.equal(await onHandAt(db(), variantId, mainId), before);
    await assert.rejects(
      tx((t) => cancelSupply(store.platform, t, id, 'Again', 'staff:test')),
      (error: unknown) => error instanceof SupplyError && error.code === 'not-open',
    );
  });
});
