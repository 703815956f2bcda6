// The store as `npm start` runs it when its database does not answer. Started with a database
// that cannot be reached at all, it serves the outage page from the first request and keeps the
// addresses typed into it. On PostgreSQL, when the database stops answering under a running
// store: a shopper in a real browser gets the friendly outage page on every page, leaves an
// address in its form, and once the database is back the store serves pages again and the
// address is in the "tell me when you are back" list, the outage file rotated.
//
// PostgreSQL is needed to stop the database under a running store (E2E_DATABASE_URL or
// TEST_DATABASE_URL, else the local server at 127.0.0.1:5432); without one that test is skipped.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { checkA11y, useBrowser } from './support/browser.ts';
import { freePort, projectNode, projectRoot, startStore, type RunningStore } from './support/server.ts';

const adminUrl = process.env.E2E_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `doorstep_outage_${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`;
const browser = useBrowser();
let store: RunningStore | undefined;
let reachable = true;

async function onAdmin<T extends pg.QueryResultRow>(statement: string, database?: string): Promise<T[]> {
  const url = new URL(adminUrl);
  if (database) url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.href });
  await client.connect();
  try {
    return (await client.query<T>(statement)).rows;
  } finally {
    await client.end();
  }
}

before(async () => {
  try {
    await onAdmin(`create database ${name}`);
  } catch {
    reachable = false;
    return;
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  store = await startStore({ env: { DATABASE_URL: url.href } });
});

after(async () => {
  await store?.stop();
  if (reachable) await onAdmin(`drop database if exists ${name} with (force)`);
});

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('the outage page', () => {
  test('is served from the first request when the database cannot be reached at start', async (t) => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'doorstep-e2e-outage-'));
    const baseUrl = `http://127.0.0.1:${port}`;
    // Port 1 on loopback: nothing listens, every connection is refused.
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'development', HOST: '127.0.0.1', PORT: String(port), BASE_URL: baseUrl, DATA_DIR: dataDir, DATABASE_URL: 'postgres://doorstep@127.0.0.1:1/nowhere', SESSION_SECRET: 'outage-test-secret-outage-test-secret-0123', LOG_LEVEL: 'silent' };
    const child = spawn(projectNode, ['--import', './src/platform/runtime/jsx-hooks.ts', 'src/main.ts'], { cwd: projectRoot, env, stdio: 'ignore' });
    t.after(() => {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    });
    await waitFor('the process to listen', async () => (await fetch(`${baseUrl}/healthz`).catch(() => null))?.status === 200, 60_000);
    assert.equal((await fetch(`${baseUrl}/readyz`)).status, 503);

    const { page } = browser;
    const response = await page.goto(`${baseUrl}/cart`);
    assert.equal(response?.status(), 503);
    await page.getByRole('heading', { name: 'We will be right back' }).waitFor();
    await page.getByLabel('Your email address').fill('first-request@example.com');
    await page.getByRole('button', { name: 'Email me when you are back' }).click();
    await page.getByText('Thank you: we will email you once, when the shop is back.').waitFor();
    const lines = readFileSync(join(dataDir, 'outage-requests.jsonl'), 'utf8').trim().split('\n');
    assert.deepEqual(lines.map((line) => JSON.parse(line).email), ['first-request@example.com']);
  });

  test('is served with the database stopped, takes an address, and the store comes back', async (t) => {
    if (!reachable || !store) return t.skip('no PostgreSQL to stop');
    const { page } = browser;
    const home = await page.goto(store.baseUrl);
    assert.equal(home?.status(), 200);

    await onAdmin(`alter database ${name} allow_connections false`);
    await onAdmin(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}'`);
    // The store notices within its probe's few seconds (or at once after a failing request).
    await waitFor('the outage page', async () => (await page.goto(store!.baseUrl))?.status() === 503);
    await page.getByRole('heading', { name: 'We will be right back' }).waitFor();
    assert.match(await page.locator('main').innerText(), /Nothing is lost/);
    assert.equal((await page.goto(`${store.baseUrl}/products/anything`))?.status(), 503);
    await checkA11y(page);

    await page.getByLabel('Your email address').fill('back-please@example.com');
    await page.getByRole('button', { name: 'Email me when you are back' }).click();
    await page.getByText('Thank you: we will email you once, when the shop is back.').waitFor();
    const file = join(store.dataDir, 'outage-requests.jsonl');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    assert.equal(lines.length, 1);
    assert.equal(JSON.parse(lines[0]!).email, 'back-please@example.com');

    await onAdmin(`alter database ${name} allow_connections true`);
    await waitFor('the store to be back', async () => (await page.goto(store!.baseUrl))?.status() === 200);
    const rotated = () => readdirSync(store!.dataDir).filter((entry) => entry.startsWith('outage-requests.jsonl.') && entry.endsWith('.imported'));
    await waitFor('the import', async () => rotated().length === 1, 30_000);
    assert.equal(existsSync(file), false);
    const imported = await onAdmin<{ email: string }>('select email from back_online_requests', name);
    assert.deepEqual(imported.map((row) => row.email), ['back-please@example.com']);
  });
});
