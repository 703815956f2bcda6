// What every benchmark under bench/ shares: a bare Fastify hello-world to compare with, a
// load generator in its own process (autocannon, each connection asking as fast as it is
// answered; or steady traffic at a set rate; a warm-up then a measured run, browser-like
// headers, never conditional, only 2xx counted), starting and stopping
// servers whose output goes to a file, and the results table. Run as a child process with
// --hello <port> or --load <url>; imported by the benchmark scripts otherwise.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const projectRoot = resolve(import.meta.dirname, '..', '..');
export const projectNode = join(projectRoot, 'node_modules', '.bin', 'node');
const self = import.meta.filename;

/**
 * The PostgreSQL server the benchmarks make their temporary databases on
 * (BENCH_ADMIN_DATABASE_URL to change it). By default the local server's Unix socket, as a
 * store on the database's own host connects: on this machine a round trip through it costs
 * a third to a half of one through TCP on 127.0.0.1, and a page or a checkout step makes
 * several. Give a 127.0.0.1 URL to measure the TCP path.
 */
export const BENCH_POSTGRES_URL =
  process.env.BENCH_ADMIN_DATABASE_URL ??
  (existsSync('/var/run/postgresql') ? 'postgres://postgres@localhost/postgres?host=/var/run/postgresql' : 'postgres://postgres@127.0.0.1:5432/postgres');

export const CONNECTIONS = 50;
export const WARMUP_SECONDS = 2;
export const MEASURE_SECONDS = 10;

// What Chrome sends for a page navigation (no cookies: a first visit; never conditional).
const BROWSER_HEADERS: Record<string, string> = {
  accept:
    'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8',
  'accept-encoding': 'gzip, deflate, br',
  'accept-language': 'en-US,en;q=0.9',
  'user-agent':
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
  'upgrade-insecure-requests': '1',
  'sec-fetch-dest': 'document',
  'sec-fetch-mode': 'navigate',
  'sec-fetch-site': 'none',
  'sec-fetch-user': '?1',
};

export interface LoadResult {
  url: string;
  seconds: number;
  ok: number;
  okPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  /** Status code → count, for every non-2xx answer. */
  other: Record<string, number>;
  errors: number;
  timeouts: number;
  bytesPerSecond: number;
}

// ---------------------------------------------------------------------------------------
// Child mode 1: the bare Fastify hello-world.
async function helloWorld(port: number): Promise<void> {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  app.get('/', async () => ({ hello: 'world' }));
  await app.listen({ port, host: '127.0.0.1' });
  process.stdout.write(`hello-world listening on port ${port}\n`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

// ---------------------------------------------------------------------------------------
// Child mode 2: the load generator. Prints one JSON line with the measured run.
interface AutocannonInstance {
  on(
    event: 'response',
    listener: (client: unknown, status: number, bytes: number, ms: number) => void,
  ): void;
  on(event: 'done', listener: (result: AutocannonResult) => void): void;
}
interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
  timeout: number;
}) => AutocannonInstance;

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** A run's figures from the latencies of its successes. */
function loadResult(url: string, elapsed: number, latencies: number[], okBytes: number, other: Record<string, number>, errors: number, timeouts: number): LoadResult {
  const sorted = Float64Array.from(latencies).sort();
  return {
    url,
    seconds: elapsed,
    ok: latencies.length,
    okPerSecond: latencies.length / elapsed,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? (sorted[sorted.length - 1] ?? Number.NaN) : Number.NaN,
    other,
    errors,
    timeouts,
    bytesPerSecond: okBytes / elapsed,
  };
}

