// The store with its database really stopped (PGlite closed; on PostgreSQL the test database
// refusing connections): the first failing request makes the store probe and notice, then every
// page gets the outage page from memory (503, Retry-After), the API a problem, assets and health
// still answer, and the page's form writes addresses to the outage file under DATA_DIR. When the
// database is back (PostgreSQL: connections allowed again; PGlite: the next store on that
// DATA_DIR) the addresses are imported once and the file is rotated.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { fixedClock } from '../../platform/clock.ts';
import { OUTAGE_FILE } from '../../platform/http/outage.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { backOnlineRequests } from './schema.ts';

describe('status-incidents: outage', () => {
  const clock = fixedClock('2026-12-06T17:00:00Z');
  const dir = mkdtempSync(join(tmpdir(), 'doorstep-outage-'));
  const adminUrl = process.env.TEST_DATABASE_URL;
  let store: TestStore;

  async function onAdmin(statement: string): Promise<void> {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  }

  /** The database name of this store's PostgreSQL database. */
  const pgName = () => new URL(store.platform.database.connectionString!).pathname.slice(1);

  async function stopDatabase(): Promise<void> {
    if (store.platform.database.kind === 'pglite') {
      await store.platform.database.pglite!.close();
      return;
    }
    await onAdmin(`alter database ${pgName()} allow_connections false`);
    await onAdmin(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${pgName()}'`);
  }

  const html = { accept: 'text/html' };
  const form = (email: string, site = 'same-origin') => ({
    method: 'POST' as const,
    url: '/outage/notify',
    headers: { ...html, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': site },
    payload: new URLSearchParams({ email }).toString(),
  });

  const outageLines = () => readFileSync(join(dir, OUTAGE_FILE), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { id: string; email: string; at: string; outageSince: string });

  before(async () => {
    store = await createTestStore({ clock, env: { DATA_DIR: dir } });
  });
  after(async () => {
    // The database was stopped under the store: its own stop may find it gone.
    if (adminUrl && store.platform.database.kind === 'postgres') await onAdmin(`alter database ${pgName()} allow_connections true`).catch(() => undefined);
    await store.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  describe('the outage page', () => {
    it('serves the outage page from memory once the database has stopped, and keeps the addresses typed into it', async () => {
      assert.equal((await store.app.inject({ method: 'GET', url: '/status', headers: html })).statusCode, 200);
      await stopDatabase();

      // The first request fails; before answering, the store asks the database and finds it gone.
      const first = await store.app.inject({ method: 'GET', url: '/products/anything', headers: html });
      assert.equal(first.statusCode, 500);
      assert.equal(store.outage.down, true);
      assert.match(first.body, /We will be right back/, 'the failing request itself gets the outage page');

      for (const url of ['/', '/status', '/cart', '/admin', '/products/anything']) {
        const page = await store.app.inject({ method: 'GET', url, headers: html });
        assert.equal(page.statusCode, 503, url);
        assert.equal(page.headers['retry-after'], '30');
        assert.equal(page.headers['cache-control'], 'no-store');
        assert.match(page.body, /We will be right back/);
        assert.match(page.body, /Orders you have placed are kept|orders you have placed are kept/);
        assert.match(page.body, /<th scope="row">Payments<\/th><td>Nothing new is charged/);
        assert.match(page.body, /action="\/outage\/notify"/);
      }
      const api = await store.app.inject({ method: 'GET', url: '/api/v1/cart', headers: { accept: 'application/json' } });
      assert.equal(api.statusCode, 503);
      assert.equal(api.json().type.endsWith('database-unavailable'), true);
      assert.equal((await store.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
      assert.equal((await store.app.inject({ method: 'GET', url: '/readyz' })).statusCode, 503);
      const stylesheet = /href="(\/assets\/main-[^"]+\.css)"/.exec((await store.app.inject({ method: 'GET', url: '/', headers: html })).body)![1]!;
      assert.equal((await store.app.inject({ method: 'GET', url: stylesheet })).statusCode, 200, 'the page keeps its styles');

      const wrong = await store.app.inject(form('not an address <b>'));
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /Please check the address/);
      assert.match(wrong.body, /value="not an address &#60;b&#62;"/);
      assert.equal((await store.app.inject(form('someone@example.com', 'cross-site'))).statusCode, 403);
      assert.equal(existsSync(join(dir, OUTAGE_FILE)), false, 'nothing written for a refused form');

      const thanks = await store.app.inject(form('  Waiting@Example.com '));
      assert.equal(thanks.statusCode, 503);
      assert.match(thanks.body, /Thank you: we will email you once, when the shop is back/);
      await store.app.inject(form('second@example.com'));
      const lines = outageLines();
      assert.deepEqual(
        lines.map((line) => line.email),
        ['waiting@example.com', 'second@example.com'],
      );
      assert.equal(lines[0]!.outageSince, store.outage.since!.toISOString());
    });

    it('imports the addresses once when the database is back, and rotates the file', async (t) => {
      if (store.platform.database.kind === 'pglite') {
        // A closed PGlite does not open again: the next store on this DATA_DIR imports at start.
        const next = await createTestStore({ clock, env: { DATA_DIR: dir } });
        t.after(() => next.close());
        const imported = await next.platform.database.db.select().from(backOnlineRequests);
        assert.deepEqual(imported.map((row) => row.email).sort(), ['second@example.com', 'waiting@example.com']);
        assert.equal(existsSync(join(dir, OUTAGE_FILE)), false, 'rotated');
        const rotated = readdirSync(dir).filter((name) => name.endsWith('.imported'));
        assert.equal(rotated.length, 1);
        // The same lines again (a crash before the rotation): nothing new.
        copyFileSync(join(dir, rotated[0]!), join(dir, OUTAGE_FILE));
        await next.outage.importRequests();
        assert.equal((await next.platform.database.db.select().from(backOnlineRequests)).length, 2);
        assert.equal(existsSync(join(dir, OUTAGE_FILE)), false);
        assert.equal((await next.app.inject({ method: 'GET', url: '/status', headers: html })).statusCode, 200);
        return;
      }
      await onAdmin(`alter database ${pgName()} allow_connections true`);
      assert.equal(await store.outage.probe(), true);
      assert.equal(store.outage.down, false);
      await store.outage.importRequests();
      const imported = await store.platform.database.db.select().from(backOnlineRequests);
      assert.deepEqual(imported.map((row) => row.email).sort(), ['second@example.com', 'waiting@example.com']);
      assert.equal(existsSync(join(dir, OUTAGE_FILE)), false, 'rotated');
      const rotated = readdirSync(dir).filter((name) => name.endsWith('.imported'));
      copyFileSync(join(dir, rotated[0]!), join(dir, OUTAGE_FILE));
      await store.outage.importRequests();
      assert.equal((await store.platform.database.db.select().from(backOnlineRequests)).length, 2, 'imported once');
      const page = await store.app.inject({ method: 'GET', url: '/status', headers: html });
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /We will be right back/);
    });
  });
});
