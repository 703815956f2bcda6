// What a command-line tool (create-admin, import:products) needs before it can work: the
// configuration, the embedded data directory's lock (one process at a time), and the
// migrated database. Every refusal is one sentence for the person at the terminal.
import { join } from 'node:path';
import { ConfigError, loadConfig, type Config } from '../../config.ts';
import { openDatabase, type Database } from './database.ts';
import { DataDirLockedError, lockDataDir, type DataDirLock } from './lock.ts';
import { migrate } from './migrate.ts';

export interface CommandDatabase {
  config: Config;
  database: Database;
  /** Releases the data-directory lock; close the database first. */
  unlock(): void;
}

/**
 * Opens and migrates the configured database for a command. `fail` receives the message
 * for a bad setting or a running embedded store; `whileRunning` says what to do instead.
 */
export async function openForCommand(fail: (message: string) => never, whileRunning: string): Promise<CommandDatabase> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  let lock: DataDirLock | undefined;
  if (!config.databaseUrl) {
    try {
      lock = lockDataDir(config.dataDir);
    } catch (error) {
      if (error instanceof DataDirLockedError) {
        fail(`the store is running on the embedded database in ${config.dataDir}, which only one process may open.\n${whileRunning}`);
      }
      throw error;
    }
  }
  try {
    const database = await openDatabase({ url: config.databaseUrl, dataDir: join(config.dataDir, 'pglite') });
    try {
      await migrate(database);
    } catch (error) {
      await database.close();
      throw error;
    }
    return { config, database, unlock: () => lock?.release() };
  } catch (error) {
    lock?.release();
    throw error;
  }
}
