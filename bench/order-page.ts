// The customer's order page under load, on PostgreSQL with 100,000 orders in the database:
// the page of one order with 3 parcels and 30 carrier events, opened through its signed link
// as a customer opens it from an email: at 1, 10 and 50 connections each asking as fast as
// it is answered (the throughput), then at a quarter, a half and three quarters of that
// throughput as steady traffic (the latency customers get at that traffic). Prints
// requests/s and p50/p99 per run against the target (p99 < 30 ms) and the traffic up to
// which it held.
//
//   npm run bench:order-page
//
// A temporary database is created on BENCH_ADMIN_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres) and dropped at the end. The 100,000 orders
// (2 lines, 6 history rows, 1 parcel with 5 carrier events each: 1.3 million rows in all) are
// written with set-based SQL, which is what a database that grew over months looks like to
// the queries; the measured order is written the same way with 3 parcels of 10 events each.
// The store runs as `npm start` runs it (worker and logging on) in its own process.
import { sql } from 'drizzle-orm';
import { orderPageUrl } from '../src/modules/orders/index.ts';
import { rows } from '../src/platform/db/database.ts';
import type { Platform } from '../src/platform/platform.ts';
import { createChildDatabase, freePort, startStoreProcess, withStoreInProcess } from '../src/testing/child-store.ts';
import { testConfig } from '../src/testing/store.ts';
import { fmt, installGuards, latencyUnderLoad, log, profilingEnv, rssMiB, tempDir, waitForIdleJobs, BENCH_POSTGRES_URL } from './support/harness.ts';

const ORDERS = 100_000;
const TARGET_P99_MS = 30;
const LEVELS = [1, 10, 50];
const ADMIN_URL = BENCH_POSTGRES_URL;

const ADDRESS = `'{"name":"Ada Buyer","line1":"1 Main Street","city":"Albany","region":"NY","postalCode":"12207","country":"US"}'::jsonb`;
const METHOD = `'{"id":"standard","name":"Standard","price":599,"carrier":"UPS"}'::jsonb`;
const PROMISE = `'{"state":"in_stock","label":"In stock","earliest":"2026-11-26","latest":"2026-11-27","shipsOn":"2026-11-24"}'::jsonb`;
const STEPS = ['placed', 'validated', 'in_preparation', 'prepared', 'shipped', 'delivered'];

/** The filler: ORDERS delivered orders, each with 2 lines, its history, one parcel and 5 scans. */
const FILL = [
  `create temporary table bench_ids as
     select i, gen_random_uuid() as order_id, gen_random_uuid() as shipment_id,
            timestamptz '2026-01-01 12:00Z' + (i * interval '4 minutes') as placed
       from generate_series(1, ${ORDERS}) as i`,
  `insert into orders (id, number, email, status, payment_status, currency, subtotal, shipping_total, tax_total, total,
                       prices_include_tax, shipping_address, shipping_method, payment_deadline, placed_at, updated_at)
     select order_id, 'DS-B' || lpad(i::text, 7, '0'), 'buyer' || i || '@example.com', 'delivered', 'captured', 'USD',
            8000, 599, 640, 9239, false, ${ADDRESS}, ${METHOD}, placed + interval '48 hours', placed, placed + interval '3 days'
       from bench_ids`,
  `insert into order_lines (id, order_id, position, variant_id, sku, product_title, variant_title, quantity, unit_price, line_total, tax, tax_rate_bp, promise)
     select gen_random_uuid(), order_id, p, gen_random_uuid(), 'SKU-' || p, 'Product ' || p, null, 1, 4000, 4000, 320, 800, ${PROMISE}
       from bench_ids, generate_series(1, 2) as p`,
  `insert into order_transitions (order_id, seq, from_status, to_status, at, actor_kind, reason)
     select order_id, s, (array[${STEPS.map((s) => `'${s}'`).join(',')}])[s - 1], (array[${STEPS.map((s) => `'${s}'`).join(',')}])[s],
            placed + (s * interval '10 hours'), 'system', ''
       from bench_ids, generate_series(1, ${STEPS.length}) as s`,
  `insert into shipments (id, order_id, order_number, seq, location_id, status, carrier, service, tracking_number, tracking_url,
                          estimate_earliest, estimate_latest, packed_by, created_at, shipped_at, delivered_at, last_scan_at, updated_at)
     select shipment_id, order_id, 'DS-B' || lpad(i::text, 7, '0'), 1, gen_random_uuid(), 'delivered', 'ups', 'Ground',
            '1ZBENCH' || lpad(i::text, 11, '0'), null, '2026-11-26', '2026-11-27', 'system', placed, placed + interval '1 day',
            placed + interval '3 days', placed + interval '3 days', placed + interval '3 days'
       from bench_ids`,
  `insert into tracking_events (id, shipment_id, carrier_event_id, code, detail, location, occurred_at, received_at)
     select gen_random_uuid(), shipment_id, 'ev-' || e, (array['picked_up','in_transit','in_transit','out_for_delivery','delivered'])[e],
            'Scan ' || e, 'Hub ' || e, placed + (e * interval '12 hours'), placed + (e * interval '12 hours')
       from bench_ids, generate_series(1, 5) as e`,
  `drop table bench_ids`,
  `analyze`,
];

