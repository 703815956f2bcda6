// Checkout reservations under load: 50 concurrent shoppers each start checkout
// (POST /api/v1/checkout/hold) on a cart of their own, for (a) 1,000 different variants
// and (b) one hot variant, on PostgreSQL or PGlite. Every measured request is a real new
// reservation: the carts are created beforehand (each with its guest cookie), and each
// request takes the next one. After each scenario the database itself is checked: no
// variant has more reserved than on hand, the ledger explains every stock level, and there
// are exactly as many reservations as successful holds. Exits non-zero only when that check
// fails; a missed throughput target is printed, never hidden and never fatal.
//
//   npm run bench:reservations               # PostgreSQL
//   npm run bench:reservations -- pglite
//
// PostgreSQL: a temporary database is created on BENCH_ADMIN_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres) and dropped at the end.
//
// The store is the demo store (locations, shipping methods, calendar) plus 1,001 products
// written straight into the tables, as bench:catalog seeds its own: the catalogue's importer
// would leave thousands of follow-up jobs (availability flags, listing summaries, stock
// events) running in the store's worker during the measurement. Their stock goes in as
// receipts in the inventory ledger, so the ledger explains every level from the start. The
// load comes from a child process (this file with --drive), separate from the store, which
// runs as `npm start` runs it: worker and info logging on.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, rows, type Database } from '../src/platform/db/database.ts';
import {
  cleanEnv,
  CONNECTIONS,
  cpuMeter,
  fmt,
  installGuards,
  log,
  MEASURE_SECONDS,
  projectNode,
  projectRoot,
  rssMiB,
  startStore,
  stopServer,
  tempDir,
  waitForIdleJobs,
  WARMUP_SECONDS,
  BENCH_POSTGRES_URL,
  jobBacklog,
} from './support/harness.ts';

type Kind = 'postgres' | 'pglite';
type ScenarioName = 'spread' | 'hot';

const SPREAD_VARIANTS = 1_000;
/** Units on hand of every bench variant: far more than any run can reserve. */
const STOCK_PER_VARIANT = 1_000_000;
/** Carts made for the warm-up; it stops after WARMUP_SECONDS or when they are used up. */
const WARMUP_CARTS = 500;
/** Carts for the measured run: the warm-up's rate × MEASURE_SECONDS × this, at least MIN_CARTS. */
const CART_MARGIN = 2;
const MIN_CARTS = 1_000;
/**
 * The most carts one scenario may make: with STOCK_PER_VARIANT above it, the hot variant has
 * more stock than there can be attempts, so every refusal would be a fault, not a sell-out.
 */
const MAX_CARTS = 200_000;
const CART_CREATION_CONCURRENCY = 50;
/** The longest a scenario waits for the store's start-up jobs before it starts. */
const IDLE_WAIT_SECONDS = 120;

const SCENARIOS: Record<ScenarioName, { label: string; target: number }> = {
  spread: { label: `spread (${SPREAD_VARIANTS.toLocaleString('en')} variants)`, target: 500 },
  hot: { label: 'hot (1 variant)', target: 150 },
};

const ADMIN_URL = BENCH_POSTGRES_URL;

// What Chrome sends with a same-origin fetch() from the checkout page's script.
const BROWSER_HEADERS: Record<string, string> = {
  accept: 'application/json',
  'accept-encoding': 'gzip, deflate, br',
  'accept-language': 'en-US,en;q=0.9',
  'user-agent':
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
  'sec-fetch-dest': 'empty',
  'sec-fetch-mode': 'cors',
  'sec-fetch-site': 'same-origin',
};

// ---------------------------------------------------------------------------------------
// Child mode: the load driver. Makes the carts, warms up, measures, prints one JSON line.

interface Phase {
  /** Holds attempted (one per cart). */
  attempts: number;
  /** 200 answers. */
  ok: number;
  seconds: number;
  /** Whether the carts ran out before the time was up. */
  ranOut: boolean;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Status code (or "network") → count, for every answer but 200. */
  other: Record<string, number>;
}