async function loadRun(url: string, seconds: number, connections: number): Promise<LoadResult> {
  // autocannon ships CommonJS without type declarations: load it untyped.
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const latencies: number[] = [];
  const other: Record<string, number> = {};
  let okBytes = 0;
  // A signed-in visitor's session (staff pages) comes through the environment, not the command line.
  const cookie = process.env.BENCH_LOAD_COOKIE;
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    headers: cookie ? { ...BROWSER_HEADERS, cookie } : BROWSER_HEADERS,
    timeout: 10,
  });
  instance.on('response', (_client, status, bytes, ms) => {
    if (status >= 200 && status < 300) {
      latencies.push(ms);
      okBytes += bytes;
    } else {
      other[status] = (other[status] ?? 0) + 1;
    }
  });
  const result = await new Promise<AutocannonResult>((done) => instance.on('done', done));
  return loadResult(url, result.duration || seconds, latencies, okBytes, other, result.errors, result.timeouts);
}

/**
 * Steady traffic: request i leaves at start + i/rate seconds, on up to `connections` kept-alive
 * sockets, whether or not the ones before were answered (autocannon's own rate limit sends each
 * second's requests in a burst at its start, which measures the burst). A request's latency
 * counts from the moment it was due, so a slow answer that holds up the next ones shows in
 * theirs too.
 */
async function steadyRun(url: string, seconds: number, connections: number, rate: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const cookie = process.env.BENCH_LOAD_COOKIE;
  const headers = cookie ? { ...BROWSER_HEADERS, cookie } : BROWSER_HEADERS;
  const latencies: number[] = [];
  const other: Record<string, number> = {};
  let errors = 0;
  let okBytes = 0;
  const total = Math.round(seconds * rate);
  const start = performance.now();
  const one = (due: number) =>
    new Promise<void>((done) => {
      // From when it was due, or when it left if that was a moment early.
      const sentAt = Math.max(due, performance.now());
      const request = http.get(url, { agent, headers, timeout: 10_000 }, (response) => {
        let bytes = 0;
        response.on('data', (chunk: Buffer) => (bytes += chunk.length));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            latencies.push(performance.now() - sentAt);
            okBytes += bytes;
          } else other[status] = (other[status] ?? 0) + 1;
          done();
        });
      });
      request.on('timeout', () => request.destroy(new Error('timeout')));
      request.on('error', () => {
        errors++;
        done();
      });
    });
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(one(due));
  }
  await Promise.all(pending);
  agent.destroy();
  return loadResult(url, (performance.now() - start) / 1000, latencies, okBytes, other, errors, 0);
}

