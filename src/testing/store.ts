// A whole store for tests, on a fresh database, driven with Fastify's `inject` (no socket).
import pino from 'pino';
import { loadConfig, type Config } from '../config.ts';
import type { Clock } from '../platform/clock.ts';
import type { Module } from '../platform/module.ts';
import { createStore, type Store } from '../store.ts';
import { testDatabase } from './database.ts';

export interface TestStore extends Store {
  close(): Promise<void>;
}

export interface TestStoreOptions {
  clock?: Clock;
  modules?: Module[];
  env?: Record<string, string>;
  /** Run the job worker (default false: tests drive jobs explicitly or turn it on). */
  worker?: boolean;
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
    DATA_DIR: '/nonexistent/doorstep-test',
    BASE_URL: 'http://store.test',
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
    // The embedded payment gateway simulator: any free port, state in memory only.
    GATEWAY_SIMULATOR_PORT: '0',
    GATEWAY_SIMULATOR_JOURNAL: 'false',
    ...env,
  });
}

export async function createTestStore(options: TestStoreOptions = {}): Promise<TestStore> {
  const config = { ...testConfig(options.env), worker: options.worker ?? false };
  const database = await testDatabase();
  let store: Store;
  try {
    store = await createStore(config, {
      database,
      log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.modules ? { modules: options.modules } : {}),
    });
  } catch (error) {
    await database.dispose();
    throw error;
  }
  await store.start();
  return {
    ...store,
    async close() {
      await store.stop(); // closes the database connection
      await database.dispose();
    },
  };
}

/** Pulls a cookie value out of an inject() response's set-cookie headers. */
export function cookieFrom(response: { headers: Record<string, unknown> }, name: string): string | undefined {
  const raw = response.headers['set-cookie'];
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  for (const line of list as string[]) {
    const [pair] = line.split(';');
    const [key, ...value] = pair!.split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
