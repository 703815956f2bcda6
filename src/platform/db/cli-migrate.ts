// `npm run migrate`: applies the migrations to the configured database. The store applies
// them at start as well; this is for deploy pipelines that migrate before rolling out.
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../config.ts';
import { openDatabase } from './database.ts';
import { DataDirLockedError, lockDataDir } from './lock.ts';
import { expectedMigrationCount, migrate } from './migrate.ts';

try {
  const config = loadConfig();
  const lock = config.databaseUrl ? undefined : lockDataDir(config.dataDir);
  const database = await openDatabase({ url: config.databaseUrl, dataDir: join(config.dataDir, 'pglite') });
  try {
    await migrate(database);
    process.stdout.write(`Database is up to date (${expectedMigrationCount()} migrations).\n`);
  } finally {
    await database.close();
    lock?.release();
  }
} catch (error) {
  if (error instanceof DataDirLockedError) {
    // The running store applied every migration when it started.
    process.stdout.write(`${error.message}\nThe running store applied its migrations at start; nothing to do.\n`);
  } else if (error instanceof ConfigError) {
    process.stderr.write(`doorstep: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
