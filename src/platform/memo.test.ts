import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { rows, type Db } from './db/database.ts';
import { forget, remember, rememberFor, rememberUnwritten } from './memo.ts';
import { testDatabase, type TestDatabase } from '../testing/database.ts';

const FAMILY = 'test.memo';

describe('remembered settings', () => {
  let database: TestDatabase;
  let reads = 0;
  const load = async (db: Db) => {
    reads += 1;
    const [row] = await rows<{ n: number }>(db, sql`select 7 as n`);
    return row!.n;
  };

  before(async () => {
    database = await testDatabase();
  });
  after(() => database.dispose());

  it('reads through a transaction until the outer handle has read, then from memory', async () => {
    forget(FAMILY);
    reads = 0;
    assert.equal(await database.transaction((tx) => rememberFor(database, tx, FAMILY, 'a', load)), 7);
    // Read through the transaction, and once it committed through the outer handle, for the transactions after.
    assert.equal(reads, 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(await database.transaction((tx) => rememberFor(database, tx, FAMILY, 'a', load)), 7);
    assert.equal(reads, 2, 'from memory');
    forget(FAMILY);
    assert.equal(await database.transaction((tx) => rememberFor(database, tx, FAMILY, 'a', load)), 7);
    assert.equal(reads, 4, 'forgotten: read again, through the transaction and then the outer handle');
  });

  it('never makes a transaction wait for an outer read still running (on PGlite it would wait for that transaction)', async () => {
    forget(FAMILY);
    let opened!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const inTransaction = database.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      opened();
      await released;
      return rememberFor(database, tx, FAMILY, 'b', load);
    });
    await open;
    // An outer read starts while the transaction is open: on PGlite it queues behind it.
    const outer = remember(database.db, FAMILY, 'b', () => load(database.db));
    release();
    const answer = await Promise.race([inTransaction, new Promise((resolve) => setTimeout(() => resolve('stuck'), 5_000))]);
    assert.equal(answer, 7);
    assert.equal(await outer, 7);
  });

  it('reads a family no transaction writes from what the outer handle remembers, in a transaction too', async () => {
    forget(FAMILY);
    reads = 0;
    assert.equal(await database.transaction((tx) => rememberUnwritten(tx, FAMILY, 'c', load)), 7);
    assert.equal(reads, 1, 'nothing remembered yet: read through the transaction');
    assert.equal(await rememberUnwritten(database.db, FAMILY, 'c', load), 7);
    assert.equal(reads, 2, 'outside a transaction: read and remembered');
    assert.equal(await database.transaction((tx) => rememberUnwritten(tx, FAMILY, 'c', load)), 7);
    assert.equal(reads, 2, 'in a transaction: from memory');
    forget(FAMILY);
    assert.equal(await database.transaction((tx) => rememberUnwritten(tx, FAMILY, 'c', load)), 7);
    assert.equal(reads, 3, 'forgotten: read through the transaction again');
  });
});
