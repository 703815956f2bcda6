// Carrier webhook ingestion under load, on PostgreSQL: N parcels already handed to the carrier,
// then each parcel's journey (picked up, three hub scans, out for delivery, delivered) posted
// as signed batches of 10 events to /webhooks/carriers/ups by several concurrent clients, as a
// tracking aggregator sends them. Prints events/s, requests/s and p50/p99 per request against
// the target (≥ 1,000 events/s), then checks that every event was stored exactly once, every
// parcel and order ended delivered, and that sending batches again changes nothing.
//
//   npm run bench:carriers            (BENCH_PARCELS, BENCH_CLIENTS to change the load)
//
// A temporary database is created on BENCH_ADMIN_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres) and dropped at the end. The parcels (each an
// order of one item with its history, one shipment and its line) are written with set-based
// SQL; the store runs as `npm start` runs it (worker and logging on) in its own process.
import { sql } from 'drizzle-orm';
import { signCarrierPayload, SIGNATURE_HEADER, type WireBatch } from '../src/modules/fulfillment/carriers/wire.ts';
import { rows } from '../src/platform/db/database.ts';
import { createChildDatabase, freePort, startStoreProcess, withStoreInProcess } from '../src/testing/child-store.ts';
import { testConfig } from '../src/testing/store.ts';
import { cpuMeter, fmt, installGuards, log, profilingEnv, rssMiB, tempDir, waitForIdleJobs, BENCH_POSTGRES_URL } from './support/harness.ts';

const PARCELS = Number(process.env.BENCH_PARCELS ?? 4000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const BATCH = 10;
const TARGET_EVENTS_PER_SECOND = 1000;
const ADMIN_URL = BENCH_POSTGRES_URL;
const SECRET = 'bench-carrier-webhook-secret-0123456789abcdef';

const ADDRESS = `'{"name":"Ada Buyer","line1":"1 Main Street","city":"Albany","region":"NY","postalCode":"12207","country":"US"}'::jsonb`;
const METHOD = `'{"id":"standard","name":"Standard","price":599,"carrier":"UPS"}'::jsonb`;
const PROMISE = `'{"state":"in_stock","label":"In stock","earliest":"2026-11-26","latest":"2026-11-27","shipsOn":"2026-11-24"}'::jsonb`;
const STEPS = ['placed', 'validated', 'in_preparation', 'prepared', 'shipped'];

const trackingNumber = (i: number) => `1ZBENCH${String(i).padStart(11, '0')}`;

/** PARCELS paid orders of one item, shipped in one parcel each, not scanned yet. */
const FILL = [
  `create temporary table bench_ids as
     select i, gen_random_uuid() as order_id, gen_random_uuid() as shipment_id, gen_random_uuid() as line_id, gen_random_uuid() as variant_id,
            now() - interval '2 days' + (i * interval '1 second') as placed
       from generate_series(1, ${PARCELS}) as i`,
  `insert into orders (id, number, email, status, payment_status, currency, subtotal, shipping_total, tax_total, total,
                       prices_include_tax, shipping_address, shipping_method, payment_deadline, placed_at, updated_at)
     select order_id, 'DS-C' || lpad(i::text, 7, '0'), 'buyer' || i || '@example.com', 'shipped', 'captured', 'USD',
            4000, 599, 320, 4919, false, ${ADDRESS}, ${METHOD}, placed + interval '48 hours', placed, placed
       from bench_ids`,
  `insert into order_lines (id, order_id, position, variant_id, sku, product_title, variant_title, quantity, unit_price, line_total, tax, tax_rate_bp, promise)
     select line_id, order_id, 1, variant_id, 'SKU-1', 'Kettle', null, 1, 4000, 4000, 320, 800, ${PROMISE}
       from bench_ids`,
  `insert into order_transitions (order_id, seq, from_status, to_status, at, actor_kind, reason)
     select order_id, s, (array[${STEPS.map((s) => `'${s}'`).join(',')}])[s - 1], (array[${STEPS.map((s) => `'${s}'`).join(',')}])[s],
            placed + (s * interval '1 hour'), 'system', ''
       from bench_ids, generate_series(1, ${STEPS.length}) as s`,
  `insert into shipments (id, order_id, order_number, seq, location_id, status, carrier, service, tracking_number,
                          estimate_earliest, estimate_latest, packed_by, created_at, shipped_at, updated_at)
     select shipment_id, order_id, 'DS-C' || lpad(i::text, 7, '0'), 1, gen_random_uuid(), 'shipped', 'ups', 'Ground',
            '1ZBENCH' || lpad(i::text, 11, '0'), current_date + 2, current_date + 3, 'system', placed, placed + interval '5 hours', placed
       from bench_ids`,
  `insert into shipment_lines (shipment_id, order_line_id, variant_id, quantity) select shipment_id, line_id, variant_id, 1 from bench_ids`,
  `drop table bench_ids`,
  `analyze`,
];

type WireEvent = WireBatch['events'][number];

/** Each parcel's journey, step by step: the batches of step 1 (every parcel's pick-up) go first. */
function journeys(): WireBatch[] {
  const start = Date.now() - 36 * 3_600_000;
  const steps: [WireEvent['code'], string][] = [
    ['picked_up', 'Picked up by the carrier'],
    ['in_transit', 'Departed facility'],
    ['in_transit', 'Arrived at facility'],
    ['in_transit', 'Arrived at destination facility'],
    ['out_for_delivery', 'Out for delivery'],
    ['delivered', 'Delivered: left at the front door'],
  ];
  const estimate = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const batches: WireBatch[] = [];
  steps.forEach(([code, detail], step) => {
    for (let first = 1; first <= PARCELS; first += BATCH) {
      const events: WireEvent[] = [];
      for (let i = first; i < first + BATCH && i <= PARCELS; i++) {
        events.push({
          id: `bench-${i}-${step + 1}`,
          trackingNumber: trackingNumber(i),
          code,
          detail,
          location: { city: 'Louisville', region: 'KY', country: 'US' },
          occurredAt: new Date(start + step * 5 * 3_600_000 + i).toISOString(),
          ...(code === 'picked_up' || code === 'in_transit' ? { estimatedDelivery: { earliest: estimate, latest: estimate } } : {}),
        });
      }
      batches.push({ carrier: 'ups', events });
    }
  });
  return batches;
}

interface Answer {
  status: number;
  ms: number;
  body: { received?: number; applied?: number; duplicates?: number; unknown?: number };
}

async function send(url: string, batch: WireBatch): Promise<Answer> {
  const payload = JSON.stringify(batch);
  const signature = signCarrierPayload(SECRET, payload, Math.floor(Date.now() / 1000));
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature }, body: payload });
  const text = await response.text();
  const ms = performance.now() - started;
  let body: Answer['body'] = {};
  try {
    body = JSON.parse(text) as Answer['body'];
  } catch {
    // a non-JSON answer is reported by its status
  }
  return { status: response.status, ms, body };
}