interface DriveResult {
  warmup: Phase;
  measured: Phase;
  /**
   * CPU seconds used while measuring, by the store and by PostgreSQL's processes (0 when it
   * runs elsewhere): steadier than the rate on a machine whose speed varies through the day.
   */
  cpu: { store: number; postgres: number };
  cartsMade: number;
  cartsPerSecond: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ??
    Number.NaN
  );
}

/** The guest cart cookie a response sets, as a Cookie header value. */
function cartCookie(response: Response): string {
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(';')[0]!;
    if (pair.startsWith('cart=')) return pair;
  }
  throw new Error('adding to a new cart set no cart cookie');
}

/** Runs `task(i)` for i in 0..count-1, `concurrency` at a time. */
async function pool(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/** Makes `count` guest carts, each holding 1 unit of a random variant of `variantIds`. */
async function makeCarts(
  baseUrl: string,
  variantIds: readonly string[],
  count: number,
): Promise<string[]> {
  const cookies: string[] = new Array<string>(count);
  await pool(count, CART_CREATION_CONCURRENCY, async (i) => {
    const variantId = variantIds[Math.floor(Math.random() * variantIds.length)]!;
    const response = await fetch(`${baseUrl}/api/v1/cart/lines`, {
      method: 'POST',
      headers: { ...BROWSER_HEADERS, 'content-type': 'application/json', origin: baseUrl },
      body: JSON.stringify({ variantId, quantity: 1 }),
    });
    const body = await response.text();
    if (response.status !== 201)
      throw new Error(`adding to a cart answered ${response.status}: ${body.slice(0, 500)}`);
    cookies[i] = cartCookie(response);
  });
  return cookies;
}

/** CONNECTIONS workers each take the next cart and start its checkout, until `seconds` pass or the carts run out. */
async function holdAll(baseUrl: string, carts: readonly string[], seconds: number): Promise<Phase> {
  const latencies: number[] = [];
  const other: Record<string, number> = {};
  let next = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < carts.length && performance.now() < deadline) {
        const cookie = carts[next++]!;
        const sent = performance.now();
        let status: string;
        try {
          const response = await fetch(`${baseUrl}/api/v1/checkout/hold`, {
            method: 'POST',
            headers: { ...BROWSER_HEADERS, cookie, origin: baseUrl },
          });
          await response.arrayBuffer();
          status = String(response.status);
        } catch {
          status = 'network';
        }
        if (status === '200') latencies.push(performance.now() - sent);
        else other[status] = (other[status] ?? 0) + 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  return {
    attempts: next,
    ok: latencies.length,
    seconds: elapsed,
    ranOut: next >= carts.length && elapsed < seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
    other,
  };
}

async function drive(baseUrl: string, storePid: number, variantIds: readonly string[]): Promise<DriveResult> {
  const warmupCarts = await makeCarts(baseUrl, variantIds, WARMUP_CARTS);
  const warmup = await holdAll(baseUrl, warmupCarts, WARMUP_SECONDS);
  const rate = warmup.ok / warmup.seconds;
  const count = Math.min(
    MAX_CARTS,
    Math.max(MIN_CARTS, Math.ceil(rate * MEASURE_SECONDS * CART_MARGIN)),
  );
  log(
    `warm-up: ${warmup.ok} holds in ${fmt(warmup.seconds, 1)} s; making ${count} carts for the measured run`,
  );
  const making = performance.now();
  const carts = await makeCarts(baseUrl, variantIds, count);
  const cartsPerSecond = count / ((performance.now() - making) / 1000);
  // Whatever the cart additions queued must not share the CPU with the measured run.
  await waitForIdleJobs(baseUrl, 60);
  log(`measuring: ${CONNECTIONS} concurrent clients, ${MEASURE_SECONDS} s`);
  const meter = cpuMeter({ store: storePid });
  const measured = await holdAll(baseUrl, carts, MEASURE_SECONDS);
  const cpu = meter.used();
  return { warmup, measured, cpu, cartsMade: WARMUP_CARTS + count, cartsPerSecond };
}

// ---------------------------------------------------------------------------------------
// Orchestrator.

interface Check {
  violations: string[];
  levels: number;
  reservations: number;
}

interface ScenarioResult {
  kind: Kind;
  scenario: ScenarioName;
  drive: DriveResult;
  check: Check;
  backlog: string;
  rss: number;
  load: number[];
}

/**
 * The spread products and the hot one: one variant each, its stock counted and sold only
 * from stock (deny), STOCK_PER_VARIANT units at the default location received through the
 * ledger.
 */
async function seedProducts(database: Database): Promise<void> {
  await database.transaction(async (tx) => {
    await tx.execute(sql`
      insert into products (id, handle, title, body_html, vendor, product_type, tags, status, option_names,
                            price_min_minor, price_max_minor, option_values, available, published_at, created_at, updated_at)
      select gen_random_uuid(), handle, title, '<p>A product for the reservation benchmark.</p>', 'Bench', 'Bench',
             array['bench'], 'active', array['Size'], 1200, 1200, array['size:one size'], true, now(), now(), now()
      from (select 'bench-spread-' || lpad(i::text, 4, '0') as handle, 'Spread item ' || i as title
            from generate_series(1, ${SPREAD_VARIANTS}::int) as i
            union all select 'bench-hot', 'Hot item') as p`);
    await tx.execute(sql`
      insert into product_variants (id, product_id, position, option1, sku, price_minor)
      select gen_random_uuid(), id, 1, 'One size', upper(handle), 1200 from products where handle like 'bench-%'`);
    await tx.execute(sql`
      insert into variant_stock_policies (variant_id, policy, tracked)
      select id, 'deny', 1 from product_variants where sku like 'BENCH-%'`);
    await tx.execute(sql`
      insert into stock_levels (variant_id, location_id, on_hand)
      select v.id, l.id, ${STOCK_PER_VARIANT}::int
      from product_variants v cross join stock_locations l where v.sku like 'BENCH-%' and l.is_default = 1`);
    await tx.execute(sql`
      insert into stock_movements (id, variant_id, location_id, kind, on_hand_delta, reason, actor, reference)
      select gen_random_uuid(), variant_id, location_id, 'receipt', on_hand, 'Benchmark stock', 'system', 'bench'
      from stock_levels where variant_id in (select id from product_variants where sku like 'BENCH-%')`);
  });
  await database.db.execute(sql`analyze`);
}

/** Runs the project's Node with `args` in a child process; answers what it printed. */
async function run(args: string[], env: Record<string, string | undefined>): Promise<string> {
  const child = spawn(projectNode, args, {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = () => child.kill('SIGKILL');
  process.on('exit', stop);
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
  process.off('exit', stop);
  if (code !== 0) throw new Error(`${args.join(' ')} failed (exit ${code}):\n${out.slice(-2000)}`);
  return out;
}

function openBenchDatabase(env: Record<string, string>): Promise<Database> {
  return openDatabase({
    url: env.DATABASE_URL,
    dataDir: env.DATABASE_URL ? undefined : join(env.DATA_DIR!, 'pglite'),
  });
}

async function prepareDatabase(
  kind: Kind,
  dir: string,
): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  if (kind === 'pglite')
    return { env: { DATA_DIR: join(dir, 'pglite-data') }, drop: async () => {} };
  const name = `doorstep_bench_reservations_${process.pid}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`drop database if exists ${name}`);
  await admin(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.href, DATA_DIR: join(dir, 'pg-data') },
    drop: () => admin(`drop database if exists ${name} with (force)`),
  };
}

/** The demo store, then the bench products; answers their variant ids. */
async function seed(
  kind: Kind,
  dir: string,
  env: Record<string, string>,
): Promise<{ spread: string[]; hot: string[] }> {
  log(`${kind}: loading the demo store`);
  await stopServer(await startStore(dir, `${kind}-seed`, { ...env, DEMO_DATA: 'true' }));
  log(`${kind}: adding ${SPREAD_VARIANTS + 1} products with ${STOCK_PER_VARIANT} units each`);
  const database = await openBenchDatabase(env);
  try {
    await seedProducts(database);
    const variants = await rows<{ id: string; sku: string }>(
      database.db,
      sql`select id::text as id, sku from product_variants where sku like 'BENCH-%' order by sku`,
    );
    const spread = variants.filter((v) => v.sku.startsWith('BENCH-SPREAD-')).map((v) => v.id);
    const hot = variants.filter((v) => v.sku === 'BENCH-HOT').map((v) => v.id);
    if (spread.length !== SPREAD_VARIANTS || hot.length !== 1) {
      throw new Error(`the seed made ${spread.length} spread variants and ${hot.length} hot ones`);
    }
    return { spread, hot };
  } finally {
    await database.close();
  }
}

/** Checks the database after a scenario; every sentence in `violations` is a broken promise. */
async function checkStock(
  env: Record<string, string>,
  variantIds: readonly string[],
  successes: number,
): Promise<Check> {
  const database = await openBenchDatabase(env);
  try {
    const db = database.db;
    const violations: string[] = [];
    // Deny-policy variants (and those without a policy row, which default to deny) never hold more than they have.
    const over = await rows<{ variant_id: string; on_hand: number; reserved: number }>(
      db,
      sql`select l.variant_id::text as variant_id, sum(l.on_hand)::int as on_hand, sum(l.reserved)::int as reserved
          from stock_levels l left join variant_stock_policies p on p.variant_id = l.variant_id
          where coalesce(p.policy, 'deny') = 'deny'
          group by l.variant_id having sum(l.reserved) > sum(l.on_hand)`,
    );
    for (const v of over)
      violations.push(`variant ${v.variant_id}: ${v.reserved} reserved of ${v.on_hand} on hand`);
    const overAtLocation = await rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from stock_levels where reserved > on_hand`,
    );
    if (overAtLocation[0]!.n > 0)
      violations.push(
        `${overAtLocation[0]!.n} stock level(s) hold more reserved than on hand at their location`,
      );

    // The ledger explains every figure: per variant and location, its sums are the level.
    const unexplained = await rows<{
      variant_id: string;
      location_id: string;
      on_hand: number | null;
      reserved: number | null;
      ledger_on_hand: number | null;
      ledger_reserved: number | null;
    }>(
      db,
      sql`with ledger as (
            select variant_id, location_id, sum(on_hand_delta)::int as on_hand, sum(reserved_delta)::int as reserved
            from stock_movements group by variant_id, location_id)
          select coalesce(l.variant_id, m.variant_id)::text as variant_id, coalesce(l.location_id, m.location_id)::text as location_id,
                 l.on_hand, l.reserved, m.on_hand as ledger_on_hand, m.reserved as ledger_reserved
          from stock_levels l full join ledger m on m.variant_id = l.variant_id and m.location_id = l.location_id
          where coalesce(l.on_hand, 0) <> coalesce(m.on_hand, 0) or coalesce(l.reserved, 0) <> coalesce(m.reserved, 0)`,
    );
    for (const u of unexplained.slice(0, 20)) {
      violations.push(
        `variant ${u.variant_id} at ${u.location_id}: level ${u.on_hand ?? '-'} on hand / ${u.reserved ?? '-'} reserved, ledger ${u.ledger_on_hand ?? '-'} / ${u.ledger_reserved ?? '-'}`,
      );
    }
    if (unexplained.length > 20)
      violations.push(
        `… and ${unexplained.length - 20} more stock levels the ledger does not explain`,
      );

    // Reserved on a level is what the live reservations hold there.
    const unheld = await rows<{ n: number }>(
      db,
      sql`with held as (
            select rl.variant_id, rl.location_id, sum(rl.quantity - rl.backordered)::int as quantity
            from stock_reservation_lines rl join stock_reservations r on r.id = rl.reservation_id
            where r.status in ('held', 'allocated', 'sold') group by rl.variant_id, rl.location_id)
          select count(*)::int as n from stock_levels l full join held h on h.variant_id = l.variant_id and h.location_id = l.location_id
          where coalesce(l.reserved, 0) <> coalesce(h.quantity, 0)`,
    );
    if (unheld[0]!.n > 0)
      violations.push(
        `${unheld[0]!.n} stock level(s) whose reserved figure differs from what the live reservations hold`,
      );

    // One reservation, of one unit, per successful hold of this scenario's variants.
    const ids = sql`(${sql.join(
      variantIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`;
    const [made] = await rows<{ reservations: number; units: number; levels: number }>(
      db,
      sql`select (select count(distinct rl.reservation_id)::int from stock_reservation_lines rl
                  where rl.variant_id in ${ids}) as reservations,
                 (select coalesce(sum(quantity), 0)::int from stock_reservation_lines
                  where variant_id in ${ids}) as units,
                 (select count(*)::int from stock_levels) as levels`,
    );
    if (made!.reservations !== successes)
      violations.push(`${made!.reservations} reservations for ${successes} successful holds`);
    if (made!.units !== successes)
      violations.push(`${made!.units} units held for ${successes} successful holds of 1 unit`);
    return { violations, levels: made!.levels, reservations: made!.reservations };
  } finally {
    await database.close();
  }
}

