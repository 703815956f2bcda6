// The support console's queue views under load, on PostgreSQL with 200,000 tickets and 50
// agents: the "All open" view, one agent's "Mine", "Unassigned" and one queue's view, each
// the soonest due first, opened by a signed-in agent.
// Prints the plans of the views' queries (EXPLAIN ANALYZE: which index, how many rows read),
// a bare Fastify hello-world on the same machine at the same moment (what the machine gives
// any server right now), then per view requests/s and p50/p99 against the target (p99 < 100 ms):
// at 10 and 50 connections asking as fast as answered (the throughput), then at a quarter, a
// half and three quarters of that throughput as steady traffic (50 agents each opening a view
// every few seconds are a few dozen requests/s).
//
//   npm run bench:support-queue
//
// A temporary database is created on BENCH_ADMIN_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres) and dropped at the end. The tickets (a first
// message and an opening history row each; a third still open, the rest solved or closed;
// open ones spread over the 50 agents, unassigned and 5 queues, with due times from an hour
// ago to two weeks ahead) are written with set-based SQL, as a desk that grew over months
// looks to the queries. The store runs as `npm start` runs it (worker and logging on) in its
// own process.
import { asc, sql } from 'drizzle-orm';
import { queueConditions, type QueueQuery } from '../src/modules/support/queues.ts';
import { tickets } from '../src/modules/support/schema.ts';
import { rows } from '../src/platform/db/database.ts';
import { hashPassword } from '../src/platform/http/auth/passwords.ts';
import { createChildDatabase, freePort, startStoreProcess, withStoreInProcess } from '../src/testing/child-store.ts';
import { testConfig } from '../src/testing/store.ts';
import { BENCH_POSTGRES_URL, fmt, installGuards, latencyUnderLoad, log, measureHelloWorld, profilingEnv, rssMiB, tempDir, waitForIdleJobs } from './support/harness.ts';

const TICKETS = 200_000;
const AGENTS = 50;
const QUEUES = ['general', 'returns', 'payments', 'delivery', 'wholesale'];
const TARGET_P99_MS = 100;
const LEVELS = [10, 50];
const PASSWORD = 'bench agent password';
const ADMIN_URL = BENCH_POSTGRES_URL;

const OPEN = `(array['new','open','waiting_on_customer','waiting_on_third_party'])`;
const QUEUE_ARRAY = `(array[${QUEUES.map((q) => `'${q}'`).join(',')}])`;

/** The filler. Every third ticket is open; of those, one in 11 is unassigned, the rest spread over the agents. */
const fill = (passwordHash: string) => [
  `insert into staff_users (id, email, name, role, password_hash)
     select gen_random_uuid(), 'agent' || a || '@bench.test', 'Agent ' || a, 'agent', '${passwordHash}' from generate_series(1, ${AGENTS}) as a`,
  `create temporary table bench_agents as select row_number() over (order by email) as n, id from staff_users where email like '%@bench.test'`,
  `create temporary table bench_ids as
     select i, gen_random_uuid() as ticket_id,
            timestamptz '2026-06-01 12:00Z' + (i * interval '1 minute') as opened,
            (i % 3 = 0) as open_now
       from generate_series(1, ${TICKETS}) as i`,
  `insert into tickets (id, number, channel, email, name, subject, status, priority, queue, assignee_id, tags, created_at, updated_at,
                        sla_tier, sla_business_hours, first_response_due_at, resolution_due_at, first_responded_at, solved_at)
     select ticket_id, 'T-' || (10000000 + i), 'web', 'customer' || (i % 40000) || '@example.com', 'Customer ' || i, 'Question ' || i,
            case when open_now then ${OPEN}[1 + (i / 3) % 4] else (array['solved','closed'])[1 + i % 2] end,
            (array['low','normal','normal','high'])[1 + i % 4],
            ${QUEUE_ARRAY}[1 + i % ${QUEUES.length}],
            case when open_now and i % 11 <> 0 then (select id from bench_agents where n = 1 + (i / 3) % ${AGENTS}) end,
            case when i % 7 = 0 then array['where-is-my-order'] else '{}'::text[] end,
            opened, opened,
            'standard', true,
            case when open_now then now() - interval '1 hour' + ((i * 7919) % 20160) * interval '1 minute' else opened + interval '10 hours' end,
            case when open_now then now() + interval '1 day' + ((i * 7919) % 20160) * interval '1 minute' else opened + interval '27 hours' end,
            case when open_now and (i / 3) % 4 <> 0 then now() - interval '2 hours' when not open_now then opened + interval '2 hours' end,
            case when not open_now then opened + interval '5 hours' end
       from bench_ids`,
  `insert into ticket_messages (id, ticket_id, seq, kind, channel, author, body, created_at)
     select gen_random_uuid(), ticket_id, 1, 'customer', 'web', 'customer', 'Hello, I have a question about my order number ' || i || '.', opened from bench_ids`,
  `insert into ticket_events (ticket_id, seq, at, kind, actor, detail)
     select ticket_id, 1, opened, 'opened', 'customer', '{"channel":"web"}'::jsonb from bench_ids`,
  `drop table bench_ids`,
  `drop table bench_agents`,
  `analyze`,
];