/** Sends every batch with `clients` concurrent clients, each taking the next batch in line. */
async function post(url: string, batches: readonly WireBatch[], clients: number): Promise<Answer[]> {
  const answers: Answer[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        answers.push(await send(url, batch));
      }
    }),
  );
  return answers;
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;

async function main(): Promise<void> {
  const done = installGuards(1200);
  const dir = tempDir();
  const database = await createChildDatabase({ dir, postgresUrl: ADMIN_URL, migrated: false });
  try {
    log(`postgres: migrating, then ${PARCELS.toLocaleString('en')} shipped parcels`);
    const filled = Date.now();
    await withStoreInProcess(database, async (platform) => {
      for (const statement of FILL) await platform.database.db.execute(sql.raw(statement));
    });
    log(`filled in ${fmt((Date.now() - filled) / 1000, 1)} s`);
    const port = await freePort();
    const env = { SESSION_SECRET: testConfig().sessionSecret ?? '', CARRIER_WEBHOOK_SECRET: SECRET, DEMO_DATA: 'false' };
    const store = await startStoreProcess({ dir, name: 'store', port, env: { ...database.env, ...profilingEnv(), ...env } });
    try {
      await waitForIdleJobs(store.url, 60);
      const url = `${store.url}/webhooks/carriers/ups`;
      const batches = journeys();
      const events = batches.reduce((sum, b) => sum + b.events.length, 0);
      log(`posting ${batches.length.toLocaleString('en')} signed batches (${events.toLocaleString('en')} events) with ${CLIENTS} clients`);
      const meter = cpuMeter({ store: store.child.pid! });
      const started = performance.now();
      const answers = await post(url, batches, CLIENTS);
      const seconds = (performance.now() - started) / 1000;
      const cpu = meter.used();
      const ok = answers.filter((a) => a.status === 200);
      const failed = answers.length - ok.length;
      const applied = ok.reduce((sum, a) => sum + (a.body.applied ?? 0), 0);
      const latencies = answers.map((a) => a.ms).sort((a, b) => a - b);
      const rate = events / seconds;
      console.log(`carrier webhook ingestion on PostgreSQL: ${PARCELS.toLocaleString('en')} parcels, ${events.toLocaleString('en')} events in batches of ${BATCH}, ${CLIENTS} concurrent clients`);
      console.log(`  ${fmt(rate)} events/s (${fmt(answers.length / seconds)} requests/s) over ${fmt(seconds, 1)} s — target ≥ ${TARGET_EVENTS_PER_SECOND.toLocaleString('en')} events/s: ${rate >= TARGET_EVENTS_PER_SECOND && failed === 0 ? 'met' : 'MISSED'}`);
      const perEvent = (cpuSeconds: number) => `${fmt((cpuSeconds / events) * 1e6)} µs`;
      const core = (cpuSeconds: number) => fmt((cpuSeconds / seconds) * 100);
      console.log(
        `  CPU per event: store ${perEvent(cpu.store)}, PostgreSQL ${perEvent(cpu.postgres)}, load driver ${perEvent(cpu.driver)} ` +
          `(% of one core while posting: store ${core(cpu.store)}, PostgreSQL ${core(cpu.postgres)}, load driver ${core(cpu.driver)})`,
      );
      console.log(`  per request: p50 ${fmt(percentile(latencies, 50), 1)} ms, p99 ${fmt(percentile(latencies, 99), 1)} ms, max ${fmt(latencies.at(-1) ?? Number.NaN, 1)} ms; non-200 answers: ${failed}`);

      // Sending a tenth of the batches again (as a carrier retrying would) changes nothing.
      const again = await post(url, batches.filter((_, i) => i % 10 === 0), CLIENTS);
      const reapplied = again.reduce((sum, a) => sum + (a.body.applied ?? 0), 0);
      const duplicates = again.reduce((sum, a) => sum + (a.body.duplicates ?? 0), 0);

      const check = await storedCounts(database);
      const verdicts = [
        [`events stored: ${check.events.toLocaleString('en')} of ${events.toLocaleString('en')} sent`, check.events === events],
        [`distinct (parcel, carrier event): ${check.distinct_events.toLocaleString('en')}`, check.distinct_events === events],
        [`applied in the answers: ${applied.toLocaleString('en')}`, applied === events],
        [`sent again: ${again.length} batches, ${reapplied} applied, ${duplicates} answered as duplicates`, reapplied === 0 && duplicates === again.reduce((s, a) => s + (a.body.received ?? 0), 0)],
        [`parcels delivered: ${check.delivered.toLocaleString('en')} of ${PARCELS.toLocaleString('en')}`, check.delivered === PARCELS],
        [`orders delivered: ${check.orders.toLocaleString('en')} of ${PARCELS.toLocaleString('en')}`, check.orders === PARCELS],
      ] as const;
      for (const [text, good] of verdicts) console.log(`  check: ${text} — ${good ? 'ok' : 'WRONG'}`);
      console.log(`  store RSS after the run: ${fmt(rssMiB(store.child.pid))} MiB`);
      if (verdicts.some(([, good]) => !good)) process.exitCode = 1;
    } catch (error) {
      log(`the store failed; the end of its log:\n${store.output().slice(-4000)}`);
      throw error;
    } finally {
      await store.stop();
    }
  } finally {
    await database.drop();
    done();
  }
}

/** The figures the final check needs, read straight from the database the store uses. */
async function storedCounts(database: Awaited<ReturnType<typeof createChildDatabase>>) {
  const handle = await database.open();
  try {
    const [counts] = await rows<{ events: number; distinct_events: number; delivered: number; orders: number }>(
      handle.db,
      sql`select (select count(*)::int from tracking_events) as events,
                 (select count(*)::int from (select distinct shipment_id, carrier_event_id from tracking_events) d) as distinct_events,
                 (select count(*)::int from shipments where status = 'delivered') as delivered,
                 (select count(*)::int from orders where status = 'delivered') as orders`,
    );
    return counts!;
  } finally {
    await handle.close();
  }
}

await main();
