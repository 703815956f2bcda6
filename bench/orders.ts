// Orders end to end under load: 50 concurrent shoppers, each a new guest with a cart of 1
// unit, who starts checkout (hold), saves their details, places the order (Idempotency-Key),
// types the card on the gateway simulator's hosted page and comes back to the store, which
// records the payment. On PostgreSQL (default) or PGlite. Only a flow that ends with the
// payment back at the store counts. Afterwards the run is audited against the database and
// the simulator's charges ledger: as many orders as successes, no cart with two orders,
// every order confirmed with exactly one charge, no charge without an order. Exits non-zero
// only when the audit fails; a missed target is printed, never hidden and never fatal.
//
//   npm run bench:orders               # PostgreSQL
//   npm run bench:orders -- pglite
//
// PostgreSQL: a temporary database is created on BENCH_ADMIN_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres) and dropped at the end.
//
// Four processes: the store as `npm start` runs it (worker and info logging on), the gateway
// simulator as `npm run gateway:simulator` runs it (it sends its webhooks to the store), the
// load driver (this file with --drive) and this orchestrator. The shop is made before the
// store starts, through the modules' own code: the demo shipping zones and tax rates and
// PRODUCTS products with more stock than any run can sell.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { rows } from '../src/platform/db/database.ts';
import { readCharges, type LedgerCharge } from '../src/modules/payments/index.ts';
import {
  createChildDatabase,
  freePort,
  gatewayEnv,
  newGatewayKeys,
  startSimulatorProcess,
  startStoreProcess,
  withStoreInProcess,
  type ChildDatabase,
} from '../src/testing/child-store.ts';
import { HttpShopper, stockShop, UnexpectedAnswer } from '../src/testing/http-shopper.ts';
import {
  cleanEnv,
  CONNECTIONS,
  cpuMeter,
  fmt,
  installGuards,
  log,
  MEASURE_SECONDS,
  projectNode,
  profilingEnv,
  projectRoot,
  rssMiB,
  tempDir,
  waitForIdleJobs,
  WARMUP_SECONDS,
  BENCH_POSTGRES_URL,
  jobBacklog,
} from './support/harness.ts';

type Kind = 'postgres' | 'pglite';

/** Products (one variant each) the shoppers pick from at random. */
const PRODUCTS = 200;
/** Units on hand of each: far more than any run can sell, so a refusal is a fault, never a sell-out. */
const STOCK_PER_PRODUCT = 1_000_000;
const TARGET_ORDERS_PER_SECOND = 100;
const TARGET_P99_MS = 250;
/** The longest the store's start-up jobs are waited for before the run, and its follow-ups after it. */
const IDLE_WAIT_SECONDS = 120;
const SETTLE_WAIT_SECONDS = 60;

const ADMIN_URL = BENCH_POSTGRES_URL;

// ---------------------------------------------------------------------------------------
// Child mode: the load driver. Warms up, measures, prints one JSON line.

/** The requests of one flow, in order; the card page is the gateway simulator's. */
const STEPS = [
  'add to cart',
  'hold',
  'save details',
  'place order',
  'card page',
  'return to the store',
] as const;
type Step = (typeof STEPS)[number];

interface Phase {
  /** Flows started. */
  attempts: number;
  /** Flows that ended with the payment back at the store. */
  ok: number;
  seconds: number;
  /** Latency of each step and of the whole flow, over the successful flows. */
  steps: Record<Step, Percentiles>;
  flow: Percentiles;
  /** "<step> <status or network>" → count, for every flow that did not succeed. */
  failures: Record<string, number>;
  /** CPU seconds used during the phase; PostgreSQL's server processes when it runs on this machine. */
  cpu: { store: number; simulator: number; driver: number; postgres: number };
}

interface Percentiles {
  p50: number;
  p99: number;
  max: number;
}

interface DriveResult {
  warmup: Phase;
  measured: Phase;
  /** Every order number a Place order answer carried, whatever happened next. */
  numbers: string[];
}

function percentiles(values: number[]): Percentiles {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) =>
    sorted.length
      ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
      : Number.NaN;
  return { p50: at(50), p99: at(99), max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN };
}

type FlowOutcome =
  { ok: true; steps: Record<Step, number>; flowMs: number } | { ok: false; failure: string };

