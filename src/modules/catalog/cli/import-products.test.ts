import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../../platform/db/database.ts';
import { lockDataDir } from '../../../platform/db/lock.ts';
import { createChildDatabase, runCommand } from '../../../testing/child-store.ts';
import { testDatabase } from '../../../testing/database.ts';
import { csvOf, simpleProduct } from '../import/testing.ts';

const run = (args: string[], env: Record<string, string>) =>
  runCommand('src/modules/catalog/cli/import-products.ts', args, env);

const handles = async (db: Db) =>
  (await rows<{ handle: string }>(db, sql`select handle from products order by handle`)).map(
    (r) => r.handle,
  );

// The embedded database's test is the PGlite suite's: the PostgreSQL suite would only run it again.
const pgliteSuiteOnly = { skip: !!process.env.TEST_DATABASE_URL && 'run by the PGlite suite' };

describe('npm run import:products', () => {
  it('imports into the embedded database and exits 0, 1 or 2', pgliteSuiteOnly, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doorstep-import-cli-'));
    // Migrated already: that the command migrates an empty data directory is create-admin's test.
    const embedded = await createChildDatabase({ dir, migrated: true });
    const good = join(dir, 'good.csv');
    const mixed = join(dir, 'mixed.csv');
    writeFileSync(
      good,
      csvOf([
        simpleProduct('cli-lamp'),
        { Handle: 'cli-lamp', 'Image Src': 'https://cdn.example/lamp.jpg' },
      ]),
    );
    writeFileSync(
      mixed,
      csvOf([
        simpleProduct('cli-chair'),
        simpleProduct('cli-table', { 'Variant Price': 'abc' }),
        { Title: 'Orphan', 'Variant Price': '1' },
      ]),
    );
    const env = embedded.env;
    try {
      const imported = await run([good], env);
      assert.equal(imported.code, 0, imported.stderr);
      assert.equal(
        imported.stdout,
        '1 products in 2 rows: 1 created, 0 updated, 0 unchanged, 0 not imported.\n',
      );

      const partly = await run([mixed], env);
      assert.equal(partly.code, 1, partly.stderr);
      assert.equal(
        partly.stdout,
        '2 products in 3 rows: 1 created, 0 updated, 0 unchanged, 1 not imported.\n' +
          'line 3 (cli-table): Variant Price "abc" is not a price (write it like 12.50)\n' +
          'line 4: Handle is missing\n',
      );

      const missing = await run([join(dir, 'nope.csv')], env);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /cannot read .*nope\.csv: ENOENT/);
      assert.equal((await run([], env)).code, 2);

      // While the store holds the data directory, the command says to stop it first.
      const lock = lockDataDir(env.DATA_DIR);
      try {
        const blocked = await run([good], env);
        assert.equal(blocked.code, 1);
        assert.match(blocked.stderr, /Stop the store/);
      } finally {
        lock.release();
      }

      const database = await embedded.open();
      try {
        assert.deepEqual(await handles(database.db), ['cli-chair', 'cli-lamp']);
        const [stock] = await rows<{ on_hand: number }>(
          database.db,
          sql`select on_hand from stock_levels`,
        );
        assert.equal(stock?.on_hand, 1);
      } finally {
        await database.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it(
    'imports into PostgreSQL when DATABASE_URL is set, and refuses a file that is not a product CSV',
    { skip: !process.env.TEST_DATABASE_URL && 'TEST_DATABASE_URL is not set' },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'doorstep-import-cli-'));
      const database = await testDatabase();
      try {
        const env = { DATABASE_URL: database.connectionString!, DATA_DIR: join(dir, 'unused') };
        const good = join(dir, 'good.csv');
        writeFileSync(good, csvOf([simpleProduct('pg-lamp')]));
        const imported = await run([good], env);
        assert.equal(imported.code, 0, imported.stderr);
        assert.deepEqual(await handles(database.db), ['pg-lamp']);

        const other = join(dir, 'other.csv');
        writeFileSync(other, 'Name,Price\r\nPot,3\r\n');
        const refused = await run([other], env);
        assert.equal(refused.code, 2);
        assert.match(refused.stderr, /not a Shopify product CSV/);
      } finally {
        await database.dispose();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