async function loadGenerator(url: string, connections: number, rate?: number): Promise<void> {
  const run = (seconds: number) => (rate ? steadyRun(url, seconds, connections, rate) : loadRun(url, seconds, connections));
  await run(WARMUP_SECONDS);
  const result = await run(MEASURE_SECONDS);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

// ---------------------------------------------------------------------------------------
// Orchestrator.
const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

export function cleanUp(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

export async function freePort(): Promise<number> {
  return await new Promise((done, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export function log(message: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

export interface Server {
  name: string;
  baseUrl: string;
  child: ChildProcess;
  logFile: string;
  exited: Promise<void>;
}

/** Spawns a server whose stdout and stderr go to a file, and waits for its "listening on port" line. */
export async function startServer(
  name: string,
  args: string[],
  env: Record<string, string | undefined>,
  port: number,
  dir: string,
  timeoutSeconds: number,
): Promise<Server> {
  const logFile = join(dir, `${name}.log`);
  const fd = openSync(logFile, 'w');
  const child = spawn(projectNode, args, { cwd: projectRoot, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  children.add(child);
  const exited = new Promise<void>((done) =>
    child.on('exit', () => {
      children.delete(child);
      done();
    }),
  );
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    const text = readFileSync(logFile, 'utf8');
    if (/listening on port \d+/.test(text)) break;
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not start:\n${text.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { name, baseUrl: `http://127.0.0.1:${port}`, child, logFile, exited };
}

export async function stopServer(server: Server): Promise<void> {
  server.child.kill('SIGTERM');
  const force = setTimeout(() => server.child.kill('SIGKILL'), 20_000);
  await server.exited;
  clearTimeout(force);
}

export function rssMiB(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return kb / 1024;
  } catch {
    return Number.NaN;
  }
}

/**
 * Loads `url` from a separate process with `connections` concurrent connections (50 by
 * default), as a first visit or, with `cookie`, as a signed-in visitor. Each connection sends
 * its next request as soon as the last is answered (the most the server gives: its
 * throughput, with every request queued behind the others), unless `rate` caps the requests
 * per second across them all: the latency visitors get at that traffic.
 */
export async function measure(url: string, connections = CONNECTIONS, options: { cookie?: string; rate?: number } = {}): Promise<LoadResult> {
  log(
    `load ${url}: ${connections} connections${options.rate ? `, at most ${options.rate} requests/s` : ''}, ${WARMUP_SECONDS} s warm-up + ${MEASURE_SECONDS} s`,
  );
  const child = spawn(projectNode, [self, '--load', url, String(connections), ...(options.rate ? [String(options.rate)] : [])], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: options.cookie ? { ...process.env, BENCH_LOAD_COOKIE: options.cookie } : process.env,
  });
  children.add(child);
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
  children.delete(child);
  if (code !== 0) throw new Error(`the load generator failed (exit ${code}) on ${url}`);
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as LoadResult;
}

/** Shares of the measured throughput the latency is also measured at (see latencyUnderLoad). */
export const LOAD_SHARES = [0.25, 0.5, 0.75];

/**
 * A page's latency against a p99 target, two ways: with `saturation` connections each sending
 * as fast as it is answered (the throughput, every request queued behind the others: p99 there
 * is roughly connections ÷ throughput, whatever the page costs), then at fixed traffic of a
 * quarter, a half and three quarters of that throughput, as real visitors arrive. Prints a line
 * per run and the traffic up to which the target held.
 */
export async function latencyUnderLoad(url: string, options: { targetP99: number; saturation: readonly number[]; cookie?: string; label?: string }): Promise<void> {
  const label = options.label ? `${options.label} ` : '';
  const line = (what: string, result: LoadResult) => {
    const others = Object.entries(result.other).map(([status, n]) => `${n}× ${status}`).join(', ') || 'none';
    const verdict = result.p99 < options.targetP99 ? 'met' : 'MISSED';
    console.log(`  ${label}${what}: ${fmt(result.okPerSecond)} requests/s, p50 ${fmt(result.p50, 1)} ms, p99 ${fmt(result.p99, 1)} ms, max ${fmt(result.max, 1)} ms — p99 < ${options.targetP99} ms: ${verdict}; non-2xx: ${others}, errors ${result.errors}`);
  };
  let throughput = 0;
  for (const connections of options.saturation) {
    const result = await measure(url, connections, { ...(options.cookie ? { cookie: options.cookie } : {}) });
    line(`${String(connections).padStart(2)} connections, as fast as answered`, result);
    throughput = Math.max(throughput, result.okPerSecond);
  }
  let held = 0;
  for (const share of LOAD_SHARES) {
    const rate = Math.max(1, Math.round(throughput * share));
    const result = await measure(url, CONNECTIONS, { rate, ...(options.cookie ? { cookie: options.cookie } : {}) });
    line(`${String(rate).padStart(4)} requests/s offered (${share * 100} % of the throughput)`, result);
    if (result.p99 < options.targetP99 && result.errors === 0 && Object.keys(result.other).length === 0) held = Math.max(held, result.okPerSecond);
  }
  console.log(
    held > 0
      ? `  ${label}p99 < ${options.targetP99} ms held up to ${fmt(held)} requests/s (throughput ${fmt(throughput)} requests/s)`
      : `  ${label}p99 < ${options.targetP99} ms held at none of the measured traffic (throughput ${fmt(throughput)} requests/s)`,
  );
}

export interface Row {
  label: string;
  result: LoadResult;
  rss: number;
}

export function fmt(n: number, digits = 0): string {
  return Number.isFinite(n) ? n.toFixed(digits) : '-';
}

export function printTable(rows: Row[]): void {
  const header = [
    'target',
    '2xx req/s',
    'p50 ms',
    'p99 ms',
    'max ms',
    'KiB/s',
    'non-2xx',
    'errors',
    'RSS MiB',
  ];
  const lines = rows.map((row) => {
    const r = row.result;
    const other = Object.entries(r.other)
      .map(([status, count]) => `${count}×${status}`)
      .join(' ');
    return [
      row.label,
      fmt(r.okPerSecond),
      fmt(r.p50, 2),
      fmt(r.p99, 2),
      fmt(r.max, 1),
      fmt(r.bytesPerSecond / 1024),
      other || '0',
      String(r.errors + r.timeouts),
      fmt(row.rss),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(line(l));
}


/** Stops everything this run started when it ends, is interrupted, or overruns `seconds`. */
export function installGuards(watchdogSeconds: number): () => void {
  const watchdog = setTimeout(() => {
    log(`watchdog: still running after ${watchdogSeconds} s, giving up`);
    cleanUp();
    process.exit(2);
  }, watchdogSeconds * 1000);
  watchdog.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      cleanUp();
      process.exit(130);
    });
  }
  process.on('exit', cleanUp);
  return () => clearTimeout(watchdog);
}

/** A temporary directory removed at the end of the run. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'doorstep-bench-'));
  tempDirs.add(dir);
  return dir;
}

/** This process's environment without anything that would change how the store runs. */
export function cleanEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const key of ['DATABASE_URL', 'NODE_OPTIONS', 'NODE_TEST_CONTEXT', 'DEMO_DATA', 'WORKER', 'LOG_LEVEL', 'DATA_DIR', 'HOST', 'PORT', 'BASE_URL', 'NODE_ENV', 'PAGE_CACHE']) {
    delete env[key];
  }
  return env;
}

/** Measures the bare Fastify hello-world: the yardstick every figure is compared with. */
export async function measureHelloWorld(dir: string): Promise<Row> {
  const port = await freePort();
  log('starting the Fastify hello-world');
  const hello = await startServer('hello-world', [self, '--hello', String(port)], cleanEnv(), port, dir, 30);
  const result = await measure(`${hello.baseUrl}/`);
  const row = { label: 'fastify hello-world  GET /', result, rss: rssMiB(hello.child.pid) };
  await stopServer(hello);
  return row;
}

/**
 * With BENCH_CPU_PROF=<dir>, a store started by a benchmark writes a V8 CPU profile there when
 * it stops (open it in Chrome's DevTools): where the measured requests spend their time.
 */
export function profilingEnv(): Record<string, string> {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${resolve(dir)}` } : {};
}

/** Starts the store exactly as `npm start` does (worker and info logging on), with extra settings. */
export async function startStore(dir: string, name: string, env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const started = Date.now();
  const server = await startServer(
    name,
    ['--import', './src/platform/runtime/jsx-hooks.ts', 'src/main.ts'],
    { ...cleanEnv(), ...profilingEnv(), HOST: '127.0.0.1', PORT: String(port), BASE_URL: `http://127.0.0.1:${port}`, ...env },
    port,
    dir,
    300,
  );
  log(`${name} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return server;
}

/** One job_queue_<name> gauge of a /metrics text: [queue, value] per queue. */
function queueSeries(metrics: string, name: string): [string, number][] {
  return [...metrics.matchAll(new RegExp(`^job_queue_${name}\\{queue="([^"]*)"[^}]*\\} (\\d+)`, 'gm'))].map((m) => [m[1]!, Number(m[2])]);
}

/**
 * Waits (up to `maxSeconds`) until no job is due or running, so start-up work (summary
 * refreshes, the first image fetches) does not share the CPU with the measured run. Jobs set
 * for later (an image fetch resting before its next try: the demo's images cannot be fetched
 * offline) are not waited for. Returns the due and running jobs left when it gave up.
 */
export async function waitForIdleJobs(baseUrl: string, maxSeconds: number): Promise<number> {
  const deadline = Date.now() + maxSeconds * 1000;
  const sum = (metrics: string, name: string) => queueSeries(metrics, name).reduce((total, [, n]) => total + n, 0);
  let busy = Number.NaN;
  let later = 0;
  for (;;) {
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    busy = sum(metrics, 'waiting') + sum(metrics, 'active');
    later = sum(metrics, 'scheduled');
    if (busy === 0 || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const scheduled = later ? ` (${later} set for later)` : '';
  log(busy === 0 ? `no job due or running${scheduled}` : `${busy} jobs still due or running after ${maxSeconds} s${scheduled}; measuring anyway`);
  return busy;
}

/** Due, set-for-later, running and dead jobs per queue, from the store's /metrics, for a run's report. */
export async function jobBacklog(baseUrl: string): Promise<string> {
  const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
  return ['waiting', 'scheduled', 'active', 'dead_letters']
    .map((name) => {
      const series = queueSeries(metrics, name);
      const named = series.filter(([, n]) => n > 0).map(([queue, n]) => `${queue} ${n}`);
      return `${name.replace('_', ' ')} ${series.reduce((sum, [, n]) => sum + n, 0)}${named.length ? ` (${named.join(', ')})` : ''}`;
    })
    .join('; ');
}

/** Prints how each row compares with the hello-world row. */
export function printRatios(hello: Row, rows: Row[]): void {
  const base = hello.result.okPerSecond;
  for (const row of rows) {
    const ratio = base > 0 ? row.result.okPerSecond / base : Number.NaN;
    console.log(`ratio ${row.label.replace(/\s+/g, ' ')} / hello-world: ${fmt(ratio, 3)} (${fmt(ratio * 100, 1)} % of the bare Fastify throughput)`);
    if (row.result.ok === 0) console.log(`  note: no 2xx at all for ${row.result.url}; answers were ${JSON.stringify(row.result.other)}`);
  }
}

// ---------------------------------------------------------------------------------------
if (process.argv[1] === self) {
  const [mode, arg, connections, rate] = process.argv.slice(2);
  if (mode === '--hello') await helloWorld(Number(arg));
  else if (mode === '--load') await loadGenerator(String(arg), Number(connections ?? CONNECTIONS), rate ? Number(rate) : undefined);
}

/** CPU seconds (user + system) a process has used so far, from /proc; its command name too. */
function cpuOf(pid: number | string): { comm: string; seconds: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command; in ticks of 1/100 s.
    return {
      comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(') ')),
      seconds: (Number(fields[11]) + Number(fields[12])) / 100,
    };
  } catch {
    return { comm: '', seconds: Number.NaN };
  }
}

/** CPU seconds used so far by every process named postgres on this machine (0 when it runs elsewhere). */
function postgresCpu(): number {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(cpuOf)
    .filter((p) => p.comm === 'postgres' && Number.isFinite(p.seconds))
    .reduce((sum, p) => sum + p.seconds, 0);
}

/**
 * Starts counting CPU seconds: of each process named in `pids`, of PostgreSQL's processes on
 * this machine (0 when it runs elsewhere) and of this process, the load driver. `used()`
 * answers what each has spent since: steadier than a rate on a machine whose speed varies.
 */
export function cpuMeter<K extends string>(pids: Record<K, number>): { used(): Record<K | 'postgres' | 'driver', number> } {
  const names = Object.keys(pids) as K[];
  const of = () => Object.fromEntries(names.map((name) => [name, cpuOf(pids[name]).seconds])) as Record<K, number>;
  const before = { processes: of(), postgres: postgresCpu(), driver: process.cpuUsage() };
  return {
    used() {
      const now = of();
      const driver = process.cpuUsage(before.driver);
      return {
        ...(Object.fromEntries(names.map((name) => [name, now[name] - before.processes[name]])) as Record<K, number>),
        postgres: postgresCpu() - before.postgres,
        driver: (driver.user + driver.system) / 1e6,
      };
    },
  };
}
