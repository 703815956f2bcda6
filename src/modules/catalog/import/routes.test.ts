import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { rows } from '../../../platform/db/database.ts';
import { createSession } from '../../../platform/http/auth/sessions.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { multipart, type Part } from '../../../testing/multipart.ts';
import { csvOf, simpleProduct } from './testing.ts';

const PATH = '/admin/catalog/import';

/** A staff member's browser: session cookie, CSRF cookie and the token from the last page. */
class StaffBrowser {
  readonly store: TestStore;
  readonly cookies = new Map<string, string>();
  csrf = '';
  constructor(store: TestStore) {
    this.store = store;
  }
  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  remember<T extends { headers: Record<string, unknown>; body: string }>(response: T): T {
    const raw = response.headers['set-cookie'];
    for (const line of (Array.isArray(raw) ? raw : raw ? [raw] : []) as string[]) {
      const [name, ...value] = line.split(';')[0]!.split('=');
      this.cookies.set(name!, value.join('='));
    }
    this.csrf = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1] ?? this.csrf;
    return response;
  }
  async get(url: string) {
    return this.remember(
      await this.store.app.inject({
        method: 'GET',
        url,
        headers: { accept: 'text/html', cookie: this.cookieHeader() },
      }),
    );
  }
  async upload(parts: Part[], headers: Record<string, string> = {}) {
    const { body, type } = multipart(parts);
    return this.remember(
      await this.store.app.inject({
        method: 'POST',
        url: PATH,
        payload: body,
        headers: {
          accept: 'text/html',
          'content-type': type,
          cookie: this.cookieHeader(),
          ...headers,
        },
      }),
    );
  }
  file(data: Buffer, filename = 'products.csv'): Part[] {
    return [
      { name: '_csrf', value: this.csrf },
      { name: 'file', filename, data },
    ];
  }
}