async function scenario(
  kind: Kind,
  name: ScenarioName,
  dir: string,
  env: Record<string, string>,
  variantIds: string[],
): Promise<ScenarioResult> {
  const store = await startStore(dir, `${kind}-${name}`, { ...env, DEMO_DATA: 'false' });
  let result: DriveResult;
  let backlog: string;
  let rss: number;
  let load: number[];
  try {
    await waitForIdleJobs(store.baseUrl, IDLE_WAIT_SECONDS);
    log(`${kind} ${name}: ${SCENARIOS[name].label}`);
    const idsFile = join(dir, `${name}-variants.json`);
    writeFileSync(idsFile, JSON.stringify(variantIds));
    const out = await run([import.meta.filename, '--drive', store.baseUrl, String(store.child.pid), idsFile], cleanEnv());
    result = JSON.parse(out.trim().split('\n').at(-1)!) as DriveResult;
    rss = rssMiB(store.child.pid);
    load = loadavg();
    backlog = await jobBacklog(store.baseUrl);
  } catch (error) {
    log(
      `${store.name} failed; the end of its log:\n${readFileSync(store.logFile, 'utf8').slice(-4000)}`,
    );
    throw error;
  } finally {
    // The embedded database has one process: the store stops before the check opens it.
    await stopServer(store);
  }
  const check = await checkStock(env, variantIds, result.warmup.ok + result.measured.ok);
  return { kind, scenario: name, drive: result, check, backlog, rss, load };
}

