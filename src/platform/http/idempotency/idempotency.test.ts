import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Type } from 'typebox';
import { sql } from 'drizzle-orm';
import type { Module } from '../../module.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { ABANDONED_AFTER_MS, forgetOldIdempotencyKeys, KEY_LIFETIME_HOURS } from './idempotency.ts';

let made = 0;
let failNext = false;
let release: (() => void) | null = null;

const probe: Module = {
  name: 'probe',
  register(app) {
    app.post(
      '/api/v1/probe/things',
      {
        config: { access: 'public', idempotency: { scope: (request) => String(request.headers['x-caller'] ?? 'nobody') } },
        schema: { body: Type.Object({ name: Type.String({ maxLength: 20 }) }) },
      },
      async (request, reply) => {
        if (request.body.name === 'slow') await new Promise<void>((resolve) => (release = resolve));
        if (failNext) {
          failNext = false;
          throw new Error('the database went away');
        }
        made += 1;
        return reply.code(201).send({ thing: made, name: request.body.name });
      },
    );
  },
};

describe('Idempotency-Key', () => {
  let store: TestStore;
  before(async () => {
    store = await createTestStore({ modules: [probe] });
  });
  after(async () => {
    await store.close();
  });

  const post = (key: string | undefined, name: string, caller = 'a') =>
    store.app.inject({ method: 'POST', url: '/api/v1/probe/things', headers: { 'content-type': 'application/json', 'x-caller': caller, ...(key ? { 'idempotency-key': key } : {}) }, payload: { name } });

  it('replays the first answer for the same key and body, without running again', async () => {
    const first = await post('k-1', 'mug');
    assert.equal(first.statusCode, 201);
    const again = await post('k-1', 'mug');
    assert.equal(again.statusCode, 201);
    assert.deepEqual(again.json(), first.json());
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(made, first.json().thing, 'the handler ran once');
  });

  it('refuses the same key with another body (422) and changes nothing', async () => {
    const before = made;
    const other = await post('k-1', 'plate');
    assert.equal(other.statusCode, 422);
    assert.equal(other.json().type, '/problems/idempotency-key-reused');
    assert.equal(made, before);
  });

  it('refuses a concurrent duplicate (409) while the first runs, then replays it', async () => {
    const first = post('k-slow', 'slow');
    while (!release) await new Promise((r) => setTimeout(r, 10));
    const duplicate = await post('k-slow', 'slow');
    assert.equal(duplicate.statusCode, 409);
    assert.equal(duplicate.json().type, '/problems/idempotency-request-in-progress');
    assert.ok(duplicate.headers['retry-after']);
    release!();
    release = null;
    assert.equal((await first).statusCode, 201);
    assert.deepEqual((await post('k-slow', 'slow')).json(), (await first).json());
  });

  it('keeps keys apart per caller, and runs requests without a key every time', async () => {
    const mine = await post('k-shared', 'cup', 'a');
    const theirs = await post('k-shared', 'cup', 'b');
    assert.notEqual(mine.json().thing, theirs.json().thing);
    const before = made;
    await post(undefined, 'cup');
    await post(undefined, 'cup');
    assert.equal(made, before + 2);
  });

  it('does not keep a 5xx answer: the retry with the same key runs', async () => {
    failNext = true;
    const failed = await post('k-fail', 'bowl');
    assert.equal(failed.statusCode, 500);
    const retry = await post('k-fail', 'bowl');
    assert.equal(retry.statusCode, 201);
  });

  it('lets a retry take over a key whose first request never answered (the process died)', async () => {
    const old = new Date(store.platform.clock.now().getTime() - ABANDONED_AFTER_MS - 1000);
    await store.platform.database.db.execute(
      sql`insert into idempotency_keys (scope, key, fingerprint, state, created_at) select scope, 'k-dead', fingerprint, 'running', ${old} from idempotency_keys where key = 'k-1'`,
    );
    const retry = await post('k-dead', 'mug');
    assert.equal(retry.statusCode, 201);
    assert.equal(retry.headers['idempotent-replayed'], undefined);
  });

  it('refuses a malformed key', async () => {
    const response = await post('x'.repeat(256), 'mug');
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().type, '/problems/idempotency-key-malformed');
  });

  it('forgets keys after their lifetime', async () => {
    const later = new Date(store.platform.clock.now().getTime() + (KEY_LIFETIME_HOURS + 1) * 3_600_000);
    assert.ok((await forgetOldIdempotencyKeys(store.platform.database, later)) >= 5);
    assert.equal((await post('k-1', 'plate')).statusCode, 201, 'a forgotten key is new again');
  });
});