/** One shopper from an empty cart to a paid order, each request timed. */
async function shop(
  baseUrl: string,
  variantIds: readonly string[],
  numbers: string[],
): Promise<FlowOutcome> {
  const shopper = new HttpShopper(baseUrl);
  const steps = {} as Record<Step, number>;
  let step: Step = 'add to cart';
  const started = performance.now();
  const timed = async <T>(name: Step, request: () => Promise<T>): Promise<T> => {
    step = name;
    const sent = performance.now();
    const result = await request();
    steps[name] = performance.now() - sent;
    return result;
  };
  try {
    await timed('add to cart', () =>
      shopper.addToCart(variantIds[Math.floor(Math.random() * variantIds.length)]!),
    );
    await timed('hold', () => shopper.hold());
    await timed('save details', () => shopper.saveDetails());
    const { order } = await timed('place order', () => shopper.placeOrder(crypto.randomUUID()));
    numbers.push(order.number);
    const back = await timed('card page', async () =>
      shopper.payOnCardPage(await shopper.cardPage(order)),
    );
    await timed('return to the store', () => shopper.returnToStore(back));
    return { ok: true, steps, flowMs: performance.now() - started };
  } catch (error) {
    return {
      ok: false,
      failure:
        error instanceof UnexpectedAnswer ? `${error.step} ${error.status}` : `${step} network`,
    };
  }
}

/** CONNECTIONS shoppers, each starting a new flow as soon as theirs ends, until `seconds` pass; flows under way finish. */
async function phase(
  baseUrl: string,
  variantIds: readonly string[],
  seconds: number,
  pids: { store: number; simulator: number },
  numbers: string[],
): Promise<Phase> {
  const stepMs = Object.fromEntries(STEPS.map((s) => [s, [] as number[]])) as Record<
    Step,
    number[]
  >;
  const flowMs: number[] = [];
  const failures: Record<string, number> = {};
  let attempts = 0;
  const meter = cpuMeter(pids);
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < deadline) {
        attempts++;
        const outcome = await shop(baseUrl, variantIds, numbers);
        if (outcome.ok) {
          for (const s of STEPS) stepMs[s].push(outcome.steps[s]);
          flowMs.push(outcome.flowMs);
        } else {
          failures[outcome.failure] = (failures[outcome.failure] ?? 0) + 1;
        }
      }
    }),
  );
  const cpu = meter.used();
  return {
    attempts,
    ok: flowMs.length,
    seconds: (performance.now() - started) / 1000,
    steps: Object.fromEntries(STEPS.map((s) => [s, percentiles(stepMs[s])])) as Record<
      Step,
      Percentiles
    >,
    flow: percentiles(flowMs),
    failures,
    cpu,
  };
}

async function drive(
  baseUrl: string,
  variantIds: readonly string[],
  pids: { store: number; simulator: number },
): Promise<DriveResult> {
  const numbers: string[] = [];
  const warmup = await phase(baseUrl, variantIds, WARMUP_SECONDS, pids, numbers);
  log(
    `warm-up: ${warmup.ok} orders in ${fmt(warmup.seconds, 1)} s; measuring: ${CONNECTIONS} concurrent shoppers, ${MEASURE_SECONDS} s`,
  );
  const measured = await phase(baseUrl, variantIds, MEASURE_SECONDS, pids, numbers);
  return { warmup, measured, numbers };
}

// ---------------------------------------------------------------------------------------
// Orchestrator.

interface Audit {
  violations: string[];
  orders: number;
  charges: number;
}

interface RunResult {
  drive: DriveResult;
  backlog: string;
  rss: number;
  load: number[];
  audit: Audit;
}

