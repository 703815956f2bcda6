import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { testDatabase, type TestDatabase } from '../../testing/database.ts';
import { rows } from '../db/database.ts';
import { Jobs } from './jobs.ts';

describe('job queue depth', () => {
  let database: TestDatabase;
  let jobs: Jobs;

  before(async () => {
    database = await testDatabase();
    // Not working: every job sent stays where it is, so the counts are the test's own.
    jobs = new Jobs({ database, log: pino({ level: 'silent' }), work: false });
    jobs.define('test.depth', async () => {});
    await jobs.start();
  });

  after(async () => {
    await jobs.stop();
    await database.dispose();
  });

  const depth = async () => (await jobs.depth()).find((q) => q.queue === 'test.depth');

  it('counts a job due now as waiting, and one sent for later as scheduled, not late', async () => {
    await jobs.send(database.db, 'test.depth', { n: 1 });
    await jobs.send(database.db, 'test.depth', { n: 2 }, { startAfter: new Date(Date.now() + 3_600_000) });
    // Created a day ago for tomorrow (a reminder), or resting before its next try: still not late.
    await database.db.execute(sql`update pgboss.job set created_on = now() - interval '1 day' where name = 'test.depth' and start_after > now()`);
    const found = await depth();
    assert.equal(found?.waiting, 1);
    assert.equal(found?.scheduled, 1);
    assert.ok(found!.oldestWaitingSeconds < 60, `the due job has waited moments, not a day: ${found!.oldestWaitingSeconds}`);
  });

  it('measures how long a job has waited since it came due', async () => {
    await database.db.execute(sql`update pgboss.job set start_after = now() - interval '10 minutes', created_on = now() - interval '1 day' where name = 'test.depth'`);
    const found = await depth();
    assert.equal(found?.waiting, 2);
    assert.equal(found?.scheduled, 0);
    assert.ok(found!.oldestWaitingSeconds >= 600 && found!.oldestWaitingSeconds < 660, `ten minutes: ${found!.oldestWaitingSeconds}`);
  });
});

describe('job workers', () => {
  let database: TestDatabase;
  let jobs: Jobs;
  const handled: number[] = [];
  let failFirstTry: number | null = null;

  /** Resolves once `done` holds, checking every 50 ms; rejects after `seconds` (far beyond the time the work needs). */
  async function until(done: () => boolean, seconds: number, what: string): Promise<void> {
    const deadline = Date.now() + seconds * 1000;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`${what}: not after ${seconds} s (${handled.length} handled)`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  before(async () => {
    database = await testDatabase();
    jobs = new Jobs({ database, log: pino({ level: 'silent' }), work: true });
    // Polled every 2 s: only fetching again at once while there is more explains a quick drain.
    jobs.define<{ n: number }>(
      'test.backlog',
      async ({ n }, { retryCount }) => {
        if (n === failFirstTry && retryCount === 0) throw new Error('a carrier timed out');
        handled.push(n);
      },
      { pollingIntervalSeconds: 2, retryDelaySeconds: 1 },
    );
    await jobs.start();
  });

  after(async () => {
    await jobs.stop();
    await database.dispose();
  });

  it('works through a backlog at once, not one job per poll', async () => {
    handled.length = 0;
    // Sent in one statement: one notification (PostgreSQL) or none (PGlite's polling) for 35 jobs.
    await jobs.sendMany(database.db, 'test.backlog', Array.from({ length: 35 }, (_, i) => ({ n: i })));
    // One job per poll of 2 s would take over a minute.
    await until(() => handled.length === 35, 20, 'the backlog was not worked through');
    assert.deepEqual([...handled].sort((a, b) => a - b), Array.from({ length: 35 }, (_, i) => i));
  });

  it('retries a failing job of a batch alone; the others are done once', async () => {
    handled.length = 0;
    failFirstTry = 103;
    await jobs.sendMany(database.db, 'test.backlog', [101, 102, 103, 104, 105].map((n) => ({ n })));
    await until(() => handled.includes(103), 30, 'the failed job was not retried');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual([...handled].sort((a, b) => a - b), [101, 102, 103, 104, 105], 'each once: the failure took nothing else with it');
    const [job] = await rows<{ retry_count: number; state: string }>(database.db, sql`select retry_count, state from pgboss.job where name = 'test.backlog' and data->>'n' = '103'`);
    assert.deepEqual(job, { retry_count: 1, state: 'completed' });
  });
});

describe('a job worker stopping', () => {
  it('starts no more jobs of its batch once the stop has failed them for another attempt', async () => {
    const database = await testDatabase();
    const jobs = new Jobs({ database, log: pino({ level: 'silent' }), work: false });
    jobs.define<{ n: number }>('test.stopping', async () => {});
    await jobs.start();
    // Sent before a worker runs: the first fetch takes all three as one batch.
    await jobs.sendMany(database.db, 'test.stopping', [{ n: 1 }, { n: 2 }, { n: 3 }]);
    await jobs.stop();

    const started: number[] = [];
    let firstStarted!: () => void;
    const first = new Promise<void>((resolve) => (firstStarted = resolve));
    const worker = new Jobs({ database, log: pino({ level: 'silent' }), work: true });
    worker.define<{ n: number }>('test.stopping', async ({ n }) => {
      started.push(n);
      if (started.length === 1) {
        firstStarted();
        // Outlasts the stop's grace below (pg-boss gives at least 1 s).
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
    });
    try {
      await worker.start();
      await first;
      await worker.stop(1_000);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      assert.equal(started.length, 1, `started after the stop: ${started.slice(1).join(', ')}`);
    } finally {
      await database.dispose();
    }
  });
});
