// Stores, gateway simulators and command-line tools as child processes, for tests and benchmarks that must kill
// the server or load it from outside: the store is started as `npm start` starts it
// (src/main.ts), the simulator as `npm run gateway:simulator` does, each with its output in a
// log file and nothing of this process's environment but what it is given. Every child is
// killed when this process ends, however it ends. The database a child store uses is made
// here too (a PGlite data directory or a PostgreSQL database), and can be filled in this
// process, through the modules' own code, before the child opens it.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { openDatabase, type Database } from '../platform/db/database.ts';
import type { Platform } from '../platform/platform.ts';
import { createStore } from '../store.ts';
import { copyPgliteTemplate, createPostgresTemplate } from './database.ts';
import { fastStartEnv } from './global-setup.ts';
import { testConfig } from './store.ts';

const projectRoot = resolve(import.meta.dirname, '..', '..');
const projectNode = join(projectRoot, 'node_modules', '.bin', 'node');
const RUNTIME_HOOKS = ['--import', './src/platform/runtime/jsx-hooks.ts'];

/** The only variables a child inherits: nothing of a test runner's or a shell's settings leaks into the store. */
const INHERITED = ['PATH', 'HOME', 'TMPDIR', 'TZ', 'LANG'];

function fromEnv(keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.flatMap((key) => (process.env[key] ? [[key, process.env[key]]] : [])));
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildServer {
  name: string;
  /** Where it answers, e.g. http://127.0.0.1:41234. */
  url: string;
  child: ChildProcess;
  logFile: string;
  /** Resolves when the process has ended. */
  exited: Promise<Exit>;
  /** Everything it has printed so far. */
  output(): string;
  /** SIGTERM, then SIGKILL if it is still running after `graceMs`. */
  stop(graceMs?: number): Promise<Exit>;
}

const running = new Set<ChildProcess>();
let killOnExit = false;

