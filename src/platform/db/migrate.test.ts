import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, rows, OuterHandleInTransactionError } from './database.ts';
import { expectedMigrationCount, isMigrated, migrate } from './migrate.ts';

/** A brand-new empty database on whichever server the suite runs against. */
async function emptyDatabase() {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return { database: await openDatabase({}), drop: async () => {} };
  const name = `doorstep_scratch_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    database: await openDatabase({ url: target.toString(), poolSize: 2 }),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

describe('migrations', () => {
  it('apply from scratch, and a second run changes nothing', async () => {
    const { database, drop } = await emptyDatabase();
    try {
      await assert.rejects(isMigrated(database));
      await migrate(database);
      assert.equal(await isMigrated(database), true);
      await migrate(database);
      const applied = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      assert.equal(applied[0]!.n, expectedMigrationCount());
      const tables = await rows<{ name: string }>(database.db, sql`select table_name as name from information_schema.tables where table_schema = 'public'`);
      for (const table of ['domain_events', 'handled_events', 'sessions', 'login_failures', 'dev_mailbox']) {
        assert.ok(tables.some((t) => t.name === table), `${table} exists`);
      }
    } finally {
      await database.close();
      await drop();
    }
  });

  it('makes using the outer handle inside a transaction an immediate error, not a hang', async () => {
    const { database, drop } = await emptyDatabase();
    try {
      await assert.rejects(
        database.transaction(async () => {
          await database.db.execute(sql`select 1`);
        }),
        (error: Error) => error instanceof OuterHandleInTransactionError || error.cause instanceof OuterHandleInTransactionError,
      );
      // The database still works afterwards.
      assert.deepEqual(await rows(database.db, sql`select 1 as one`), [{ one: 1 }]);
    } finally {
      await database.close();
      await drop();
    }
  });
});