describe('the import page in the merchant admin', () => {
  let store: TestStore;
  before(async () => {
    store = await createTestStore();
  });
  after(() => store.close());

  async function staff(role: 'admin' | 'agent'): Promise<StaffBrowser> {
    const id = randomUUID();
    await store.platform.database.db.execute(
      sql`insert into staff_users (id, email, name, role, password_hash) values (${id}, ${`${id}@example.com`}, ${`Test ${role}`}, ${role}, 'not a hash')`,
    );
    const session = await createSession(
      store.platform.database.db,
      store.platform.clock,
      'staff',
      id,
    );
    const browser = new StaffBrowser(store);
    browser.cookies.set('sid', session.id);
    return browser;
  }

  it('sends anonymous visitors to the staff sign-in and refuses staff without catalog.edit', async () => {
    const anonymous = new StaffBrowser(store);
    const page = await anonymous.get(PATH);
    assert.equal(page.statusCode, 303);
    assert.equal(page.headers.location, `/staff/sign-in?next=${encodeURIComponent(PATH)}`);
    assert.equal(
      (await anonymous.upload(anonymous.file(csvOf([simpleProduct('sneaky')])))).statusCode,
      401,
    );

    const agent = await staff('agent');
    assert.equal((await agent.get(PATH)).statusCode, 403);
    assert.doesNotMatch((await agent.get('/admin')).body, /Import products/);
    await agent.get('/admin');
    assert.equal(
      (await agent.upload(agent.file(csvOf([simpleProduct('sneaky')])))).statusCode,
      403,
    );
    const [row] = await rows<{ n: number }>(
      store.platform.database.db,
      sql`select count(*)::int as n from products`,
    );
    assert.equal(row!.n, 0);
  });

  it('shows the upload form with its CSRF token and a navigation entry', async () => {
    const admin = await staff('admin');
    const page = await admin.get(PATH);
    assert.equal(page.statusCode, 200);
    assert.match(
      page.body,
      /<form[^>]*action="\/admin\/catalog\/import"[^>]*enctype="multipart\/form-data"|<form[^>]*enctype="multipart\/form-data"[^>]*action="\/admin\/catalog\/import"/,
    );
    assert.match(page.body, /<input[^>]*type="file"[^>]*name="file"/);
    assert.match(
      page.body,
      /<a href="\/admin\/catalog\/import" aria-current="page">Import products<\/a>/,
    );
    assert.ok(admin.csrf && admin.cookies.get('_csrf'));
  });

  it('imports an upload and renders the per-row report', async () => {
    const admin = await staff('admin');
    await admin.get(PATH);
    const file = csvOf([
      simpleProduct('garden-hose'),
      simpleProduct('garden-rake', { 'Variant Price': 'abc' }),
      { Title: 'No handle <b>here</b>', 'Variant Price': '1' },
    ]);
    const response = await admin.upload(admin.file(file, '../../etc/my <products>.csv'));
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /<h1>Import report<\/h1>/);
    assert.match(response.body, /File: <strong>my &lt;products>.csv<\/strong>/);
    assert.match(response.body, /2 rows could not be imported/);
    assert.match(response.body, /<th scope="row">Created<\/th><td class="num">1<\/td>/);
    assert.match(response.body, /<th scope="row">Not imported<\/th><td class="num">1<\/td>/);
    assert.match(
      response.body,
      /<td class="num">3<\/td><td><code>garden-rake<\/code><\/td><td>Variant Price &quot;abc&quot; is not a price/,
    );
    assert.match(
      response.body,
      /<td class="num">4<\/td><td><span class="muted">\(none\)<\/span><\/td><td>Handle is missing<\/td>/,
    );

    const again = await admin.upload(admin.file(csvOf([simpleProduct('garden-hose')])));
    assert.match(again.body, /Everything was imported/);
    assert.match(again.body, /0 products created, 0 products updated, 1 product unchanged/);
  });

  it('checks the CSRF token before reading the file', async () => {
    const admin = await staff('admin');
    await admin.get(PATH);
    const file = csvOf([simpleProduct('forged')]);
    const refused = async (parts: Part[], headers: Record<string, string> = {}) => {
      const response = await admin.upload(parts, headers);
      assert.equal(response.statusCode, 403);
      assert.match(response.body, /This form has expired/);
    };
    await refused([{ name: 'file', filename: 'a.csv', data: file }]);
    await refused([
      { name: '_csrf', value: `${admin.csrf.slice(0, -2)}xx` },
      { name: 'file', filename: 'a.csv', data: file },
    ]);
    await refused([
      { name: 'file', filename: 'a.csv', data: file },
      { name: '_csrf', value: admin.csrf },
    ]);
    await refused(admin.file(file), { 'sec-fetch-site': 'cross-site' });
    const [row] = await rows<{ n: number }>(
      store.platform.database.db,
      sql`select count(*)::int as n from products where handle = 'forged'`,
    );
    assert.equal(row!.n, 0);
  });

  it('explains a file that cannot be imported on the form', async () => {
    const admin = await staff('admin');
    await admin.get(PATH);
    const notShopify = await admin.upload(admin.file(Buffer.from('Name,Price\r\nPot,3\r\n')));
    assert.equal(notShopify.statusCode, 422);
    assert.match(notShopify.body, /The file was not imported/);
    assert.match(notShopify.body, /not a Shopify product CSV/);

    const missing = await admin.upload([{ name: '_csrf', value: admin.csrf }]);
    assert.equal(missing.statusCode, 422);
    assert.match(missing.body, /Choose a CSV file to import/);

    const huge = await admin.upload(admin.file(Buffer.alloc(10 * 1024 * 1024 + 10, 0x61)));
    assert.equal(huge.statusCode, 413);
    assert.match(huge.body, /at most 10 MiB/);

    const twoFiles = await admin.upload([
      ...admin.file(Buffer.from('Handle\r\n')),
      { name: 'file', filename: 'b.csv', data: Buffer.from('Handle\r\n') },
    ]);
    assert.equal(twoFiles.statusCode, 413);
  });
});