/** The measured order: 3 lines, each in its own parcel, 10 carrier events per parcel. */
async function measuredOrder(platform: Platform): Promise<{ id: string; number: string }> {
  const db = platform.database.db;
  const [order] = await rows<{ id: string; number: string }>(
    db,
    sql.raw(`insert into orders (id, number, email, status, payment_status, currency, subtotal, shipping_total, tax_total, total,
                                 prices_include_tax, shipping_address, shipping_method, payment_deadline, placed_at, updated_at)
             values (gen_random_uuid(), 'DS-MEAC-UREA', 'ada@example.com', 'out_for_delivery', 'captured', 'USD', 12000, 599, 960, 13559,
                     false, ${ADDRESS}, ${METHOD}, now() + interval '48 hours', now() - interval '3 days', now())
             returning id, number`),
  );
  const id = order!.id;
  const statements = [
    `insert into order_lines (id, order_id, position, variant_id, sku, product_title, variant_title, quantity, unit_price, line_total, tax, tax_rate_bp, promise)
       select gen_random_uuid(), '${id}', p, gen_random_uuid(), 'SKU-' || p, 'Product ' || p, 'Blue', 1, 4000, 4000, 320, 800, ${PROMISE}
         from generate_series(1, 3) as p`,
    `insert into order_transitions (order_id, seq, from_status, to_status, at, actor_kind, reason)
       select '${id}', s, (array['placed','validated','in_preparation','prepared','shipped','out_for_delivery'])[s - 1],
              (array['placed','validated','in_preparation','prepared','shipped','out_for_delivery'])[s], now() - interval '3 days' + s * interval '8 hours', 'system', ''
         from generate_series(1, 6) as s`,
    `insert into shipments (id, order_id, order_number, seq, location_id, status, carrier, service, tracking_number, tracking_url,
                            estimate_earliest, estimate_latest, packed_by, created_at, shipped_at, last_scan_at, updated_at)
       select gen_random_uuid(), '${id}', 'DS-MEAC-UREA', p, gen_random_uuid(), 'out_for_delivery', 'ups', 'Ground',
              '1ZMEASURED00000' || p, 'https://www.ups.com/track?tracknum=1ZMEASURED00000' || p,
              current_date + 1, current_date + 1, 'system', now() - interval '2 days', now() - interval '2 days', now(), now()
         from generate_series(1, 3) as p`,
    `insert into shipment_lines (shipment_id, order_line_id, variant_id, quantity)
       select s.id, l.id, l.variant_id, 1 from shipments s join order_lines l on l.order_id = s.order_id and l.position = s.seq where s.order_id = '${id}'`,
    `insert into tracking_events (id, shipment_id, carrier_event_id, code, detail, location, occurred_at, received_at)
       select gen_random_uuid(), s.id, 'ev-' || e, (array['label_created','picked_up','in_transit','in_transit','in_transit','in_transit','in_transit','in_transit','in_transit','out_for_delivery'])[e],
              'Scan ' || e, 'Hub ' || e, now() - interval '2 days' + e * interval '4 hours', now() - interval '2 days' + e * interval '4 hours'
         from shipments s, generate_series(1, 10) as e where s.order_id = '${id}'`,
  ];
  for (const statement of statements) await db.execute(sql.raw(statement));
  return { id, number: order!.number };
}

async function main(): Promise<void> {
  const done = installGuards(1200);
  const dir = tempDir();
  const database = await createChildDatabase({ dir, postgresUrl: ADMIN_URL, migrated: false });
  try {
    log(`postgres: migrating, then ${ORDERS.toLocaleString('en')} orders with their lines, history, parcels and scans`);
    const started = Date.now();
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const env = { SESSION_SECRET: testConfig().sessionSecret ?? '', BASE_URL: baseUrl };
    const link = await withStoreInProcess(database, async (platform) => {
      for (const statement of FILL) await platform.database.db.execute(sql.raw(statement));
      const order = await measuredOrder(platform);
      const [counts] = await rows<{ orders: number; events: number }>(platform.database.db, sql`select (select count(*)::int from orders) as orders, (select count(*)::int from tracking_events) as events`);
      log(`filled in ${fmt((Date.now() - started) / 1000, 1)} s: ${counts!.orders.toLocaleString('en')} orders, ${counts!.events.toLocaleString('en')} carrier events`);
      return new URL(orderPageUrl(platform, order)).pathname + new URL(orderPageUrl(platform, order)).search;
    });
    const store = await startStoreProcess({ dir, name: 'store', port, env: { ...database.env, ...profilingEnv(), ...env, DEMO_DATA: 'false' } });
    try {
      await waitForIdleJobs(store.url, 120);
      const url = `${store.url}${link}`;
      const page = await fetch(url);
      const html = await page.text();
      const parcels = (html.match(/1ZMEASURED/g) ?? []).length;
      log(`the page answers ${page.status}, ${html.length.toLocaleString('en')} bytes, tracking numbers shown ${parcels} times`);
      if (page.status !== 200) throw new Error(`the order page answered ${page.status}`);
      console.log(`order page of an order with 3 parcels and 30 carrier events, ${ORDERS.toLocaleString('en')} orders in PostgreSQL`);
      await latencyUnderLoad(url, { targetP99: TARGET_P99_MS, saturation: LEVELS });
      console.log(`  store RSS after the runs: ${fmt(rssMiB(store.child.pid))} MiB`);
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

await main();
