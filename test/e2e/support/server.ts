// Starts the real store as a child process, exactly as `npm start` runs it, on a free
// loopback port with its own temporary data directory. Browser tests and fault tests
// drive it from the outside: they see only HTTP, signals and what the process prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The project root (this file is test/e2e/support/server.ts). */
export const projectRoot = resolve(import.meta.dirname, '..', '..', '..');

/** Node 24 from the `node` dev dependency, whatever Node the machine has. */
export const projectNode = join(projectRoot, 'node_modules', '.bin', 'node');

export interface StartOptions {
  /** Load the demo store (DEMO_DATA). Default false: an empty store starts faster. */
  demoData?: boolean;
  /** Extra or overriding environment, e.g. `{ DATABASE_URL: 'postgres://…' }`. */
  env?: Record<string, string | undefined>;
  /**
   * Use this data directory instead of a fresh temporary one (e.g. to restart a store after
   * `kill()` on the same data). A directory given here is never removed.
   */
  dataDir?: string;
  /**
   * Listen on this port instead of a free one, e.g. to restart a store at the same address
   * so a browser reloads the same URL with the same cookies. No retry if it is taken.
   */
  port?: number;
  /**
   * Seconds to wait for the "listening on port N" line. Default 180: alone, a store loading
   * the demo catalogue listens after about 10 s, but in CI it starts beside the other test
   * suite, a second browser file and its Chromium on two cores, where over 60 s was seen.
   */
  timeoutSeconds?: number;
  /** LOG_LEVEL for the store. Default warn. */
  logLevel?: string;
}

export interface ExitResult {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningStore {
  /** `http://127.0.0.1:<port>`, also the store's BASE_URL. */
  baseUrl: string;
  port: number;
  dataDir: string;
  pid: number;
  /** Everything the process printed so far, stdout and stderr interleaved. */
  output(): string;
  /**
   * What was printed when this store's data was first made, such as the demo staff accounts:
   * its own output, or, for a store started on a copy of the run's demo store, that store's.
   */
  firstStartOutput(): string;
  /** SIGTERM, wait for a clean exit (SIGKILL after 30 s), then remove the temporary data directory. */
  stop(): Promise<ExitResult>;
  /** Sends a signal (default SIGKILL) and waits for the process to end. Keeps the data directory. */
  kill(signal?: NodeJS.Signals): Promise<ExitResult>;
}

/** A port that was free a moment ago: listen on port 0, read it, close. */
export async function freePort(): Promise<number> {
  return await new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

// Children and temporary directories still alive when the test process exits are cleaned
// up here, so a failed or interrupted run leaves no store running and nothing in /tmp.
const liveChildren = new Set<ChildProcess>();
const ownedDirs = new Set<string>();
process.on('exit', () => {
  for (const child of liveChildren) child.kill('SIGKILL');
  for (const dir of ownedDirs) rmSync(dir, { recursive: true, force: true });
});

const READY_LINE = /listening on port (\d+)/;

/** Names the demo store's data directory that the run's global setup made (global-setup.ts). */
export const DEMO_TEMPLATE_ENV = 'E2E_DEMO_TEMPLATE';
/** Where the global setup keeps what the demo store printed at its first start, beside its data. */
export const firstOutputOf = (dataDir: string) => `${dataDir}.first-start.log`;

export async function startStore(options: StartOptions = {}): Promise<RunningStore> {
  if (options.port !== undefined) return await startOnce(options, options.port);
  // The port is picked before the start (BASE_URL must name it); if another process takes
  // it in between, try again with a new one.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options, await freePort());
    } catch (error) {
      if (attempt < 3 && (error as Error).message.includes('EADDRINUSE')) continue;
      throw error;
    }
  }
}

async function startOnce(options: StartOptions, port: number): Promise<RunningStore> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'doorstep-e2e-'));
  if (ownDir) ownedDirs.add(dataDir);
  // A demo store on the embedded database starts on a copy of the run's demo store, loaded once.
  const demoTemplate = process.env[DEMO_TEMPLATE_ENV];
  let inherited: string | undefined;
  if (ownDir && options.demoData && demoTemplate && !options.env?.DATABASE_URL) {
    cpSync(demoTemplate, dataDir, { recursive: true });
    inherited = readFileSync(firstOutputOf(demoTemplate), 'utf8');
  }
  const baseUrl = `http://127.0.0.1:${port}`;

  const env: Record<string, string | undefined> = { ...process.env };
  // Not the test runner's business: the store must not believe it is a test file.
  delete env.NODE_TEST_CONTEXT;
  delete env.NODE_OPTIONS;
  // A DATABASE_URL from the surrounding shell must not leak in; tests pass one explicitly.
  delete env.DATABASE_URL;
  Object.assign(env, {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    BASE_URL: baseUrl,
    DATA_DIR: dataDir,
    DEMO_DATA: options.demoData ? 'true' : 'false',
    LOG_LEVEL: options.logLevel ?? 'warn',
    ...options.env,
  });
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];

  const child = spawn(
    projectNode,
    ['--import', './src/platform/runtime/jsx-hooks.ts', 'src/main.ts'],
    { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  liveChildren.add(child);

  let out = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (out += chunk));
  child.stderr.on('data', (chunk: string) => {
    out += chunk;
    stderr += chunk;
  });

  const exited = new Promise<ExitResult>((resolveExit) => {
    child.on('exit', (code, signal) => {
      liveChildren.delete(child);
      resolveExit({ code, signal });
    });
  });

  const removeDir = () => {
    if (!ownDir) return;
    rmSync(dataDir, { recursive: true, force: true });
    ownedDirs.delete(dataDir);
  };

  const timeoutMs = (options.timeoutSeconds ?? 180) * 1000;
  try {
    await new Promise<void>((resolveReady, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`the store did not say "listening on port N" within ${timeoutMs / 1000} s`),
          ),
        timeoutMs,
      );
      const onData = () => {
        const ready = READY_LINE.exec(out);
        if (ready) {
          clearTimeout(timer);
          if (Number(ready[1]) !== port)
            reject(new Error(`the store listens on port ${ready[1]}, expected ${port}`));
          child.stdout.off('data', onData);
          resolveReady();
        }
      };
      child.stdout.on('data', onData);
      onData();
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`the store exited before it was ready (code ${code}, signal ${signal})`));
      });
    });
  } catch (error) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    removeDir();
    const shown = stderr.trim() || out.trim() || '(nothing)';
    throw new Error(
      `${(error as Error).message}\n--- store output (port ${port}) ---\n${shown}\n---`,
      {
        cause: error,
      },
    );
  }

  const kill = async (signal: NodeJS.Signals = 'SIGKILL'): Promise<ExitResult> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return await exited;
  };

  return {
    baseUrl,
    port,
    dataDir,
    pid: child.pid ?? -1,
    output: () => out,
    firstStartOutput: () => inherited ?? out,
    kill,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const force = setTimeout(() => child.kill('SIGKILL'), 30_000);
        try {
          await exited;
        } finally {
          clearTimeout(force);
        }
      }
      removeDir();
      return await exited;
    },
  };
}
