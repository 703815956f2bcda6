// Inbound email ingestion through the HTTP webhook, against the store run as `npm start` runs
// it (its own process, worker and info logging on) on PostgreSQL: each request is one message
// parsed (mailparser), threaded, stored (raw message and attachments under DATA_DIR, rows in
// one transaction) and answered. The mix: every real-world message in
// ../shared/data/email-fixtures (Gmail/Outlook/Apple/Android/Yahoo replies, HTML-only, legacy
// charsets, attachments, a bounce report), each under a fresh Message-ID, and as many
// replies that thread to a message taken earlier (In-Reply-To, a quoted previous message
// to strip). Prints messages per second and the latency percentiles against the target
// (≥ 100 messages/s), then checks that every message became exactly one inbound row.
//
//   npm run bench:inbound     (BENCH_MESSAGES, default 2000; BENCH_CONCURRENCY, default 16;
//                              BENCH_DATABASE=pglite for the embedded database; BENCH_WORKER=false
//                              to see the ingestion alone, without the worker writing the
//                              acknowledgement emails beside it)
//
// A temporary database is created on BENCH_ADMIN_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres) and dropped at the end.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { createChildDatabase } from '../src/testing/child-store.ts';
import { BENCH_POSTGRES_URL, fmt, installGuards, log, projectRoot, startStore, stopServer, tempDir, waitForIdleJobs } from './support/harness.ts';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const TARGET_PER_SECOND = 100;
const ADMIN_URL = BENCH_POSTGRES_URL;
const ON_PGLITE = process.env.BENCH_DATABASE === 'pglite';
const SECRET = 'bench-inbound-webhook-secret-0123456789abcdef';
const FIXTURES = join(projectRoot, '..', 'shared', 'data', 'email-fixtures');

const fixtures = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.eml'))
  .sort()
  .map((file) => readFileSync(join(FIXTURES, file)));

const benchId = (i: number) => `<bench-${i}@bench.example>`;

/** The fixture with its own Message-ID replaced by a fresh one (after an mbox "From " line, if any). */
function fresh(raw: Buffer, i: number): Buffer {
  const text = raw.toString('latin1').replace(/^Message-ID:[^\n]*\n(?:[ \t][^\n]*\n)*/im, '');
  const mbox = /^From [^\n]*\n/.exec(text)?.[0] ?? '';
  return Buffer.from(`${mbox}Message-ID: ${benchId(i)}\r\n${text.slice(mbox.length)}`, 'latin1');
}

/** A customer's reply to an earlier message of the run, quoting it below the new words. */
function reply(i: number, to: number): Buffer {
  return Buffer.from(
    [
      `From: Customer ${to % 97} <customer${to % 97}@example.com>`,
      'To: support@127.0.0.1',
      `Subject: Re: my question ${to}`,
      `Message-ID: ${benchId(i)}`,
      `In-Reply-To: ${benchId(to)}`,
      `References: ${benchId(to)}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Thanks, one more detail about ${to}: the box was open when it arrived.`,
      '',
      `On Mon, 7 Dec 2026 at 10:00, Customer <customer${to % 97}@example.com> wrote:`,
      '> The lid is cracked.',
      '> Can you send a new one?',
      '',
    ].join('\r\n'),
  );
}

/** Message i: a fixture, or every other time a reply to a message 41 before it (already answered by then). */
const message = (i: number) => (i % 2 === 1 && i > 50 ? reply(i, i - 41) : fresh(fixtures[(i >> 1) % fixtures.length]!, i));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const done = installGuards(900);
  const dir = tempDir();
  const database = await createChildDatabase({ dir, postgresUrl: ON_PGLITE ? undefined : ADMIN_URL, migrated: false });
  const worker = process.env.BENCH_WORKER !== 'false';
  const store = await startStore(dir, 'store', { ...database.env, DEMO_DATA: 'false', WORKER: String(worker), EMAIL_WEBHOOK_SECRET: SECRET, SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-01' });
  try {
    if (worker) await waitForIdleJobs(store.baseUrl, 60);
    const post = async (i: number): Promise<{ ms: number; status: number }> => {
      const body = message(i);
      const started = performance.now();
      const response = await fetch(`${store.baseUrl}/webhooks/email/inbound`, { method: 'POST', headers: { 'content-type': 'message/rfc822', 'doorstep-webhook-secret': SECRET }, body: new Uint8Array(body) });
      await response.arrayBuffer();
      return { ms: performance.now() - started, status: response.status };
    };
    // Warm-up outside the measure: the first messages of each kind (parser, templates, plans).
    for (let i = 0; i < 40; i++) await post(MESSAGES + 1000 + i);

    log(`posting ${MESSAGES} messages to the webhook (${ON_PGLITE ? 'PGlite' : 'PostgreSQL'}), ${CONCURRENCY} at a time, worker ${worker ? 'on' : 'off'}`);
    const latencies: number[] = [];
    const failures = new Map<number, number>();
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < MESSAGES) {
          const { ms, status } = await post(next++);
          if (status === 201) latencies.push(ms);
          else failures.set(status, (failures.get(status) ?? 0) + 1);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);

    const client = new pg.Client({ connectionString: database.env.DATABASE_URL });
    const counts = ON_PGLITE
      ? null
      : await client.connect().then(async () => {
          const { rows } = await client.query<{ rows: string; distinct: string; tickets: string; threaded: string }>(
            `select count(*) as rows, count(distinct message_id) as distinct, count(distinct ticket_id) as tickets, count(*) filter (where threaded_by is not null) as threaded
               from inbound_emails where message_id like '<bench-%'`,
          );
          await client.end();
          return rows[0]!;
        });

    console.log('');
    console.log(`messages (201 Created)   ${latencies.length} of ${MESSAGES}${failures.size ? `; others: ${[...failures].map(([s, n]) => `${n}× ${s}`).join(', ')}` : ''}`);
    console.log(`took                     ${fmt(seconds, 1)} s, ${CONCURRENCY} at a time`);
    console.log(`messages/s               ${fmt(latencies.length / seconds, 0)}   (target ≥ ${TARGET_PER_SECOND}/s, parse + thread + store through the webhook)`);
    console.log(`latency p50 / p95 / p99  ${fmt(percentile(latencies, 50), 0)} / ${fmt(percentile(latencies, 95), 0)} / ${fmt(percentile(latencies, 99), 0)} ms`);
    if (counts) console.log(`inbound rows             ${counts.rows} (${counts.distinct} Message-IDs) on ${counts.tickets} tickets, ${counts.threaded} threaded to an earlier one`);
    console.log('');
    const checks = [[`every message answered 201 (${latencies.length} of ${MESSAGES})`, latencies.length === MESSAGES]] as [string, boolean][];
    if (counts) checks.push([`one inbound row per message (${counts.rows} rows, ${counts.distinct} distinct)`, Number(counts.rows) === MESSAGES + 40 && Number(counts.distinct) === MESSAGES + 40]);
    for (const [what, ok] of checks) console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
  } finally {
    await stopServer(store);
    await database.drop();
    done();
  }
}

await main();