/** Runs the load driver in its own process; answers what it printed last. */
async function runDriver(args: string[]): Promise<DriveResult> {
  const child = spawn(
    projectNode,
    ['--import', './src/platform/runtime/jsx-hooks.ts', import.meta.filename, '--drive', ...args],
    {
      cwd: projectRoot,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const stop = () => child.kill('SIGKILL');
  process.on('exit', stop);
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
  process.off('exit', stop);
  if (code !== 0) throw new Error(`the load driver failed (exit ${code}):\n${out.slice(-2000)}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as DriveResult;
}

/** The run's own audit: every sentence in `violations` is a broken promise. */
async function audit(
  database: ChildDatabase,
  drive: DriveResult,
  charges: LedgerCharge[],
): Promise<Audit> {
  const handle = await database.open();
  try {
    const violations: string[] = [];
    const orders = await rows<{
      id: string;
      number: string;
      status: string;
      payment_status: string;
    }>(handle.db, sql`select id::text as id, number, status, payment_status from orders`);
    const successes = drive.warmup.ok + drive.measured.ok;
    if (orders.length !== successes)
      violations.push(
        `${orders.length} orders in the database for ${successes} successful flows (warm-up included)`,
      );
    const [carts] = await rows<{ doubled: number }>(
      handle.db,
      sql`select count(*)::int as doubled from (select cart_id from orders group by cart_id having count(*) > 1) as d`,
    );
    if (carts!.doubled > 0) violations.push(`${carts!.doubled} cart(s) with more than one order`);
    const known = new Set(orders.map((o) => o.number));
    const lost = drive.numbers.filter((n) => !known.has(n));
    if (lost.length)
      violations.push(
        `${lost.length} order number(s) shown to a shopper are not in the database, e.g. ${lost.slice(0, 3).join(', ')}`,
      );
    const chargesOf = Map.groupBy(charges, (c) => c.orderId ?? '');
    const unconfirmed = orders.filter(
      (o) => o.status !== 'validated' || o.payment_status !== 'authorized',
    );
    if (unconfirmed.length)
      violations.push(
        `${unconfirmed.length} order(s) not confirmed with an authorised payment, e.g. ${unconfirmed
          .slice(0, 3)
          .map((o) => `${o.number} ${o.status}/${o.payment_status}`)
          .join(', ')}`,
      );
    const notOnce = orders.filter((o) => (chargesOf.get(o.id)?.length ?? 0) !== 1);
    if (notOnce.length)
      violations.push(
        `${notOnce.length} order(s) without exactly one charge, e.g. ${notOnce
          .slice(0, 3)
          .map((o) => `${o.number} ×${chargesOf.get(o.id)?.length ?? 0}`)
          .join(', ')}`,
      );
    const ids = new Set(orders.map((o) => o.id));
    const orphans = charges.filter((c) => !c.orderId || !ids.has(c.orderId));
    if (orphans.length)
      violations.push(
        `${orphans.length} charge(s) without an order, e.g. ${orphans
          .slice(0, 3)
          .map((c) => c.chargeId)
          .join(', ')}`,
      );
    return { violations, orders: orders.length, charges: charges.length };
  } finally {
    await handle.close();
  }
}

async function benchmark(kind: Kind, dir: string): Promise<RunResult> {
  const database = await createChildDatabase({
    dir,
    postgresUrl: kind === 'postgres' ? ADMIN_URL : undefined,
    migrated: false,
  });
  try {
    log(
      `${kind}: migrating, then demo shipping and tax and ${PRODUCTS} products with ${STOCK_PER_PRODUCT.toLocaleString('en')} units each`,
    );
    const variantIds = await withStoreInProcess(database, (platform) =>
      stockShop(platform, { count: PRODUCTS, onHand: STOCK_PER_PRODUCT, prefix: 'bench-order' }),
    );
    const idsFile = join(dir, 'variants.json');
    writeFileSync(idsFile, JSON.stringify(variantIds));

    const port = await freePort();
    const simulator = await startSimulatorProcess({
      dir,
      webhookUrl: `http://127.0.0.1:${port}/webhooks/payments`,
      keys: newGatewayKeys(),
    });
    const store = await startStoreProcess({
      dir,
      name: `${kind}-store`,
      port,
      env: { ...database.env, ...profilingEnv(), ...gatewayEnv(simulator), DEMO_DATA: 'false' },
    });
    try {
      await waitForIdleJobs(store.url, IDLE_WAIT_SECONDS);
      const drive = await runDriver([
        store.url,
        idsFile,
        String(store.child.pid),
        String(simulator.child.pid),
      ]);
      const backlog = await jobBacklog(store.url);
      const rss = rssMiB(store.child.pid);
      const load = loadavg();
      // What the run set off (payment events, webhooks) finishes before the books are checked.
      await waitForIdleJobs(store.url, SETTLE_WAIT_SECONDS);
      const charges = await readCharges(simulator);
      await store.stop();
      return { drive, backlog, rss, load, audit: await audit(database, drive, charges) };
    } catch (error) {
      log(`${store.name} failed; the end of its log:\n${store.output().slice(-4000)}`);
      throw error;
    } finally {
      await store.stop();
      await simulator.stop();
    }
  } finally {
    await database.drop();
  }
}

