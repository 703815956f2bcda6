// One read per order page, however many of its parts ask: a query builder (which runs its
// query again at every await) is settled once, another order or a transaction's handle reads
// again, and a failed read is tried again by the next part.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Db } from '../../platform/db/database.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Order } from '../orders/index.ts';
import { oncePerOrderPage } from './per-page.ts';

const outer = {} as Db;
const platform = { database: { db: outer } } as unknown as Platform;
const order = (id: string) => ({ id }) as Order;

/** A thenable like drizzle's query builders: each `then` runs the query again. */
function lazyQuery<T>(run: () => Promise<T>): PromiseLike<T> {
  return { then: (onFulfilled, onRejected) => run().then(onFulfilled, onRejected) };
}

describe('oncePerOrderPage', () => {
  it('runs a lazy query once for every part of one page', async () => {
    let runs = 0;
    const read = oncePerOrderPage((_db, o) => lazyQuery(async () => (++runs, o.id)) as Promise<string>);
    const page = order('a');
    assert.deepEqual(await Promise.all([read(platform, page), read(platform, page), read(platform, page)]), ['a', 'a', 'a']);
    assert.equal(await read(platform, page), 'a');
    assert.equal(runs, 1);
    await read(platform, order('a'));
    assert.equal(runs, 2, 'another request’s order object reads again');
    await read(platform, page, {} as Db);
    assert.equal(runs, 3, 'a transaction’s handle reads through it');
  });

  it('does not keep a failed read', async () => {
    let runs = 0;
    const read = oncePerOrderPage(async () => {
      runs += 1;
      if (runs === 1) throw new Error('connection lost');
      return 'fine';
    });
    const page = order('b');
    await assert.rejects(read(platform, page), /connection lost/);
    assert.equal(await read(platform, page), 'fine');
    assert.equal(runs, 2);
  });
});