/** SIGKILLs every child still running: at process exit, and from a test's after hook. */
export function killChildren(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

export async function freePort(): Promise<number> {
  return await new Promise((done, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Spawns the project's Node with `args`; resolves once its output matches `ready` (its first group is the URL). */
async function spawnServer(name: string, args: string[], env: Record<string, string>, dir: string, ready: RegExp, timeoutMs: number): Promise<ChildServer> {
  if (!killOnExit) {
    killOnExit = true;
    process.on('exit', killChildren);
    // Killed by a signal, this process has no 'exit' event: take the children along, then die of it as before.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => {
        killChildren();
        process.kill(process.pid, signal);
      });
    }
  }
  mkdirSync(dir, { recursive: true });
  const logFile = join(dir, `${name}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(projectNode, args, { cwd: projectRoot, env: { ...fromEnv(INHERITED), ...fastStartEnv(), ...env }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  running.add(child);
  const exited = new Promise<Exit>((done) =>
    child.on('exit', (code, signal) => {
      running.delete(child);
      done({ code, signal });
    }),
  );
  const start = readFileSync(logFile, 'utf8').length;
  const output = () => readFileSync(logFile, 'utf8').slice(start);
  const deadline = Date.now() + timeoutMs;
  let match: RegExpExecArray | null = null;
  while (!(match = ready.exec(output()))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not start within ${timeoutMs / 1000} s:\n${output().slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    name,
    url: match[1]!,
    child,
    logFile,
    exited,
    output,
    async stop(graceMs = 20_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const exit = await exited;
      clearTimeout(force);
      return exit;
    },
  };
}

/** The gateway's keys, shared by a simulator and the stores that use it. */
export interface GatewayKeys {
  secretKey: string;
  webhookSecret: string;
}

export function newGatewayKeys(): GatewayKeys {
  return { secretKey: `sk_test_${randomBytes(16).toString('hex')}`, webhookSecret: `whsec_${randomBytes(24).toString('base64url')}` };
}

export interface ChildSimulator extends ChildServer, GatewayKeys {}

/** `npm run gateway:simulator` on a free port, posting webhooks to `webhookUrl`, its journal in `dir`. */
export async function startSimulatorProcess(options: { dir: string; webhookUrl: string; keys: GatewayKeys; name?: string }): Promise<ChildSimulator> {
  const server = await spawnServer(
    options.name ?? 'gateway-simulator',
    [...RUNTIME_HOOKS, 'src/modules/payments/cli/gateway-simulator.ts'],
    {
      DATA_DIR: join(options.dir, 'gateway-simulator'),
      GATEWAY_SIMULATOR_PORT: '0',
      GATEWAY_SIMULATOR_WEBHOOK_URL: options.webhookUrl,
      STRIPE_SECRET_KEY: options.keys.secretKey,
      STRIPE_WEBHOOK_SECRET: options.keys.webhookSecret,
      LOG_LEVEL: 'warn',
    },
    options.dir,
    /Gateway simulator at (http:\/\/\S+) /,
    120_000,
  );
  return { ...server, ...options.keys };
}

/** The settings that make a store use this simulator. */
export function gatewayEnv(simulator: ChildSimulator): Record<string, string> {
  return { GATEWAY_URL: simulator.url, STRIPE_SECRET_KEY: simulator.secretKey, STRIPE_WEBHOOK_SECRET: simulator.webhookSecret };
}

/**
 * The store as `npm start` runs it, on `port` of 127.0.0.1 (BASE_URL to match), with `env`
 * on top (DATA_DIR, DATABASE_URL, the gateway, LOG_LEVEL, CRASH_AT, …). Resolves once it
 * says it is open: migrated, modules ready.
 */
export async function startStoreProcess(options: { dir: string; name: string; port: number; env: Record<string, string> }): Promise<ChildServer> {
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const server = await spawnServer(
    options.name,
    [...RUNTIME_HOOKS, 'src/main.ts'],
    { HOST: '127.0.0.1', PORT: String(options.port), BASE_URL: baseUrl, ...options.env },
    options.dir,
    /listening on port (\d+)/,
    300_000,
  );
  return { ...server, url: baseUrl };
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A command-line tool (`npm run create-admin`, `npm run import:products`) run to its end as
 * npm runs it: `script` with `args`, and of this process's environment only PATH and what
 * starts it faster, under `env`.
 */
export function runCommand(script: string, args: string[], env: Record<string, string>): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(projectNode, [...RUNTIME_HOOKS, script, ...args], {
      cwd: projectRoot,
      env: { ...fromEnv(['PATH']), ...fastStartEnv(), LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// ---- Databases for child stores -------------------------------------------------------

export interface ChildDatabase {
  /** DATA_DIR (and DATABASE_URL on PostgreSQL) for the store that uses it. */
  env: { DATA_DIR: string; DATABASE_URL?: string };
  /** Opens it in this process (only while no store process has it open, on PGlite). */
  open(): Promise<Database>;
  /** Deletes it (PostgreSQL: drops the database; PGlite's directory goes with the caller's temp dir). */
  drop(): Promise<void>;
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A database for a child store: on PostgreSQL when `postgresUrl` is given (a new database
 * beside the one it names), otherwise PGlite in `dir`/data. `migrated: true` starts it as a
 * copy of the test run's migrated template; otherwise it is empty and the first store to
 * open it migrates it.
 */
export async function createChildDatabase(options: { dir: string; postgresUrl?: string | undefined; migrated: boolean }): Promise<ChildDatabase> {
  const dataDir = join(options.dir, 'data');
  if (!options.postgresUrl) {
    mkdirSync(dataDir, { recursive: true });
    if (options.migrated) await copyPgliteTemplate(join(dataDir, 'pglite'));
    return { env: { DATA_DIR: dataDir }, open: () => openDatabase({ dataDir: join(dataDir, 'pglite') }), drop: async () => {} };
  }
  const adminUrl = options.postgresUrl;
  const name = `doorstep_child_${randomBytes(6).toString('hex')}`;
  const template = options.migrated ? (process.env.DOORSTEP_TEST_TEMPLATE ?? (await createPostgresTemplate(adminUrl))) : undefined;
  await admin(adminUrl, `create database ${name}${template ? ` template ${template}` : ''}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: url.href },
    open: () => openDatabase({ url: url.href, poolSize: 4 }),
    drop: () => admin(adminUrl, `drop database if exists ${name} with (force)`),
  };
}

/**
 * Runs `work` in a store inside this process on the child's database (no worker, nothing
 * listening), then stops that store: to fill the database through the modules' own code
 * before a child store opens it. An empty database is migrated first.
 */
export async function withStoreInProcess<T>(database: ChildDatabase, work: (platform: Platform) => Promise<T>): Promise<T> {
  const handle = await database.open();
  const store = await createStore({ ...testConfig(), worker: false }, { database: handle, log: pino({ level: 'silent' }) });
  try {
    await store.start();
    return await work(store.platform);
  } finally {
    await store.stop();
  }
}
