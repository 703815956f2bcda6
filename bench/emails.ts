// Email throughput: 10,000 emails of the real "order recorded" touch point (items, totals,
// delivery estimate, signed links, brand, both parts) rendered and queued by 8 concurrent
// handlers (the store runs one queue per touch point), then handed to a local SMTP server
// (smtp-server, in its own process) by the delivery job's own code, with nodemailer's pooled
// connections. Prints queued (rendered) per second, handed to SMTP per second, the two
// together, and the heap before and after the drain against the target (≥ 300 emails/s,
// memory flat). Then checks that every email arrived once and that a second drain sends
// nothing.
//
//   npm run bench:emails              (BENCH_EMAILS to change the count; PostgreSQL by default,
//                                      BENCH_DATABASE=pglite for the embedded database)
//
// A temporary database is created on BENCH_ADMIN_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres) and dropped at the end.
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { orderPlaced, type OrderEventPayload } from '../src/modules/orders/index.ts';
import { deliverDue } from '../src/modules/notifications/queue/deliver.ts';
import { queueTouchPoint } from '../src/modules/notifications/queue/enqueue.ts';
import type { TouchPoint } from '../src/modules/notifications/touch-points/define.ts';
import { orderRecorded } from '../src/modules/notifications/touch-points/orders.ts';
import { openDatabase, rows } from '../src/platform/db/database.ts';
import type { DomainEvent } from '../src/platform/events/events.ts';
import { newId } from '../src/platform/ids.ts';
import { createStore } from '../src/store.ts';
import { createChildDatabase } from '../src/testing/child-store.ts';
import { spawn } from 'node:child_process';
import { testConfig } from '../src/testing/store.ts';
import { fmt, installGuards, log, projectNode, projectRoot, tempDir, BENCH_POSTGRES_URL } from './support/harness.ts';

const EMAILS = Number(process.env.BENCH_EMAILS ?? 10_000);
const PER_TRANSACTION = 100;
/** Event handlers run side by side in the store (one queue per touch point, several instances). */
const QUEUEING_STREAMS = Number(process.env.BENCH_STREAMS ?? 8);
const TARGET_PER_SECOND = 300;
const ADMIN_URL = BENCH_POSTGRES_URL;
const ON_PGLITE = process.env.BENCH_DATABASE === 'pglite';

const ORDER = `insert into orders (id, number, email, status, payment_status, currency, subtotal, shipping_total, tax_total, total,
                 prices_include_tax, shipping_address, shipping_method, payment_deadline, placed_at, updated_at)
  values ($1, 'DS-MAIL-0001', 'ada@example.com', 'placed', 'pending', 'USD', 9700, 599, 776, 11075, false,
          '{"name":"Ada Buyer","line1":"1 Main Street","city":"Albany","region":"NY","postalCode":"12207","country":"US"}'::jsonb,
          '{"id":"standard","name":"Standard","price":599,"carrier":"UPS"}'::jsonb, now() + interval '48 hours', now(), now())`;
const LINES = `insert into order_lines (id, order_id, position, variant_id, sku, product_title, variant_title, quantity, unit_price, line_total, tax, tax_rate_bp, promise)
  select gen_random_uuid(), $1, p, gen_random_uuid(), 'SKU-' || p, (array['Kettle','Teapot','Mug set'])[p], (array['Steel',null,'Blue'])[p], p, 1700 * p, 1700 * p * p, 136 * p * p, 800,
         '{"state":"in_stock","label":"In stock","earliest":"2026-12-10","latest":"2026-12-11","shipsOn":"2026-12-08"}'::jsonb
    from generate_series(1, 3) as p`;

/** The real touch point, writing to a different reader for each event (the order is the same). */
function benchTouchPoint(orderId: string, key: string): TouchPoint<OrderEventPayload> {
  return {
    ...(orderRecorded as unknown as TouchPoint<OrderEventPayload>),
    key,
    async letters(platform, tx, event) {
      const letters = await orderRecorded.letters(platform, tx, { ...event, payload: { ...event.payload, orderId } });
      return letters.map((letter) => ({ ...letter, to: `reader${event.payload.number}@example.com` }));
    },
  };
}

/** The SMTP sink in its own process: its port, and what it received once stopped. */
async function startSinkProcess(): Promise<{ url: string; stop(): Promise<{ received: number; distinct: number }> }> {
  const child = spawn(projectNode, ['bench/support/smtp-sink-process.ts'], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  process.on('exit', () => child.kill('SIGKILL'));
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /listening (\d+)/.exec(output);
      if (match) {
        clearInterval(timer);
        resolve(Number(match[1]));
      }
    }, 50);
    child.once('exit', () => reject(new Error(`the SMTP sink ended: ${output}`)));
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    async stop() {
      const ended = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await ended;
      const match = /received (\d+) distinct (\d+)/.exec(output);
      return { received: Number(match?.[1] ?? -1), distinct: Number(match?.[2] ?? -1) };
    },
  };
}

