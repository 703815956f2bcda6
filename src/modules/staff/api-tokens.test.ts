import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { resolveApiToken } from '../../platform/http/auth/api-tokens.ts';
import { Browser, createStaff } from '../../testing/admin.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { can } from './permissions.ts';

const PATH = '/admin/api-tokens';

describe('admin: API tokens', () => {
  let store: TestStore;
  let admin: Browser;
  const resolve = (secret: string) =>
    resolveApiToken(store.platform.database.db, store.platform.clock, secret);

  before(async () => {
    store = await createTestStore();
    admin = new Browser(store);
    await admin.signIn(await createStaff(store, 'admin'));
  });
  after(() => store.close());

  it('is for administrators only, and in their navigation', async () => {
    const lead = new Browser(store);
    await lead.signIn(await createStaff(store, 'lead'));
    assert.equal((await lead.get(PATH)).statusCode, 403);
    assert.doesNotMatch((await lead.get('/admin')).body, /href="\/admin\/api-tokens"/);
    assert.match((await admin.get('/admin')).body, /href="\/admin\/api-tokens"/);
    const anonymous = await new Browser(store).get(PATH);
    assert.equal(anonymous.statusCode, 303);
  });

  it('refuses a token without a name or a scope, and says why', async () => {
    await admin.get(PATH);
    const response = await admin.post(PATH, { name: '  ' });
    assert.equal(response.statusCode, 422);
    assert.match(response.body, /No token was created/);
    assert.match(response.body, /href="#field-name"/);
    assert.match(response.body, /href="#field-scopes"/);
  });

  it('creates a token, shows its secret once, lists it and revokes it', async () => {
    await admin.get(PATH);
    const created = await admin.post(
      PATH,
      new URLSearchParams([
        ['name', 'Warehouse <Rotterdam>'],
        ['scopes', 'inventory.edit'],
        ['scopes', 'staff.manage'],
      ]),
    );
    assert.equal(created.statusCode, 200);
    assert.equal(created.headers['cache-control'], 'no-store');
    assert.match(created.body, /will not be shown again/);
    assert.match(created.body, /Warehouse &lt;Rotterdam>/, 'the name is escaped');
    const secret = /id="new-token-secret"[^>]*value="(dst_[^"]+)"/.exec(created.body)?.[1];
    assert.ok(secret, 'the secret is on the page');
    const identity = await resolve(secret);
    assert.ok(identity);
    assert.deepEqual(identity.scopes, ['inventory.edit'], 'only scopes on offer are granted');
    assert.ok(can({ kind: 'integration', ...identity }, 'inventory.edit'));
    assert.ok(!can({ kind: 'integration', ...identity }, 'staff.manage'));

    const list = await admin.get(PATH);
    assert.ok(!list.body.includes(secret), 'the list never shows the secret');
    assert.ok(list.body.includes(`${secret.slice(0, 10)}…`), 'it shows the prefix');
    const revoke = /action="(\/admin\/api-tokens\/[0-9a-f-]+\/revoke)"/.exec(list.body)![1]!;
    const revoked = await admin.post(revoke, {});
    assert.equal(revoked.statusCode, 303);
    assert.equal(revoked.headers.location, `${PATH}?revoked=1`);
    assert.equal(await resolve(secret), null);
    const after = await admin.get(`${PATH}?revoked=1`);
    assert.match(after.body, /The token is revoked/);
    assert.match(after.body, /Revoked /);
    assert.equal(
      (await admin.post(revoke, {})).statusCode,
      404,
      'a revoked token cannot be revoked again',
    );
  });
});