function printScenario(r: ScenarioResult): void {
  const { label, target } = SCENARIOS[r.scenario];
  const m = r.drive.measured;
  const rate = m.ok / m.seconds;
  const answers = (phase: Phase) =>
    [
      `${phase.ok}×200`,
      ...Object.entries(phase.other).map(([status, count]) => `${count}×${status}`),
    ].join(' ');
  const errors = Object.entries(m.other)
    .map(([status, count]) => `${count}×${status}`)
    .join(' ');
  console.log(`${r.kind}  ${label}`);
  console.log(
    `  successes ${m.ok} of ${m.attempts} in ${fmt(m.seconds, 1)} s${m.ranOut ? ' (the prepared carts ran out before the time was up)' : ''}: ` +
      `${fmt(rate, 1)} reservations/s — target ≥ ${target}/s: ${rate >= target ? 'met' : 'MISSED'}`,
  );
  console.log(
    `  latency of successes: p50 ${fmt(m.p50, 1)} ms, p95 ${fmt(m.p95, 1)} ms, p99 ${fmt(m.p99, 1)} ms, max ${fmt(m.max, 1)} ms`,
  );
  console.log(`  errors by status: ${errors || 'none'}`);
  const perHold = (seconds: number) => `${fmt((seconds / m.ok) * 1000, 2)} ms`;
  console.log(
    `  CPU per hold: store ${perHold(r.drive.cpu.store)}${r.kind === 'postgres' ? `, PostgreSQL ${perHold(r.drive.cpu.postgres)}` : ''} ` +
      `(% of one core while measuring: store ${fmt((r.drive.cpu.store / m.seconds) * 100)}${r.kind === 'postgres' ? `, PostgreSQL ${fmt((r.drive.cpu.postgres / m.seconds) * 100)}` : ''})`,
  );
  console.log(
    `  warm-up: ${answers(r.drive.warmup)} in ${fmt(r.drive.warmup.seconds, 1)} s; carts prepared: ${r.drive.cartsMade} (${fmt(r.drive.cartsPerSecond)} carts/s while preparing)`,
  );
  console.log(
    r.check.violations.length === 0
      ? `  oversell: 0 (reserved ≤ on hand for every deny-policy variant; ledger sums = levels for all ${r.check.levels} stock levels; ` +
          `${r.check.reservations} reservations = ${r.drive.warmup.ok + r.drive.measured.ok} successful holds, warm-up included)`
      : `  oversell/consistency VIOLATIONS (${r.check.violations.length}):\n${r.check.violations.map((v) => `    ${v}`).join('\n')}`,
  );
  console.log(`  job backlog at the end: ${r.backlog}`);
  console.log(
    `  store RSS ${fmt(r.rss)} MiB; machine load average ${r.load.map((l) => fmt(l, 1)).join(' ')} (1, 5, 15 min) after the run`,
  );
}

