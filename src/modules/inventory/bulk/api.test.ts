import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { rows } from '../../../platform/db/database.ts';
import { createApiToken, revokeApiToken } from '../../../platform/http/auth/api-tokens.ts';
import { Browser, createStaff } from '../../../testing/admin.ts';
import { productInput, saveTestProduct, setTestStock } from '../../../testing/catalog.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';

const BATCHES = '/api/v1/inventory/batches';
const LEVELS = '/api/v1/inventory/levels';

describe('warehouse API', () => {
  let store: TestStore;
  let secret = '';
  let variant = '';
  const db = () => store.platform.database.db;

  const call = (method: 'GET' | 'POST', url: string, token: string | null, payload?: object) =>
    store.app.inject({
      method,
      url,
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
      ...(payload ? { payload } : {}),
    });
  const onHand = async () =>
    (
      await rows<{ n: number }>(
        db(),
        sql`select coalesce(sum(on_hand), 0)::int as n from stock_levels where variant_id = ${variant}`,
      )
    )[0]!.n;

  before(async () => {
    store = await createTestStore();
    const input = productInput('api-lamp', [{ options: [], priceMinor: 3000 }]);
    input.variants[0]!.sku = 'LAMP-1';
    [variant = ''] = await saveTestProduct(store, input);
    await setTestStock(store, [variant], 8);
    ({ secret } = await createApiToken(db(), store.platform.clock, {
      name: 'WMS',
      scopes: ['inventory.edit'],
      createdBy: randomUUID(),
    }));
  });
  after(() => store.close());

  it('refuses requests without a valid token, and tokens without the inventory.edit scope', async () => {
    const body = { batchId: 'auth-1', lines: [{ sku: 'LAMP-1', delta: 1 }] };
    assert.equal((await call('POST', BATCHES, null, body)).statusCode, 401);
    const bad = await call('POST', BATCHES, 'dst_wrong', body);
    assert.equal(bad.statusCode, 401);
    assert.match(String(bad.headers['www-authenticate']), /^Bearer/);
    assert.match(bad.headers['content-type'] as string, /^application\/problem\+json/);

    const { secret: catalogOnly } = await createApiToken(db(), store.platform.clock, {
      name: 'PIM',
      scopes: ['catalog.edit'],
      createdBy: randomUUID(),
    });
    const forbidden = await call('POST', BATCHES, catalogOnly, body);
    assert.equal(forbidden.statusCode, 403);
    assert.match(forbidden.json().detail, /inventory\.edit/);
    assert.equal((await call('GET', `${LEVELS}?sku=LAMP-1`, catalogOnly)).statusCode, 403);

    const { token, secret: revoked } = await createApiToken(db(), store.platform.clock, {
      name: 'Old',
      scopes: ['inventory.edit'],
      createdBy: randomUUID(),
    });
    await revokeApiToken(db(), store.platform.clock, token.id);
    assert.equal((await call('POST', BATCHES, revoked, body)).statusCode, 401);
    assert.equal(await onHand(), 8, 'nothing applied');
  });

  it('applies a batch, reports bad lines per line (not-whole quantities included), and replays it', async () => {
    const body = {
      batchId: 'wms:2025-03-03.1',
      lines: [
        { sku: 'LAMP-1', delta: 2, reason: 'Delivery' },
        { sku: 'LAMP-404', set: 1 },
        { sku: 'LAMP-1', set: 2.5 },
        { sku: 'LAMP-1', delta: -100 },
      ],
    };
    const first = await call('POST', BATCHES, secret, body);
    assert.equal(first.statusCode, 200);
    const result = first.json();
    assert.equal(result.replayed, false);
    assert.equal(result.applied, 1);
    assert.equal(result.failed, 3);
    assert.deepEqual(
      result.lines.map((l: { line: number; status: string; error?: { code: string } }) => [
        l.line,
        l.status,
        l.error?.code,
      ]),
      [
        [1, 'applied', undefined],
        [2, 'failed', 'unknown-sku'],
        [3, 'failed', 'not-whole-number'],
        [4, 'failed', 'negative-on-hand'],
      ],
    );
    assert.equal(await onHand(), 10);
    const [movement] = await rows<{ actor: string }>(
      db(),
      sql`select actor from stock_movements where reference = 'batch:wms:2025-03-03.1'`,
    );
    assert.match(movement!.actor, /^token:[0-9a-f-]{36}$/);

    const again = await call('POST', BATCHES, secret, body);
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.json(), { ...result, replayed: true });
    assert.equal(await onHand(), 10);
  });

  it('answers 422 for a reused batch id and for an empty batch, 400 for a malformed body', async () => {
    const reused = await call('POST', BATCHES, secret, {
      batchId: 'wms:2025-03-03.1',
      lines: [{ sku: 'LAMP-1', delta: 5 }],
    });
    assert.equal(reused.statusCode, 422);
    assert.equal(reused.json().type, '/problems/batch-id-reused');
    const empty = await call('POST', BATCHES, secret, { batchId: 'empty', lines: [] });
    assert.equal(empty.statusCode, 422);
    assert.equal(empty.json().type, '/problems/empty-batch');
    const badId = await call('POST', BATCHES, secret, {
      batchId: 'no spaces',
      lines: [{ sku: 'LAMP-1', delta: 1 }],
    });
    assert.equal(badId.statusCode, 400);
    const typo = await call('POST', BATCHES, secret, {
      batchId: 'typo',
      lines: [{ sku: 'LAMP-1', qty: 1 }],
    });
    assert.equal(typo.statusCode, 400);
    const tooMany = await call('POST', BATCHES, secret, {
      batchId: 'big',
      lines: Array.from({ length: 5001 }, () => ({ sku: 'LAMP-1', delta: 1 })),
    });
    assert.equal(tooMany.statusCode, 400);
    assert.equal(await onHand(), 10);
  });

  it('does not take a missing or null quantity for zero', async () => {
    const result = (
      await call('POST', BATCHES, secret, {
        batchId: 'nulls',
        lines: [
          { sku: 'LAMP-1', set: null },
          { sku: 'LAMP-1', delta: '3' },
        ],
      })
    ).json();
    assert.equal(await onHand(), 10);
    assert.equal(result.applied, 0);
    assert.deepEqual(
      result.lines.map((l: { error: { code: string } }) => l.error.code),
      ['set-and-delta', 'not-a-number'],
    );
  });

  it('lets staff with inventory.edit use it with their session, and no one else', async () => {
    const admin = new Browser(store);
    await admin.signIn(await createStaff(store, 'admin'));
    const ok = await admin.request({
      method: 'POST',
      url: BATCHES,
      headers: { accept: 'application/json' },
      payload: { batchId: 'staff-1', lines: [{ sku: 'LAMP-1', delta: -1 }] },
    });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().applied, 1);
    const lead = new Browser(store);
    await lead.signIn(await createStaff(store, 'lead'));
    const refused = await lead.request({
      method: 'POST',
      url: BATCHES,
      headers: { accept: 'application/json' },
      payload: { batchId: 'lead-1', lines: [{ sku: 'LAMP-1', delta: -1 }] },
    });
    assert.equal(refused.statusCode, 403);
    assert.equal(await onHand(), 9);
  });

  it('reads stock per location for the SKUs asked, naming the unknown ones', async () => {
    await rows(
      db(),
      sql`insert into stock_locations (id, code, name, priority) values (${randomUUID()}, 'annex', 'Annex', 200)`,
    );
    await call('POST', BATCHES, secret, {
      batchId: 'annex-1',
      lines: [{ sku: 'LAMP-1', location: 'annex', set: 4 }],
    });
    const response = await call('GET', `${LEVELS}?sku=LAMP-1&sku=NOPE`, secret);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), {
      levels: [
        {
          sku: 'LAMP-1',
          variantId: variant,
          locations: [
            { location: 'main', onHand: 9, reserved: 0, available: 9 },
            { location: 'annex', onHand: 4, reserved: 0, available: 4 },
          ],
        },
      ],
      unknown: ['NOPE'],
    });
    assert.equal((await call('GET', LEVELS, secret)).statusCode, 400);
    const many = Array.from({ length: 101 }, (_, i) => `sku=S${i}`).join('&');
    assert.equal((await call('GET', `${LEVELS}?${many}`, secret)).statusCode, 400);
  });

  it('documents both endpoints in the OpenAPI description under the inventory tag', async () => {
    const spec = (await store.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    assert.deepEqual(spec.paths[BATCHES].post.tags, ['inventory']);
    assert.ok(spec.paths[BATCHES].post.responses['422']);
    assert.deepEqual(spec.paths[LEVELS].get.tags, ['inventory']);
    assert.deepEqual(spec.paths[BATCHES].post.security, [{ apiToken: [] }]);
    assert.equal(spec.components.securitySchemes.apiToken.scheme, 'bearer');
  });
});
