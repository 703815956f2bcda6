import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import pino from 'pino';
import { listening, openSse } from '../../testing/sse.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { rows, type Database } from '../db/database.ts';
import type { App } from '../http/app.ts';
import { newId } from '../ids.ts';
import { createLive, type LiveData } from './live.ts';
import { MAX_TOPICS, registerLiveRoutes } from './routes.ts';

const silent = pino({ level: 'silent' });

describe('live updates', () => {
  let store: TestStore;
  let origin: string;
  before(async () => {
    store = await createTestStore({ modules: [] });
    store.platform.live.allowPublic('test');
    origin = await listening(store);
  });
  after(() => store.close());

  it('sends a message published after a commit to the streams that follow its topic', async () => {
    const id = newId();
    const other = newId();
    const stream = await openSse(`${origin}/live?topics=test:${id},test:${other}`);
    try {
      assert.equal(stream.status, 200);
      assert.match(String(stream.headers['content-type']), /^text\/event-stream/);
      assert.equal(stream.headers['cache-control'], 'no-store');
      assert.equal(stream.headers['content-encoding'], undefined, 'never compressed: compression would hold messages back');
      const { database, live } = store.platform;
      await database.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        database.afterCommit(() => live.publish(`test:${id}`, { id }));
      });
      live.publish(`test:${newId()}`, { ignored: true });
      const event = await stream.next();
      assert.equal(event.event, 'message');
      assert.deepEqual(JSON.parse(event.data), { topic: `test:${id}`, data: { id } });
      assert.match(stream.text, /^retry: \d+\n/, 'the reconnect hint comes first');
    } finally {
      stream.close();
    }
  });

  it('publishes nothing for a transaction that rolls back', async () => {
    const id = newId();
    const stream = await openSse(`${origin}/live?topics=test:${id}`);
    try {
      const { database, live } = store.platform;
      await assert.rejects(
        database.transaction(async () => {
          database.afterCommit(() => live.publish(`test:${id}`, { n: 1 }));
          throw new Error('rolled back');
        }),
      );
      live.publish(`test:${id}`, { n: 2 });
      assert.deepEqual(JSON.parse((await stream.next()).data).data, { n: 2 });
    } finally {
      stream.close();
    }
  });

  it('refuses topics that are malformed, not public, or too many', async () => {
    const get = (topics: string) => store.app.inject({ method: 'GET', url: `/live?topics=${encodeURIComponent(topics)}`, headers: { accept: 'application/json' } });
    for (const topics of ['test:not-a-uuid', `secret:${newId()}`, `TEST:${newId()}`, ',', Array.from({ length: MAX_TOPICS + 1 }, () => `test:${newId()}`).join(',')]) {
      const response = await get(topics);
      assert.equal(response.statusCode, 400, topics.slice(0, 60));
      assert.equal(response.json().type, '/problems/validation');
    }
    assert.equal((await store.app.inject({ method: 'GET', url: '/live' })).statusCode, 400);
  });

  it('refuses oversized messages and topics that are not topics', () => {
    assert.throws(() => store.platform.live.publish(`test:${newId()}`, { blob: 'x'.repeat(9000) }), /over 7999 bytes/);
    assert.throws(() => store.platform.live.publish('no topic', {}), /Not a live topic/);
  });
});

describe('live streams per process', () => {
  it('refuses streams beyond the cap with 503 and frees the place when one closes', async () => {
    const app = Fastify() as unknown as App;
    const live = createLive({ database: { kind: 'pglite' } as Database, log: silent });
    live.allowPublic('test');
    registerLiveRoutes(app, live, { maxStreams: 1, heartbeatMs: 50 });
    const origin = await listening({ app });
    try {
      const first = await openSse(`${origin}/live?topics=test:${newId()}`);
      assert.equal(first.status, 200);
      const refused = await openSse(`${origin}/live?topics=test:${newId()}`);
      refused.close();
      assert.equal(refused.status, 503);
      assert.equal(refused.headers['retry-after'], '30');
      await new Promise((resolve) => setTimeout(resolve, 120));
      assert.match(first.text, /: keep-alive\n\n/, 'a heartbeat comment keeps idle streams open');
      first.close();
      for (let attempt = 0; ; attempt++) {
        const again = await openSse(`${origin}/live?topics=test:${newId()}`);
        again.close();
        if (again.status === 200) break;
        assert.ok(attempt < 20, 'the closed stream gave its place back');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    } finally {
      await app.close();
    }
  });

  it('ends open streams when the server closes, so shutdown does not wait for them', async () => {
    const app = Fastify() as unknown as App;
    const live = createLive({ database: { kind: 'pglite' } as Database, log: silent });
    live.allowPublic('test');
    registerLiveRoutes(app, live);
    const origin = await listening({ app });
    const stream = await openSse(`${origin}/live?topics=test:${newId()}`);
    assert.equal(stream.status, 200);
    // Left open, a stream holds close() until the client goes: it never would here.
    const closed = await Promise.race([
      app.close().then(() => 'closed'),
      new Promise((resolve) => setTimeout(resolve, 10_000, 'still waiting for the stream').unref()),
    ]);
    assert.equal(closed, 'closed');
    stream.close();
  });
});

describe('live updates between processes (PostgreSQL)', { skip: !process.env.TEST_DATABASE_URL && 'needs TEST_DATABASE_URL' }, () => {
  let store: TestStore;
  before(async () => {
    store = await createTestStore({ modules: [] });
  });
  after(() => store.close());

  it('delivers a message published by one instance to another, and resumes after the listener is cut off', async () => {
    const { database } = store.platform;
    const publisher = createLive({ database, log: silent });
    const subscriber = createLive({ database, log: silent, reconnectBaseMs: 20 });
    try {
      const topic = `test:${newId()}`;
      const received: LiveData[] = [];
      let gaps = 0;
      subscriber.subscribe(topic, (data) => received.push(data));
      subscriber.onGap(() => gaps++);
      await subscriber.ready();
      publisher.publish(topic, { n: 1 });
      await until(() => received.length === 1);
      assert.deepEqual(received, [{ n: 1 }]);

      // Cut the listening connection off, as a server restart or network fault would.
      const [listener] = await rows<{ pid: number }>(database.db, sql`select pid from pg_stat_activity where datname = current_database() and query = 'LISTEN doorstep_live'`);
      assert.ok(listener, 'one connection listens');
      await database.db.execute(sql`select pg_terminate_backend(${listener.pid})`);
      await until(() => gaps === 1);
      publisher.publish(topic, { n: 2 });
      await until(() => received.length === 2);
      assert.deepEqual(received[1], { n: 2 });
    } finally {
      await publisher.close();
      await subscriber.close();
    }
  });
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
