import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { rows } from '../../../platform/db/database.ts';
import { productInput, saveTestProduct, setTestStock } from '../../../testing/catalog.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { applyStockBatch, BatchError, type BatchInput, type StockLine } from './apply.ts';

describe('warehouse batches', () => {
  let store: TestStore;
  const db = () => store.platform.database.db;
  let small = '';
  let large = '';
  let mug = '';

  /** A product whose variants have the given SKUs; returns their ids in order. */
  async function productWithSkus(handle: string, skus: string[]): Promise<string[]> {
    const input = productInput(
      handle,
      skus.map((_, i) => ({ options: skus.length > 1 ? [`Size ${i}`] : [], priceMinor: 1000 })),
    );
    input.variants.forEach((variant, i) => (variant.sku = skus[i]!));
    return saveTestProduct(store, input);
  }

  const onHand = async (variantId: string, location = 'main') =>
    (
      await rows<{ n: number }>(
        db(),
        sql`select coalesce(sum(l.on_hand), 0)::int as n from stock_levels l join stock_locations s on s.id = l.location_id where l.variant_id = ${variantId} and s.code = ${location}`,
      )
    )[0]!.n;
  const ledger = async (variantId: string) =>
    (
      await rows<{ n: number; moves: number }>(
        db(),
        sql`select coalesce(sum(on_hand_delta), 0)::int as n, count(*)::int as moves from stock_movements where variant_id = ${variantId}`,
      )
    )[0]!;
  const apply = (
    batchId: string,
    lines: Omit<StockLine, 'line'>[],
    source: BatchInput['source'] = 'api',
  ) =>
    applyStockBatch(store.platform, {
      batchId,
      source,
      actor: 'token:test',
      lines: lines.map((l, i) => ({ ...l, line: i + 1 })),
    });

  before(async () => {
    store = await createTestStore();
    [small = '', large = ''] = await productWithSkus('batch-shirt', ['BS-S', 'BS-L']);
    [mug = ''] = await productWithSkus('batch-mug', ['BM-1']);
    await setTestStock(store, [small, large, mug], 10);
    await rows(
      db(),
      sql`insert into stock_locations (id, code, name) values (${randomUUID()}, 'east', 'East warehouse')`,
    );
  });
  after(() => store.close());

  it('sets counted stock and applies deltas, per location, with the batch in the ledger', async () => {
    const result = await apply('count-1', [
      { sku: 'BS-S', set: 4, reason: 'Counted' },
      { sku: 'BS-L', delta: 5 },
      { sku: 'BM-1', location: 'east', set: 7 },
    ]);
    assert.deepEqual(result, {
      batchId: 'count-1',
      replayed: false,
      applied: 3,
      failed: 0,
      lines: [
        {
          line: 1,
          sku: 'BS-S',
          location: 'main',
          status: 'applied',
          onHandBefore: 10,
          onHandAfter: 4,
        },
        {
          line: 2,
          sku: 'BS-L',
          location: 'main',
          status: 'applied',
          onHandBefore: 10,
          onHandAfter: 15,
        },
        {
          line: 3,
          sku: 'BM-1',
          location: 'east',
          status: 'applied',
          onHandBefore: 0,
          onHandAfter: 7,
        },
      ],
    });
    assert.equal(await onHand(small), 4);
    assert.equal(await onHand(large), 15);
    assert.equal(await onHand(mug), 10);
    assert.equal(await onHand(mug, 'east'), 7);
    const [movement] = await rows<{ actor: string; reference: string; reason: string }>(
      db(),
      sql`select actor, reference, reason from stock_movements where variant_id = ${small} and reference = 'batch:count-1'`,
    );
    assert.deepEqual(movement, {
      actor: 'token:test',
      reference: 'batch:count-1',
      reason: 'Counted',
    });
    for (const id of [small, large])
      assert.equal((await ledger(id)).n, await onHand(id), 'the ledger explains the figure');
  });

  it('announces stock.changed once for the batch, naming the variants that changed', async () => {
    const events = () =>
      rows<{ id: string; ids: string[] }>(
        db(),
        sql`select id, payload->'variantIds' as ids from domain_events where type = 'stock.changed'`,
      );
    const earlier = new Set((await events()).map((e) => e.id));
    await apply('announce-1', [
      { sku: 'BS-S', delta: 1 },
      { sku: 'BS-L', delta: 0 },
      { sku: 'BS-S', delta: 1 },
      { sku: 'NOPE', delta: 1 },
    ]);
    const added = (await events()).filter((e) => !earlier.has(e.id));
    assert.deepEqual(
      added.map((e) => e.ids),
      [[small]],
    );
  });

  it('reports each line that cannot be applied and applies the others', async () => {
    const before = {
      small: await onHand(small),
      large: await onHand(large),
      mug: await onHand(mug),
    };
    const result = await apply('mixed-1', [
      { sku: 'NO-SUCH-SKU', delta: 1 },
      { sku: 'BS-S', delta: 2 },
      { sku: 'BS-L', set: 1.5 },
      { sku: 'BS-L', set: -3 },
      { sku: 'BS-L', set: 2, delta: 1 },
      { sku: 'BS-L' },
      { sku: 'BM-1', location: 'west', delta: 1 },
      { sku: '', delta: 1 },
      { sku: 'BM-1', delta: 3 },
    ]);
    assert.equal(result.applied, 2);
    assert.equal(result.failed, 7);
    const codes = result.lines.map((l) => l.error?.code ?? l.status);
    assert.deepEqual(codes, [
      'unknown-sku',
      'applied',
      'not-whole-number',
      'negative-on-hand',
      'set-and-delta',
      'set-and-delta',
      'unknown-location',
      'unknown-sku',
      'applied',
    ]);
    assert.match(result.lines[0]!.error!.message, /NO-SUCH-SKU/);
    assert.match(result.lines[6]!.error!.message, /"west"/);
    assert.equal(await onHand(small), before.small + 2);
    assert.equal(await onHand(large), before.large, 'no line for BS-L applied');
    assert.equal(await onHand(mug), before.mug + 3);
  });

  it('refuses a delta that would take on-hand below zero, counting the lines before it', async () => {
    await apply('reset-1', [{ sku: 'BM-1', set: 5 }]);
    const result = await apply('take-1', [
      { sku: 'BM-1', delta: -3 },
      { sku: 'BM-1', delta: -3 },
      { sku: 'BM-1', delta: -2 },
      { sku: 'BS-S', location: 'east', delta: -1 },
    ]);
    assert.deepEqual(
      result.lines.map((l) => [l.status, l.onHandBefore, l.onHandAfter, l.error?.code]),
      [
        ['applied', 5, 2, undefined],
        ['failed', undefined, undefined, 'negative-on-hand'],
        ['applied', 2, 0, undefined],
        ['failed', undefined, undefined, 'negative-on-hand'],
      ],
    );
    assert.match(result.lines[1]!.error!.message, /only 2/);
    assert.equal(await onHand(mug), 0);
    assert.equal(await onHand(small, 'east'), 0);
    assert.equal((await ledger(mug)).n, (await onHand(mug)) + (await onHand(mug, 'east')));
  });

  it('replays a batch id with the same lines: the first result, nothing applied again', async () => {
    const lines = [
      { sku: 'BS-L', delta: 3 },
      { sku: 'NOPE', delta: 1 },
    ];
    const first = await apply('replay-1', lines);
    const moves = (await ledger(large)).moves;
    const second = await apply('replay-1', lines, 'csv');
    assert.deepEqual(second, { ...first, replayed: true });
    assert.equal((await ledger(large)).moves, moves, 'no new movement');
  });

  it('refuses the same batch id with other lines, and a batch without lines or with a bad id', async () => {
    await apply('reuse-1', [{ sku: 'BS-L', delta: 1 }]);
    const onHandBefore = await onHand(large);
    await assert.rejects(
      apply('reuse-1', [{ sku: 'BS-L', delta: 2 }]),
      (e: unknown) => e instanceof BatchError && e.code === 'batch-id-reused',
    );
    assert.equal(await onHand(large), onHandBefore);
    await assert.rejects(
      apply('empty-1', []),
      (e: unknown) => e instanceof BatchError && e.code === 'empty-batch',
    );
    await assert.rejects(
      apply('not ok', [{ sku: 'BS-L', delta: 1 }]),
      (e: unknown) => e instanceof BatchError && e.code === 'invalid-batch-id',
    );
    await assert.rejects(
      apply('x'.repeat(101), [{ sku: 'BS-L', delta: 1 }]),
      (e: unknown) => e instanceof BatchError && e.code === 'invalid-batch-id',
    );
  });

  it('applies a batch sent twice at once exactly once', async () => {
    await apply('race-reset', [{ sku: 'BS-S', set: 0 }]);
    const lines = [
      { sku: 'BS-S', delta: 4 },
      { sku: 'BS-S', delta: 1 },
    ];
    const results = await Promise.all(Array.from({ length: 5 }, () => apply('race-1', lines)));
    assert.equal(results.filter((r) => !r.replayed).length, 1);
    for (const result of results)
      assert.deepEqual(
        { ...result, replayed: false },
        results.find((r) => !r.replayed),
      );
    assert.equal(await onHand(small), 5);
    assert.equal(
      (await ledger(small)).n,
      (await onHand(small)) + (await onHand(small, 'east')),
      'ledger sums match',
    );
  });

  it('sets a level that did not exist yet once, even when two batches race for it', async () => {
    const [fresh] = await productWithSkus('batch-new', ['BN-1']);
    await Promise.all([
      apply('new-a', [{ sku: 'BN-1', location: 'east', set: 6 }]),
      apply('new-b', [{ sku: 'BN-1', location: 'east', set: 6 }]),
    ]);
    assert.equal(await onHand(fresh!, 'east'), 6);
    assert.equal((await ledger(fresh!)).n, 6);
  });
});
