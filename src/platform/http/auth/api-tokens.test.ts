import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { fixedClock } from '../../clock.ts';
import type { Module } from '../../module.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { createApiToken, listApiTokens, resolveApiToken, revokeApiToken } from './api-tokens.ts';
import { apiTokens } from './schema.ts';

const probe: Module = {
  name: 'probe',
  register(app) {
    app.get('/api/v1/probe/whoami', { config: { access: ['integration'] } }, async (request) => ({
      principal: await request.principal(),
    }));
    app.post('/api/v1/probe/write', { config: { access: ['integration'] } }, async () => ({
      written: true,
    }));
    app.get('/api/v1/probe/staff-only', { config: { access: ['admin'] } }, async () => ({
      secret: 'staff',
    }));
  },
};

describe('API tokens', () => {
  const clock = fixedClock('2025-03-03T10:00:00Z');
  let store: TestStore;
  const db = () => store.platform.database.db;
  const creator = randomUUID();

  before(async () => {
    store = await createTestStore({ modules: [probe], clock });
  });
  after(() => store.close());

  it('shows the secret once and keeps only its SHA-256 and a short prefix', async () => {
    const { token, secret } = await createApiToken(db(), clock, {
      name: 'Warehouse',
      scopes: ['inventory.edit', 'inventory.edit'],
      createdBy: creator,
    });
    assert.match(secret, /^dst_[A-Za-z0-9_-]{43}$/);
    assert.equal(token.prefix, secret.slice(0, 10));
    assert.deepEqual(token.scopes, ['inventory.edit']);
    const [row] = await db().select().from(apiTokens).where(eq(apiTokens.id, token.id));
    assert.equal(row!.secretHash, createHash('sha256').update(secret).digest('hex'));
    assert.ok(
      !JSON.stringify(row).includes(secret.slice(10)),
      'the secret itself is stored nowhere',
    );
    assert.ok((await listApiTokens(db())).some((t) => t.id === token.id && t.lastUsedAt === null));
  });

  it('resolves a live token, notes its use at most once a minute, and forgets it once revoked', async () => {
    const { token, secret } = await createApiToken(db(), clock, {
      name: 'Counter',
      scopes: ['inventory.edit'],
      createdBy: creator,
    });
    assert.deepEqual(await resolveApiToken(db(), clock, secret), {
      id: token.id,
      name: 'Counter',
      scopes: ['inventory.edit'],
    });
    const lastUsed = async () =>
      (
        await db().select().from(apiTokens).where(eq(apiTokens.id, token.id))
      )[0]!.lastUsedAt?.toISOString();
    const first = clock.now().toISOString();
    assert.equal(await lastUsed(), first);
    clock.advance(30_000);
    await resolveApiToken(db(), clock, secret);
    assert.equal(await lastUsed(), first, 'not rewritten within the minute');
    clock.advance(31_000);
    await resolveApiToken(db(), clock, secret);
    assert.equal(await lastUsed(), clock.now().toISOString());

    assert.equal(await resolveApiToken(db(), clock, `${secret}x`), null);
    assert.equal(await resolveApiToken(db(), clock, 'x'.repeat(10_000)), null);
    assert.equal(await revokeApiToken(db(), clock, token.id), true);
    assert.equal(await revokeApiToken(db(), clock, token.id), false, 'already revoked');
    assert.equal(await resolveApiToken(db(), clock, secret), null);
  });

  it('lets a bearer token through routes open to integrations, as an integration principal', async () => {
    const { token, secret } = await createApiToken(db(), clock, {
      name: 'WMS',
      scopes: ['inventory.edit'],
      createdBy: creator,
    });
    const response = await store.app.inject({
      method: 'GET',
      url: '/api/v1/probe/whoami',
      headers: { authorization: `Bearer ${secret}` },
    });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json().principal, {
      kind: 'integration',
      id: token.id,
      name: 'WMS',
      scopes: ['inventory.edit'],
    });
    // JSON from a server: no cookies, no CSRF token, no fetch metadata.
    const write = await store.app.inject({
      method: 'POST',
      url: '/api/v1/probe/write',
      headers: { authorization: `Bearer ${secret}` },
      payload: { any: 'thing' },
    });
    assert.equal(write.statusCode, 200);
    const staffOnly = await store.app.inject({
      method: 'GET',
      url: '/api/v1/probe/staff-only',
      headers: { authorization: `Bearer ${secret}` },
    });
    assert.equal(staffOnly.statusCode, 403);
  });

  it('answers a bad or revoked token with 401 problem+json and a Bearer challenge', async () => {
    const { token, secret } = await createApiToken(db(), clock, {
      name: 'Old WMS',
      scopes: ['inventory.edit'],
      createdBy: creator,
    });
    await revokeApiToken(db(), clock, token.id);
    for (const authorization of [
      `Bearer ${secret}`,
      'Bearer dst_not-a-token',
      'Bearer',
      'bearer  ',
    ]) {
      const response = await store.app.inject({
        method: 'GET',
        url: '/api/v1/probe/whoami',
        headers: { authorization },
      });
      assert.equal(response.statusCode, 401, authorization);
      assert.match(response.headers['content-type'] as string, /^application\/problem\+json/);
      assert.match(String(response.headers['www-authenticate']), /^Bearer/);
      assert.equal(response.json().type, '/problems/invalid-token');
    }
    const anonymous = await store.app.inject({ method: 'GET', url: '/api/v1/probe/whoami' });
    assert.equal(anonymous.statusCode, 401);
  });
});