function print(kind: Kind, r: RunResult): void {
  const m = r.drive.measured;
  const rate = m.ok / m.seconds;
  const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
  const failures = (phase: Phase) =>
    Object.entries(phase.failures)
      .map(([what, count]) => `${count}× ${what}`)
      .join(', ') || 'none';
  const cores = (cpu: number) => fmt((cpu / m.seconds) * 100);
  console.log(
    `${kind}  ${CONNECTIONS} concurrent shoppers, cart → hold → details → place → card → back at the store`,
  );
  console.log(
    `  orders paid: ${m.ok} of ${m.attempts} flows in ${fmt(m.seconds, 1)} s: ${fmt(rate, 1)} orders/s — target ≥ ${TARGET_ORDERS_PER_SECOND}/s: ${verdict(rate >= TARGET_ORDERS_PER_SECOND)}`,
  );
  const place = m.steps['place order'];
  console.log(
    `  place order request: p50 ${fmt(place.p50, 1)} ms, p99 ${fmt(place.p99, 1)} ms, max ${fmt(place.max, 1)} ms — p99 target < ${TARGET_P99_MS} ms: ${verdict(place.p99 < TARGET_P99_MS)}`,
  );
  console.log(
    `  whole flow (6 requests): p50 ${fmt(m.flow.p50, 1)} ms, p99 ${fmt(m.flow.p99, 1)} ms, max ${fmt(m.flow.max, 1)} ms — p99 < ${TARGET_P99_MS} ms: ${verdict(m.flow.p99 < TARGET_P99_MS)}`,
  );
  console.log(
    `  each step, p50 / p99 ms: ${STEPS.map((step) => `${step} ${fmt(m.steps[step].p50)} / ${fmt(m.steps[step].p99)}`).join('; ')}`,
  );
  console.log(
    `  failed flows: ${failures(m)}; warm-up: ${r.drive.warmup.ok} of ${r.drive.warmup.attempts} in ${fmt(r.drive.warmup.seconds, 1)} s, failed: ${failures(r.drive.warmup)}`,
  );
  console.log(
    `  CPU while measuring (% of one core): store ${cores(m.cpu.store)}, simulator ${cores(m.cpu.simulator)}, load driver ${cores(m.cpu.driver)}` +
      `${kind === 'postgres' ? `, PostgreSQL ${cores(m.cpu.postgres)}` : ''}; store CPU per paid order ${fmt((m.cpu.store / m.ok) * 1000, 1)} ms; ` +
      `machine load average ${r.load.map((l) => fmt(l, 1)).join(' ')} (1, 5, 15 min) after the run (the machine is shared: other processes use it too)`,
  );
  // What one paid order costs the whole machine, and the rate that cost allows at best.
  const perOrder = (cpu: number) => (cpu / m.ok) * 1000;
  const machine = perOrder(m.cpu.store + m.cpu.simulator + m.cpu.driver + m.cpu.postgres);
  console.log(
    `  machine CPU per paid order: ${fmt(machine, 1)} ms (store ${fmt(perOrder(m.cpu.store), 1)}${kind === 'postgres' ? `, PostgreSQL ${fmt(perOrder(m.cpu.postgres), 1)}` : ''}, simulator ${fmt(perOrder(m.cpu.simulator), 1)}, load driver ${fmt(perOrder(m.cpu.driver), 1)}); ` +
      `at that cost ${cpus().length} cores fully used give at most ${fmt((cpus().length * 1000) / machine, 1)} orders/s`,
  );
  // The load driver and the simulator stand in for the shoppers' browsers and the payment
  // gateway, which run elsewhere in production: the store's own share is what a sale costs it.
  const storeSide = perOrder(m.cpu.store + m.cpu.postgres);
  console.log(
    `  the store's own share (store${kind === 'postgres' ? ' and PostgreSQL' : ''}): ${fmt(storeSide, 1)} ms per paid order; ` +
      `${cpus().length} cores doing only that would give at most ${fmt((cpus().length * 1000) / storeSide, 1)} orders/s`,
  );
  console.log(`  job backlog at the end of the run: ${r.backlog}`);
  console.log(`  store RSS ${fmt(r.rss)} MiB`);
  console.log(
    r.audit.violations.length === 0
      ? `  audit: ${r.audit.orders} orders = ${r.drive.warmup.ok + r.drive.measured.ok} successful flows (warm-up included), no cart with two orders, ` +
          `every order confirmed with exactly one charge, ${r.audit.charges} charges, none without an order`
      : `  AUDIT FAILED (${r.audit.violations.length}):\n${r.audit.violations.map((v) => `    ${v}`).join('\n')}`,
  );
}

async function main(): Promise<void> {
  const done = installGuards(3600);
  try {
    const which = process.argv[2] ?? 'postgres';
    if (which !== 'postgres' && which !== 'pglite')
      throw new Error(`unknown database "${which}": say postgres or pglite`);
    console.log(
      `Orders end to end on ${which}, ${cpus().length} CPU(s) (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}: ` +
        `${WARMUP_SECONDS} s warm-up + ${MEASURE_SECONDS} s measured; only paid orders count; load average now ${loadavg()
          .map((l) => fmt(l, 1))
          .join(' ')}`,
    );
    const result = await benchmark(which, tempDir());
    print(which, result);
    if (result.audit.violations.length > 0) process.exitCode = 1;
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
    const [baseUrl, idsFile, storePid, simulatorPid] = process.argv.slice(3);
    const variantIds = JSON.parse(readFileSync(idsFile!, 'utf8')) as string[];
    process.stdout.write(
      `${JSON.stringify(await drive(baseUrl!, variantIds, { store: Number(storePid), simulator: Number(simulatorPid) }))}\n`,
    );
  } else {
    await main();
  }
}
