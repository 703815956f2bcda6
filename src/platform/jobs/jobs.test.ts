import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { testDatabase, type TestDatabase } from '../../testing/database.ts';
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
