// Applies the one migrations folder to either driver. On PostgreSQL an advisory lock makes
// several instances starting at once apply each migration exactly once.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { rows, type Database } from './database.ts';

export const migrationsFolder = fileURLToPath(new URL('../../../drizzle', import.meta.url));

const MIGRATION_LOCK = 7_240_331; // any constant shared by every instance

export async function migrate(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
    return;
  }
  // The drizzle migrator opens its own transaction, so the lock is a session lock held on
  // one dedicated connection for the whole run.
  const client = new pg.Client({ connectionString: database.connectionString });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migratePg(drizzle({ client }) as unknown as NodePgDatabase, { migrationsFolder });
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  } finally {
    await client.end();
  }
}

/** Number of migrations in the folder's journal. */
export function expectedMigrationCount(): number {
  const journal = JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

/** True when the database answers and every migration in the folder is applied. */
export async function isMigrated(database: Database): Promise<boolean> {
  const result = await rows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
  );
  return (result[0]?.n ?? 0) >= expectedMigrationCount();
}
