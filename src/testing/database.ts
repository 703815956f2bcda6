// A fresh, migrated database for each test file, fast: migrations (and the job queue's own
// schema) are applied once per run to a template, and each test file gets a copy of it.
// PGlite by default; PostgreSQL when TEST_DATABASE_URL is set.
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { openDatabase, type Database } from '../platform/db/database.ts';
import { migrate, migrationsFolder } from '../platform/db/migrate.ts';
import { Jobs } from '../platform/jobs/jobs.ts';

export interface TestDatabase extends Database {
  /** Closes and deletes the database. */
  dispose(): Promise<void>;
}

/** Changes whenever a migration changes, so a stale template is never used. */
function schemaFingerprint(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(migrationsFolder, { recursive: true }).map(String).sort()) {
    if (file.endsWith('.sql') || file.endsWith('.json')) hash.update(file).update(readFileSync(join(migrationsFolder, file)));
  }
  return hash.digest('hex').slice(0, 12);
}

async function prepare(database: Database): Promise<void> {
  await migrate(database);
  const jobs = new Jobs({ database, log: pino({ level: 'silent' }), work: false });
  await jobs.start();
  await jobs.stop();
}

// ---- PGlite ---------------------------------------------------------------------------

/**
 * A test run (global setup) names its template after its own process, so two runs at once
 * never delete each other's; a file run on its own shares one by schema fingerprint.
 */
const templateSuffix = (runId: string | undefined) => `${schemaFingerprint()}${runId ? `_${runId}` : ''}`;

/**
 * The template is a PGlite data directory on disk, and a copy is a copy of that directory that
 * PGlite opens in place: copying 45 MB of files and opening them costs a third of the CPU of
 * loading a dump into PGlite's in-memory file system, and every test file pays it.
 */
export function pgliteTemplatePath(runId?: string): string {
  return join(tmpdir(), `doorstep-test-template-${templateSuffix(runId)}`);
}

export async function createPgliteTemplate(runId?: string): Promise<string> {
  const path = pgliteTemplatePath(runId);
  if (existsSync(path)) return path;
  // Built beside, then renamed, so a parallel reader never sees half a directory.
  const partial = `${path}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  const database = await openDatabase({ dataDir: partial });
  await prepare(database);
  await database.close();
  try {
    renameSync(partial, path);
  } catch (error) {
    // Another process finished the same template first: theirs is as good.
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(path)) throw error;
  }
  return path;
}

/** The run's migrated template (made now for a test file run on its own). */
const pgliteTemplate = async () => process.env.DOORSTEP_TEST_TEMPLATE ?? (await createPgliteTemplate());

/** Makes `dir` a copy of the migrated template, for a store to open with PGlite. */
export async function copyPgliteTemplate(dir: string): Promise<void> {
  cpSync(await pgliteTemplate(), dir, { recursive: true });
}

/** Where a run's copies go: beside its template, so that the run's teardown removes any a killed test left. */
const copiesOf = (template: string) => `${template}.copies`;

async function pgliteCopy(): Promise<TestDatabase> {
  const dir = join(copiesOf(await pgliteTemplate()), randomBytes(6).toString('hex'));
  await copyPgliteTemplate(dir);
  const database = await openDatabase({ dataDir: dir });
  return {
    ...database,
    async dispose() {
      // The store may have closed it already on stop().
      if (!database.pglite!.closed) await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---- PostgreSQL -----------------------------------------------------------------------

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export function postgresTemplateName(runId?: string): string {
  return `doorstep_test_template_${templateSuffix(runId)}`;
}

async function admin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createPostgresTemplate(url: string, runId?: string): Promise<string> {
  const name = postgresTemplateName(runId);
  const exists = await admin(url, async (c) => (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1);
  if (exists) return name;
  await admin(url, (c) => c.query(`create database ${name}`));
  const database = await openDatabase({ url: withDatabase(url, name), poolSize: 2 });
  await prepare(database);
  await database.close();
  return name;
}

export async function dropPostgresTemplate(url: string, runId?: string): Promise<void> {
  await admin(url, (c) => c.query(`drop database if exists ${postgresTemplateName(runId)} with (force)`));
}

async function postgresCopy(url: string): Promise<TestDatabase> {
  const template = process.env.DOORSTEP_TEST_TEMPLATE ?? (await createPostgresTemplate(url));
  const name = `doorstep_test_${randomBytes(6).toString('hex')}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await admin(url, (c) => c.query(`create database ${name} template ${template}`));
      break;
    } catch (error) {
      // Two copies of one template at the same instant: PostgreSQL asks us to wait.
      if (attempt > 20 || !String((error as Error).message).includes('being accessed')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
  const database = await openDatabase({ url: withDatabase(url, name), poolSize: 10 });
  return {
    ...database,
    async dispose() {
      await database.close().catch(() => {}); // the store may have closed it already on stop()
      await admin(url, (c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/** A fresh migrated database for one test file. Call `dispose()` when done. */
export function testDatabase(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  return url ? postgresCopy(url) : pgliteCopy();
}

/** Removes the PGlite template of this run (global teardown). */
export function removePgliteTemplate(runId?: string): void {
  const template = pgliteTemplatePath(runId);
  rmSync(template, { recursive: true, force: true });
  rmSync(copiesOf(template), { recursive: true, force: true });
}
