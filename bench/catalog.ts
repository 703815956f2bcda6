// Catalogue pages under load: the home page, a collection page (24 products), a search and
// a product page, with every demo product plus 10,000 generated ones, on PostgreSQL and on
// PGlite; each page with the page cache on, and the collection page again with it off.
// A bare Fastify hello-world is measured in the same run so the ratio is visible. Each
// store run waits (at most 90 s) for its start-up jobs to finish before it is measured.
//
//   npm run bench:catalog                  # both databases
//   npm run bench:catalog -- postgres      # or: pglite
//
// PostgreSQL: a temporary database is created on BENCH_ADMIN_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres) and dropped at the end.
import { cpus } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import {
  CONNECTIONS,
  installGuards,
  log,
  MEASURE_SECONDS,
  measure,
  measureHelloWorld,
  printRatios,
  printTable,
  rssMiB,
  startStore,
  stopServer,
  tempDir,
  waitForIdleJobs,
  WARMUP_SECONDS,
  type Row,
  BENCH_POSTGRES_URL,
} from './support/harness.ts';

const GENERATED = 10_000;
const ADMIN_URL = BENCH_POSTGRES_URL;

const PAGES = [
  { label: 'home', path: '/' },
  { label: 'collection (24 of 10,000)', path: '/collections/bench-goods' },
  { label: 'search "linen shirt"', path: '/search?q=linen+shirt' },
  { label: 'product', path: '/products/bench-product-4242' },
];

/** 10,000 active products in one rule collection, two variants each, all in stock. */
export async function seedGenerated(database: Database): Promise<void> {
  await database.transaction(async (tx) => {
    await tx.execute(sql`
      insert into products (id, handle, title, body_html, vendor, product_type, tags, status, option_names,
                            price_min_minor, price_max_minor, option_values, available, published_at, created_at, updated_at)
      select gen_random_uuid(), 'bench-product-' || i,
             (array['Linen','Cotton','Wool','Oak','Clay','Silver','Canvas','Leather'])[1 + i % 8] || ' ' ||
             (array['Shirt','Bowl','Scarf','Stool','Pot','Ring','Bag','Belt','Lamp','Mug'])[1 + i % 10] || ' ' || i,
             '<p>A generated product for benchmarks, number ' || i || '.</p>',
             (array['Northwind','Acme','Globex','Initech'])[1 + i % 4], 'Bench',
             array['bench', (array['summer','winter','classic'])[1 + i % 3]], 'active', array['Size'],
             1000 + (i % 90) * 100, 1500 + (i % 90) * 100, array['size:small','size:large'], true,
             now() - make_interval(mins => i), now(), now()
      from generate_series(1, ${GENERATED}) as i`);
    await tx.execute(sql`
      update products set
        search_document = setweight(to_tsvector('english', doorstep_unaccent(title)), 'A')
          || setweight(to_tsvector('english', doorstep_unaccent(array_to_string(tags, ' ') || ' ' || product_type || ' ' || vendor)), 'B')
          || setweight(to_tsvector('english', doorstep_unaccent(body_html)), 'C'),
        search_text = lower(doorstep_unaccent(title || ' ' || array_to_string(tags, ' ') || ' ' || product_type || ' ' || vendor))
      where handle like 'bench-product-%'`);
    await tx.execute(sql`
      insert into product_variants (id, product_id, position, option1, sku, price_minor)
      select gen_random_uuid(), p.id, v.position, v.size, upper(p.handle) || '-' || upper(v.size), p.price_min_minor + (v.position - 1) * 500
      from products p cross join (values (1, 'Small'), (2, 'Large')) as v(position, size)
      where p.handle like 'bench-product-%'`);
    await tx.execute(
      sql`insert into stock_locations (id, code, name, is_default) values (gen_random_uuid(), 'main', 'Main warehouse', 1) on conflict (code) do nothing`,
    );
    await tx.execute(sql`
      insert into stock_levels (variant_id, location_id, on_hand)
      select v.id, (select id from stock_locations where code = 'main'), 50
      from product_variants v where v.sku like 'BENCH-PRODUCT-%'`);
    await tx.execute(sql`
      insert into collections (id, handle, title, kind, rules, featured, position)
      values (gen_random_uuid(), 'bench-goods', 'Bench goods', 'rule',
              '{"match":"all","conditions":[{"field":"type","operator":"equals","value":"bench"}]}'::jsonb, false, 99)`);
    await tx.execute(sql`
      insert into collection_products (collection_id, product_id, position, source)
      select (select id from collections where handle = 'bench-goods'), id, 0, 'rule' from products where product_type = 'Bench'`);
  });
  await database.db.execute(sql`analyze`);
}