const heapMiB = () => {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

async function main(): Promise<void> {
  const done = installGuards(900);
  const dir = tempDir();
  const sink = await startSinkProcess();
  const childDatabase = await createChildDatabase({ dir, postgresUrl: ON_PGLITE ? undefined : ADMIN_URL, migrated: false });
  // The production pool size (20), not the tests' 4: the handlers run side by side.
  const handle = childDatabase.env.DATABASE_URL ? await openDatabase({ url: childDatabase.env.DATABASE_URL }) : await childDatabase.open();
  const store = await createStore({ ...testConfig({ SMTP_URL: process.env.BENCH_SMTP_QUERY ? `${sink.url}/?${process.env.BENCH_SMTP_QUERY}` : sink.url, NODE_ENV: 'production', SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-01' }), worker: false }, { database: handle, log: pino({ level: 'warn' }) });
  await store.start();
  const { platform } = store;
  try {
    const orderId = newId();
    // The id is ours (a UUID we just made), so it can be written into the statements.
    await platform.database.transaction(async (tx) => {
      await tx.execute(sql.raw(ORDER.replace('$1', `'${orderId}'`)));
      await tx.execute(sql.raw(LINES.replaceAll('$1', `'${orderId}'`)));
    });
    const streams = ON_PGLITE ? 1 : QUEUEING_STREAMS;
    /** Runs the touch point for EMAILS events, `streams` transactions of PER_TRANSACTION at a time. */
    const queueAll = async (touchPoint: TouchPoint<OrderEventPayload>) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: streams }, async () => {
          while (next < EMAILS) {
            const first = next;
            next += PER_TRANSACTION;
            await platform.database.transaction(async (tx) => {
              for (let i = first; i < Math.min(EMAILS, first + PER_TRANSACTION); i++) {
                const event: DomainEvent<OrderEventPayload> = { id: newId(), type: orderPlaced.name, payload: { orderId, number: String(i), from: null }, actor: 'system', occurredAt: new Date().toISOString() };
                await queueTouchPoint(platform, tx, touchPoint, event);
              }
            });
          }
        }),
      );
    };
    log(`queueing ${EMAILS} emails (${ON_PGLITE ? 'PGlite' : 'PostgreSQL'}), ${PER_TRANSACTION} per transaction, ${streams} at a time`);

    const queueStarted = performance.now();
    await queueAll(benchTouchPoint(orderId, 'bench.order-recorded'));
    const queueSeconds = (performance.now() - queueStarted) / 1000;

    const heapBefore = heapMiB();
    let heapPeak = heapBefore;
    const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed / 1024 / 1024)), 200);
    const sendStarted = performance.now();
    const handed = await deliverDue(platform);
    const sendSeconds = (performance.now() - sendStarted) / 1000;
    clearInterval(sampler);
    const heapAfter = heapMiB();

    // As the store runs it: the sender works while the handlers queue (the worker kicks it after
    // each commit), in the same process.
    log(`again, ${EMAILS} more emails with the sender running while they are queued`);
    const liveStarted = performance.now();
    let queuing = true;
    const sender = (async () => {
      let handedLive = 0;
      while (queuing || handedLive < EMAILS) {
        const n = await deliverDue(platform);
        handedLive += n;
        if (n === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await queueAll(benchTouchPoint(orderId, 'bench.order-recorded-live'));
    queuing = false;
    await sender;
    const liveSeconds = (performance.now() - liveStarted) / 1000;

    const [counts] = await rows<{ sent: number; other: number }>(platform.database.db, sql`select count(*) filter (where status = 'sent')::int as sent, count(*) filter (where status <> 'sent')::int as other from outgoing_emails`);
    const again = await deliverDue(platform);
    const arrived = await sink.stop();

    const perSecond = (n: number, s: number) => fmt(n / s, 0);
    console.log('');
    console.log(`emails                         ${EMAILS}`);
    console.log(`rendered and queued            ${fmt(queueSeconds, 1)} s  ${perSecond(EMAILS, queueSeconds)}/s`);
    console.log(`handed to SMTP                 ${fmt(sendSeconds, 1)} s  ${perSecond(handed, sendSeconds)}/s`);
    console.log(`the two, one after the other   ${fmt(queueSeconds + sendSeconds, 1)} s  ${perSecond(EMAILS, queueSeconds + sendSeconds)}/s`);
    console.log(`the two at once, as the store  ${fmt(liveSeconds, 1)} s  ${perSecond(EMAILS, liveSeconds)}/s   (target ≥ ${TARGET_PER_SECOND}/s rendered and handed to SMTP)`);
    console.log(`heap before / peak / after     ${fmt(heapBefore, 1)} / ${fmt(heapPeak, 1)} / ${fmt(heapAfter, 1)} MiB`);
    console.log(`rss                            ${fmt(process.memoryUsage().rss / 1024 / 1024, 0)} MiB`);
    console.log('');
    const checks = [
      [`every email marked sent (${counts?.sent} sent, ${counts?.other} not)`, counts?.sent === 2 * EMAILS],
      [`every email arrived once (${arrived.received} received, ${arrived.distinct} distinct Message-IDs)`, arrived.received === 2 * EMAILS && arrived.distinct === 2 * EMAILS],
      ['a second drain sends nothing', again === 0],
    ] as const;
    for (const [what, ok] of checks) console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
  } finally {
    await store.stop();
    await childDatabase.drop();
    done();
  }
}

await main();
