// What one statement costs on this machine: the yardstick for the order flow's figures, whose
// cost is mostly round trips to PostgreSQL. Through the store's own database layer
// (`openDatabase`: the preparing pool, drizzle), CONNECTIONS callers each run statements back to
// back on a pool of 20 connections, as a busy store's requests do, for MEASURE_SECONDS:
//
//   - a bare `select $1` through node-postgres: a round trip and nothing else;
//   - a row by its primary key, built by drizzle each time (as most of the store's reads are);
//   - the same read built once (`builtOnce`: drizzle's `.prepare()` with a placeholder);
//   - an update of a row in a transaction (begin, update, commit: two round trips, the begin
//     travelling with the update).
//
// Prints statements per second and the CPU each one cost this process and PostgreSQL's
// server processes, in microseconds.
//
//   npm run bench:round-trips
//
// A temporary database is created on BENCH_ADMIN_DATABASE_URL (default: PostgreSQL's Unix
// socket) and dropped at the end.
import { cpus } from 'node:os';
import { eq, sql } from 'drizzle-orm';
import { integer, pgTable } from 'drizzle-orm/pg-core';
import { builtOnce, openDatabase, type Database } from '../src/platform/db/database.ts';
import { createChildDatabase } from '../src/testing/child-store.ts';
import { BENCH_POSTGRES_URL, CONNECTIONS, cpuMeter, fmt, installGuards, log, MEASURE_SECONDS, tempDir, WARMUP_SECONDS } from './support/harness.ts';

const ROWS = 1_000;
const rowsTable = pgTable('bench_rows', { id: integer('id').primaryKey(), n: integer('n').notNull() });

interface Case {
  label: string;
  /** Statements sent to PostgreSQL by one call (begin and commit count). */
  statements: number;
  run(database: Database, i: number): Promise<unknown>;
}

const byId = builtOnce((db) =>
  db
    .select()
    .from(rowsTable)
    .where(eq(rowsTable.id, sql.placeholder('id')))
    .prepare('bench_row_by_id'),
);

const CASES: Case[] = [
  { label: 'select $1 (node-postgres)', statements: 1, run: (database, i) => database.db.execute(sql`select ${i}::int as n`) },
  { label: 'a row by its key (drizzle, built each time)', statements: 1, run: (database, i) => database.db.select().from(rowsTable).where(eq(rowsTable.id, i % ROWS)) },
  { label: 'a row by its key (built once)', statements: 1, run: (database, i) => byId(database.db).execute({ id: i % ROWS }) },
  {
    label: 'an update in a transaction (begin with it, commit)',
    statements: 3,
    run: (database, i) => database.transaction((tx) => tx.update(rowsTable).set({ n: sql`${rowsTable.n} + 1` }).where(eq(rowsTable.id, i % ROWS))),
  },
];

/** CONNECTIONS callers run the case back to back for `seconds`: calls made and CPU used. */
async function load(database: Database, run: Case['run'], seconds: number): Promise<{ calls: number; seconds: number; cpu: { store: number; postgres: number } }> {
  const meter = cpuMeter({ store: process.pid });
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let calls = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, caller) => {
      for (let i = caller; performance.now() < deadline; i += CONNECTIONS) {
        await run(database, i);
        calls++;
      }
    }),
  );
  const used = meter.used();
  return { calls, seconds: (performance.now() - started) / 1000, cpu: { store: used.store, postgres: used.postgres } };
}

const done = installGuards(600);
const child = await createChildDatabase({ dir: tempDir(), postgresUrl: BENCH_POSTGRES_URL, migrated: false });
try {
  console.log(
    `Round trips to PostgreSQL on ${cpus().length} CPU(s) (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}: ` +
      `${CONNECTIONS} callers on a pool of 20, ${WARMUP_SECONDS} s warm-up + ${MEASURE_SECONDS} s each`,
  );
  const database = await openDatabase({ url: child.env.DATABASE_URL!, poolSize: 20 });
  try {
    await database.db.execute(sql`create table bench_rows (id int primary key, n int not null)`);
    await database.db.execute(sql`insert into bench_rows select g, 0 from generate_series(0, ${ROWS - 1}) g`);
    console.log('case                                                 statements/s   this process µs/statement   PostgreSQL µs/statement');
    for (const { label, statements, run } of CASES) {
      log(`${label}: warming up`);
      await load(database, run, WARMUP_SECONDS);
      const measured = await load(database, run, MEASURE_SECONDS);
      const sent = measured.calls * statements;
      const micros = (cpuSeconds: number) => fmt((cpuSeconds / sent) * 1e6);
      console.log(`${label.padEnd(52)} ${fmt(sent / measured.seconds).padStart(12)}   ${micros(measured.cpu.store).padStart(25)}   ${micros(measured.cpu.postgres).padStart(23)}`);
    }
  } finally {
    await database.close();
  }
} catch (error) {
  log(`failed: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
} finally {
  await child.drop();
  done();
}
