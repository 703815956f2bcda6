// Runs once per `node --test` run: builds the migrated template that every test file copies,
// and removes it at the end so a run leaves nothing behind.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgliteTemplate, createPostgresTemplate, dropPostgresTemplate, removePgliteTemplate } from './database.ts';

const runId = String(process.pid);
const cacheDir = join(tmpdir(), `doorstep-test-cache-${runId}`);
const resolveHooks = `--import=${new URL('./resolve-hooks.ts', import.meta.url).href}`;

export async function globalSetup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  process.env.DOORSTEP_TEST_TEMPLATE = url ? await createPostgresTemplate(url, runId) : await createPgliteTemplate(runId);
  // The unit suite runs in one process (--test-isolation=none), but the stores and commands
  // its tests start are processes that load the whole store (some 2,500 modules, 150 of them
  // JSX): with Node's compile cache, which the JSX hooks use too, only the first compiles them,
  // and the resolve hooks spare each one the package lookups Node repeats.
  process.env.NODE_COMPILE_CACHE ??= cacheDir;
  process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, resolveHooks].filter(Boolean).join(' ');
}

export async function globalTeardown(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) await dropPostgresTemplate(url, runId);
  else removePgliteTemplate(runId);
  rmSync(cacheDir, { recursive: true, force: true });
}

/**
 * For a test's child process (a store, a command): the run's compile cache and resolve hooks,
 * which change no behaviour and spare it seconds of starting, and nothing else of the run's settings.
 */
export function fastStartEnv(): Record<string, string> {
  return {
    ...(process.env.NODE_COMPILE_CACHE ? { NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE } : {}),
    ...(process.env.NODE_OPTIONS?.includes(resolveHooks) ? { NODE_OPTIONS: resolveHooks } : {}),
  };
}