async function benchmark(kind: Kind, dir: string): Promise<ScenarioResult[]> {
  const { env, drop } = await prepareDatabase(kind, dir);
  try {
    const ids = await seed(kind, dir, env);
    const results: ScenarioResult[] = [];
    for (const name of ['spread', 'hot'] as const) {
      const result = await scenario(kind, name, dir, env, ids[name]);
      printScenario(result);
      results.push(result);
    }
    return results;
  } finally {
    await drop();
  }
}

async function main(): Promise<void> {
  const done = installGuards(3600);
  try {
    const which = process.argv[2] ?? 'postgres';
    if (which !== 'postgres' && which !== 'pglite')
      throw new Error(`unknown database "${which}": say postgres or pglite`);
    console.log(
      `Checkout reservations on ${which}, ${cpus().length} CPU(s) (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}: ` +
        `${CONNECTIONS} concurrent clients, each POST /api/v1/checkout/hold on a fresh cart of 1 unit; ` +
        `${WARMUP_SECONDS} s warm-up + ${MEASURE_SECONDS} s measured; only 200s count; load average now ${loadavg()
          .map((l) => fmt(l, 1))
          .join(' ')}`,
    );
    const results = await benchmark(which, tempDir());
    const broken = results.filter((r) => r.check.violations.length > 0);
    console.log('');
    console.log(
      broken.length === 0
        ? 'oversell: 0 in every scenario'
        : `CORRECTNESS VIOLATED in ${broken.map((r) => r.scenario).join(', ')}`,
    );
    if (broken.length > 0) process.exitCode = 1;
  } catch (error) {
    log(`failed: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 1;
  } finally {
    done();
    process.exit();
  }
}

if (process.argv[1] === import.meta.filename) {
  if (process.argv[2] === '--drive') {
    const [baseUrl, storePid, idsFile] = process.argv.slice(3);
    const variantIds = JSON.parse(readFileSync(idsFile!, 'utf8')) as string[];
    process.stdout.write(`${JSON.stringify(await drive(baseUrl!, Number(storePid), variantIds))}\n`);
  } else {
    await main();
  }
}