interface View {
  label: string;
  path: string;
  query: Omit<QueueQuery, 'page'>;
}

/** A session cookie of the agent, through the sign-in form as a browser signs in. */
async function signIn(baseUrl: string, email: string): Promise<string> {
  const form = await fetch(`${baseUrl}/staff/sign-in`);
  const csrfCookie = (form.headers.getSetCookie().find((c) => c.startsWith('_csrf=')) ?? '').split(';')[0]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const answer = await fetch(`${baseUrl}/staff/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie, origin: baseUrl },
    body: new URLSearchParams({ _csrf: token, email, password: PASSWORD }).toString(),
  });
  const session = answer.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .filter((c) => !c.startsWith('_csrf='));
  if (answer.status !== 303 || session.length === 0) throw new Error(`signing in answered ${answer.status}`);
  return [csrfCookie, ...session].join('; ');
}

async function main(): Promise<void> {
  const done = installGuards(1500);
  const dir = tempDir();
  const database = await createChildDatabase({ dir, postgresUrl: ADMIN_URL, migrated: false });
  try {
    log(`postgres: migrating, then ${TICKETS.toLocaleString('en')} tickets with their first message and history, ${AGENTS} agents`);
    const started = Date.now();
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const env = { SESSION_SECRET: testConfig().sessionSecret ?? '', BASE_URL: baseUrl };
    const passwordHash = await hashPassword(PASSWORD);
    const views = await withStoreInProcess(database, async (platform) => {
      const db = platform.database.db;
      for (const statement of fill(passwordHash)) await db.execute(sql.raw(statement));
      const [agent] = await rows<{ id: string }>(db, sql`select id from staff_users where email = 'agent1@bench.test'`);
      const [counts] = await rows<{ all: number; open: number; mine: number }>(
        db,
        sql`select count(*)::int as all, count(*) filter (where status in ('new','open','waiting_on_customer','waiting_on_third_party'))::int as open,
                   count(*) filter (where assignee_id = ${agent!.id} and status in ('new','open','waiting_on_customer','waiting_on_third_party'))::int as mine
            from tickets`,
      );
      log(`filled in ${fmt((Date.now() - started) / 1000, 1)} s: ${counts!.all.toLocaleString('en')} tickets, ${counts!.open.toLocaleString('en')} open, ${counts!.mine} open for the measured agent`);
      const views: View[] = [
        { label: 'All open', path: '/admin/support', query: { view: 'open' } },
        { label: 'Mine', path: '/admin/support?view=mine', query: { view: 'mine' } },
        { label: 'Unassigned', path: '/admin/support?view=unassigned', query: { view: 'unassigned' } },
        { label: 'Queue "returns"', path: '/admin/support?view=queue&queue=returns', query: { view: 'queue', queue: 'returns' } },
      ];
      // The plans the views' page queries get: each should read its index in due order and stop at the page.
      for (const view of views) {
        const page = db.select().from(tickets).where(queueConditions(view.query, agent!.id)).orderBy(asc(tickets.slaDueAt), asc(tickets.id)).limit(50);
        const plan = await rows<{ 'QUERY PLAN': string }>(db, sql`explain (analyze, costs off, timing off, summary on) ${page}`);
        console.log(`plan of "${view.label}" (first page):`);
        for (const line of plan) console.log(`    ${line['QUERY PLAN']}`);
      }
      return views;
    });
    const store = await startStoreProcess({ dir, name: 'store', port, env: { ...database.env, ...profilingEnv(), ...env, DEMO_DATA: 'false' } });
    try {
      await waitForIdleJobs(store.url, 120);
      const cookie = await signIn(store.url, 'agent1@bench.test');
      const hello = await measureHelloWorld(dir);
      console.log(`machine now: a bare Fastify hello-world answers ${fmt(hello.result.okPerSecond)} requests/s, p99 ${fmt(hello.result.p99, 1)} ms at 50 connections`);
      console.log(`queue views of ${TICKETS.toLocaleString('en')} tickets and ${AGENTS} agents in PostgreSQL, opened by a signed-in agent`);
      for (const view of views) {
        const url = `${store.url}${view.path}`;
        const first = await fetch(url, { headers: { cookie, accept: 'text/html' } });
        const html = await first.text();
        const shown = (html.match(/href="\/admin\/support\/T-\d+"/g) ?? []).length;
        if (first.status !== 200 || shown === 0) throw new Error(`${view.path} answered ${first.status} with ${shown} tickets`);
        console.log(`  ${view.label}: ${shown} tickets a page`);
        await latencyUnderLoad(url, { targetP99: TARGET_P99_MS, saturation: LEVELS, cookie, label: view.label.padEnd(16) });
      }
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