async function benchmark(kind: 'pglite' | 'postgres', dir: string): Promise<Row[]> {
  let env: Record<string, string>;
  let dropDatabase = async () => {};
  if (kind === 'postgres') {
    const name = `doorstep_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    env = { DATABASE_URL: url.href, DATA_DIR: join(dir, 'pg-data') };
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
  } else {
    env = { DATA_DIR: join(dir, 'pglite-data') };
  }
  try {
    // First start: migrations and the demo catalogue; then the generated products go in directly.
    log(`${kind}: loading the demo catalogue`);
    const first = await startStore(dir, `${kind}-seed`, { ...env, DEMO_DATA: 'true' });
    await stopServer(first);
    log(`${kind}: generating ${GENERATED} products`);
    const seeded = Date.now();
    const database = await openDatabase({
      url: env.DATABASE_URL,
      dataDir: env.DATABASE_URL ? undefined : join(env.DATA_DIR!, 'pglite'),
    });
    await seedGenerated(database);
    await database.close();
    log(`${kind}: generated in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);

    const rows: Row[] = [];
    for (const cache of [true, false]) {
      const store = await startStore(dir, `${kind}-${cache ? 'cached' : 'uncached'}`, {
        ...env,
        DEMO_DATA: 'false',
        PAGE_CACHE: String(cache),
      });
      await waitForIdleJobs(store.baseUrl, 90);
      for (const page of cache ? PAGES : PAGES.filter((p) => p.path.startsWith('/collections/'))) {
        const result = await measure(`${store.baseUrl}${page.path}`);
        rows.push({
          label: `${kind} ${cache ? 'cache on ' : 'cache off'}  ${page.label}`,
          result,
          rss: rssMiB(store.child.pid),
        });
      }
      await stopServer(store);
    }
    return rows;
  } finally {
    await dropDatabase();
  }
}

if (process.argv[1] === import.meta.filename) await main();

async function main(): Promise<void> {
  const done = installGuards(1500);
  try {
    const which = process.argv[2] ?? 'both';
    const kinds =
      which === 'both' ? (['postgres', 'pglite'] as const) : [which as 'postgres' | 'pglite'];
    const dir = tempDir();
    console.log(
      `Catalogue pages on ${cpus().length} CPU(s) (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, ` +
        `demo catalogue + ${GENERATED} generated products, autocannon ${CONNECTIONS} connections, ` +
        `${WARMUP_SECONDS} s warm-up + ${MEASURE_SECONDS} s, only 2xx counted`,
    );
    const hello = await measureHelloWorld(dir);
    const rows: Row[] = [];
    for (const kind of kinds) rows.push(...(await benchmark(kind, dir)));
    console.log('');
    printTable([hello, ...rows]);
    console.log('');
    printRatios(hello, rows);
    console.log(
      'targets (PostgreSQL): collection and product pages ≥ 30 % of hello-world with p99 < 50 ms; collection with the cache off ≥ 2,000 req/s',
    );
  } catch (error) {
    log(`failed: ${(error as Error).message}`);
    process.exitCode = 1;
  } finally {
    done();
    process.exit();
  }
}
