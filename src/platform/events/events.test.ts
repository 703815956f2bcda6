import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { systemClock } from '../clock.ts';
import { rows } from '../db/database.ts';
import { Jobs } from '../jobs/jobs.ts';
import { testDatabase, type TestDatabase } from '../../testing/database.ts';
import { defineEvent, Events } from './events.ts';

const somethingHappened = defineEvent<{ thingId: string }>('test.something_happened');
const log = pino({ level: 'silent' });

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition not met in time');
}

describe('domain events over the transactional outbox', () => {
  let database: TestDatabase;
  let jobs: Jobs;
  let events: Events;
  let failFirstAttempt = true;
  let alwaysFailCalls = 0;

  const effects = async (handler?: string) => {
    const found = await rows<{ n: number }>(
      database.db,
      handler
        ? sql`select count(*)::int as n from test_effects where handler = ${handler}`
        : sql`select count(*)::int as n from test_effects`,
    );
    return found[0]!.n;
  };

  before(async () => {
    database = await testDatabase();
    await database.db.execute(sql`create table test_effects (event_id uuid, handler text, thing_id text)`);
    jobs = new Jobs({ database, log, work: true });
    events = new Events(jobs, database, systemClock);
    events.subscribe(somethingHappened, 'test.first', async (event, tx) => {
      await tx.execute(sql`insert into test_effects values (${event.id}, 'first', ${event.payload.thingId})`);
    });
    // Does its work, then "crashes" before commit on its first attempt.
    events.subscribe(somethingHappened, 'test.flaky', async (event, tx) => {
      await tx.execute(sql`insert into test_effects values (${event.id}, 'flaky', ${event.payload.thingId})`);
      if (failFirstAttempt) {
        failFirstAttempt = false;
        throw new Error('simulated crash before commit');
      }
    }, { retryDelaySeconds: 1 });
    events.subscribe(somethingHappened, 'test.broken', async () => {
      alwaysFailCalls++;
      throw new Error('this handler always fails');
    }, { retryLimit: 1, retryDelaySeconds: 1 });
    await jobs.start();
  });

  after(async () => {
    await jobs.stop(2000);
    await database.dispose();
  });

  it('delivers a committed event once to every handler, retrying a failed attempt', async () => {
    await database.transaction((tx) => events.publish(tx, somethingHappened, { thingId: 'a' }));
    await waitFor(async () => (await effects('first')) === 1 && (await effects('flaky')) === 1);
    assert.equal(await effects('first'), 1);
    assert.equal(await effects('flaky'), 1, 'the crashed attempt left nothing behind; the retry did it once');
  });

  it('never delivers an event whose transaction rolled back', async () => {
    await assert.rejects(
      database.transaction(async (tx) => {
        await events.publish(tx, somethingHappened, { thingId: 'rolled-back' });
        throw new Error('the change failed');
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const found = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from test_effects where thing_id = 'rolled-back'`);
    assert.equal(found[0]!.n, 0);
    const logged = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from domain_events where payload->>'thingId' = 'rolled-back'`);
    assert.equal(logged[0]!.n, 0);
  });

  it('writes the events of a transaction at its end, all of them, each handled once; outside one at once', async () => {
    const stored = (handle: typeof database.db, ids: string[]) =>
      rows<{ id: string }>(handle, sql`select id from domain_events where id in ${sql.raw(`('${ids.join("','")}')`)} order by occurred_at, id`);
    const ids = await database.transaction(async (tx) => {
      const published: string[] = [];
      for (const thingId of ['batch-1', 'batch-2', 'batch-3']) published.push(await events.publish(tx, somethingHappened, { thingId }));
      assert.deepEqual(await stored(tx, published), [], 'written at the end of the transaction, not one by one');
      return published;
    });
    assert.equal((await stored(database.db, ids)).length, 3);
    const handled = async () =>
      (await rows<{ n: number }>(database.db, sql`select count(*)::int as n from test_effects where handler = 'first' and thing_id like 'batch-%'`))[0]!.n;
    await waitFor(async () => (await handled()) === 3);

    const alone = await events.publish(database.db, somethingHappened, { thingId: 'no-transaction' });
    assert.equal((await stored(database.db, [alone])).length, 1, 'outside a transaction the event is written at once');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(await handled(), 3, 'no event handled twice');
  });

  it('handles a redelivered event only once', async () => {
    const eventId = await database.transaction((tx) => events.publish(tx, somethingHappened, { thingId: 'twice' }));
    await waitFor(async () => (await effects('first')) >= 2);
    const [stored] = await events.history(database.db, somethingHappened.name, 1000).then((all) => all.filter((e) => e.id === eventId));
    // The same event arrives again, as after a crash between commit and acknowledgement.
    await database.transaction((tx) => jobs.send(tx, 'event.test.first', stored!));
    await database.transaction((tx) => jobs.send(tx, 'event.test.first', stored!));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const found = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from test_effects where handler = 'first' and thing_id = 'twice'`);
    assert.equal(found[0]!.n, 1);
  });

  it('dead-letters a handler that keeps failing while other events keep flowing', async () => {
    await database.transaction((tx) => events.publish(tx, somethingHappened, { thingId: 'after-broken' }));
    const afterBroken = async () =>
      (await rows<{ n: number }>(database.db, sql`select count(*)::int as n from test_effects where handler = 'first' and thing_id = 'after-broken'`))[0]!.n;
    await waitFor(async () => (await jobs.failed()).some((job) => job.queue === 'event.test.broken') && (await afterBroken()) === 1, 30_000);
    const dead = (await jobs.failed()).filter((job) => job.queue === 'event.test.broken');
    assert.ok(dead.length >= 1);
    assert.match(dead[0]!.error, /always fails/);
    assert.ok(alwaysFailCalls >= 2, 'retried before being dead-lettered');
    assert.equal(await afterBroken(), 1);
    const depth = await jobs.depth();
    assert.ok(depth.some((q) => q.queue === 'event.test.broken' && q.failed >= 1));
  });
});

describe('two dispatchers on one PostgreSQL database', { skip: process.env.TEST_DATABASE_URL ? false : 'PostgreSQL only (TEST_DATABASE_URL)' }, () => {
  it('deliver each event to each handler once between them', async () => {
    const database = await testDatabase();
    await database.db.execute(sql`create table test_effects (event_id uuid, handler text, thing_id text, worker text)`);
    const instances = ['one', 'two'].map((name) => {
      const jobs = new Jobs({ database, log, work: true });
      const events = new Events(jobs, database, systemClock);
      events.subscribe(somethingHappened, 'test.counted', async (event, tx) => {
        await tx.execute(sql`insert into test_effects values (${event.id}, 'counted', ${event.payload.thingId}, ${name})`);
      }, { concurrency: 4 });
      return { jobs, events };
    });
    for (const { jobs } of instances) await jobs.start();
    const total = 60;
    for (let i = 0; i < total; i++) {
      const { events } = instances[i % 2]!;
      await database.transaction((tx) => events.publish(tx, somethingHappened, { thingId: `t${i}` }));
    }
    await waitFor(async () => (await rows<{ n: number }>(database.db, sql`select count(*)::int as n from test_effects`))[0]!.n >= total, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const [{ n, distinct }] = (await rows<{ n: number; distinct: number }>(
      database.db,
      sql`select count(*)::int as n, count(distinct event_id)::int as distinct from test_effects`,
    )) as [{ n: number; distinct: number }];
    assert.equal(n, total);
    assert.equal(distinct, total);
    for (const { jobs } of instances) await jobs.stop(2000);
    await database.dispose();
  });
});
