import { asc, eq, sql } from 'drizzle-orm';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rows } from '../../../platform/db/database.ts';
import { Browser, createStaff, formFields } from '../../../testing/admin.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import type { ProductInput } from '../model.ts';
import { saveProduct } from '../products/save.ts';
import { collectionProducts, collections, products } from '../schema.ts';

const product = (handle: string, fields: Partial<ProductInput> = {}): ProductInput => ({
  handle,
  title: handle.replace(/-/g, ' '),
  bodyHtml: '',
  vendor: 'Weavers',
  productType: 'Shirt',
  tags: [],
  status: 'active',
  seoTitle: '',
  seoDescription: '',
  optionNames: [],
  images: [],
  variants: [{ options: [], sku: `${handle.toUpperCase()}-SKU`, barcode: '', priceMinor: 1000, compareAtMinor: null, grams: 0, requiresShipping: true, taxable: true, imageSrc: null }],
  ...fields,
});

const basics = (fields: Record<string, string> = {}) => ({
  title: 'Summer',
  handle: '',
  description: 'Light things for hot days.',
  status: 'active',
  sortOrder: 'featured',
  featured: 'yes',
  position: '5',
  kind: 'manual',
  match: 'all',
  add: '',
  ...fields,
});

describe('catalogue admin: collections', () => {
  let store: TestStore;
  let admin: Browser;
  const db = () => store.platform.database.db;
  const members = async (collectionId: string) =>
    (
      await db()
        .select({ handle: products.handle, source: collectionProducts.source })
        .from(collectionProducts)
        .innerJoin(products, eq(products.id, collectionProducts.productId))
        .where(eq(collectionProducts.collectionId, collectionId))
        .orderBy(asc(collectionProducts.position), asc(products.handle))
    ).map((m) => `${m.handle}:${m.source}`);
  const idFrom = (location: unknown) => String(location).split('/')[3]!.split('?')[0]!;
  const events = async (collectionId: string) =>
    (await rows<{ n: number }>(db(), sql`select count(*)::int as n from domain_events where type = 'catalog.collection_changed' and payload->>'collectionId' = ${collectionId}`))[0]!.n;

  before(async () => {
    store = await createTestStore();
    admin = new Browser(store);
    await admin.signIn(await createStaff(store, 'admin'));
    await store.platform.database.transaction(async (tx) => {
      await saveProduct(store.platform, tx, product('linen-shirt', { tags: ['Summer', 'linen'] }), 'test');
      await saveProduct(store.platform, tx, product('straw-hat', { tags: ['summer'], productType: 'Hat' }), 'test');
      await saveProduct(store.platform, tx, product('wool-scarf', { tags: ['winter'], vendor: 'Highland', productType: 'Scarf' }), 'test');
    });
  });
  after(() => store.close());

  it('lets only staff who edit the catalogue in', async () => {
    assert.equal((await new Browser(store).get('/admin/collections')).statusCode, 303);
    const lead = new Browser(store);
    await lead.signIn(await createStaff(store, 'lead'));
    assert.equal((await lead.get('/admin/collections/new')).statusCode, 403);
    const page = await admin.get('/admin/collections');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /No collections yet/);
  });

  it('creates a manual collection from handles and SKUs, in the order given', async () => {
    await admin.get('/admin/collections/new');
    const response = await admin.post('/admin/collections', basics({ add: 'WOOL-SCARF-SKU\nlinen-shirt' }));
    assert.equal(response.statusCode, 303, response.body);
    const id = idFrom(response.headers.location);
    const [stored] = await db().select().from(collections).where(eq(collections.id, id));
    assert.equal(stored!.handle, 'summer');
    assert.equal(stored!.position, 5);
    assert.equal(stored!.featured, true);
    assert.deepEqual(await members(id), ['wool-scarf:manual', 'linen-shirt:manual']);
    assert.equal(await events(id), 1);
    const page = await admin.get(String(response.headers.location));
    assert.match(page.body, /Collection created\./);
    assert.match(page.body, /<a href="\/admin\/products\/[^"]+">wool scarf<\/a>/);
  });

  it('removes and adds products by hand, and refuses names it cannot find, keeping the input', async () => {
    const [summer] = await db().select().from(collections).where(eq(collections.handle, 'summer'));
    const fields = formFields((await admin.get(`/admin/collections/${summer!.id}`)).body, `/admin/collections/${summer!.id}`);
    fields.set('member-0-remove', 'yes');
    fields.set('add', 'straw-hat, no-such-thing');
    const refused = await admin.post(`/admin/collections/${summer!.id}`, fields);
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /<a href="#field-add">Add products: No product has the handle or SKU “no-such-thing”/);
    assert.match(refused.body, />straw-hat, no-such-thing<\/textarea>/);
    assert.match(refused.body, /name="member-0-remove" value="yes" checked/);
    assert.deepEqual(await members(summer!.id), ['wool-scarf:manual', 'linen-shirt:manual']);

    fields.set('add', 'straw-hat');
    const saved = await admin.post(`/admin/collections/${summer!.id}`, fields);
    assert.equal(saved.statusCode, 303, saved.body);
    assert.deepEqual(await members(summer!.id), ['linen-shirt:manual', 'straw-hat:manual']);
  });

  it('makes a rule-based collection whose members follow the rules and later products', async () => {
    await admin.get('/admin/collections/new');
    const response = await admin.post(
      '/admin/collections',
      basics({
        title: 'Summer wear',
        kind: 'rule',
        match: 'any',
        'condition-0-field': 'tag',
        'condition-0-operator': 'equals',
        'condition-0-value': 'SUMMER',
        'condition-1-field': 'vendor',
        'condition-1-operator': 'contains',
        'condition-1-value': 'high',
        'condition-2-field': 'title',
        'condition-2-operator': 'contains',
        'condition-2-value': '',
      }),
    );
    assert.equal(response.statusCode, 303, response.body);
    const id = idFrom(response.headers.location);
    assert.deepEqual(await members(id), ['linen-shirt:rule', 'straw-hat:rule', 'wool-scarf:rule']);
    const page = await admin.get(`/admin/collections/${id}`);
    assert.match(page.body, /Products meeting the conditions now \(3\)/);
    assert.match(page.body, /name="condition-1-value" value="high"/);

    // The shop's collection page (cached for anonymous visitors) follows every change.
    const shop = () => store.app.inject({ url: '/collections/summer-wear', headers: { accept: 'text/html' } });
    assert.match((await shop()).body, /linen shirt/);
    assert.equal((await shop()).headers['x-page-cache'], 'hit');

    // Narrowed to summer hats.
    const fields = formFields(page.body, `/admin/collections/${id}`);
    fields.set('match', 'all');
    fields.set('condition-1-field', 'type');
    fields.set('condition-1-operator', 'equals');
    fields.set('condition-1-value', 'hat');
    const narrowed = await admin.post(`/admin/collections/${id}`, fields);
    assert.equal(narrowed.statusCode, 303, /error-summary[\s\S]*?<\/div>/.exec(narrowed.body)?.[0]);
    assert.deepEqual(await members(id), ['straw-hat:rule']);
    const narrowedPage = await shop();
    assert.match(narrowedPage.body, /straw hat/);
    assert.doesNotMatch(narrowedPage.body, /linen shirt/);
    // A product saved later joins by itself.
    await store.platform.database.transaction((tx) => saveProduct(store.platform, tx, product('sun-hat', { tags: ['summer'], productType: 'Hat' }), 'test'));
    assert.deepEqual(await members(id), ['straw-hat:rule', 'sun-hat:rule']);
    assert.equal(await events(id), 2);
  });

  it('refuses a rule collection without conditions, a taken or reserved handle, and a bad position', async () => {
    await admin.get('/admin/collections/new');
    const noRules = await admin.post('/admin/collections', basics({ title: 'Empty rules', kind: 'rule', 'condition-0-value': '' }));
    assert.equal(noRules.statusCode, 400);
    assert.match(noRules.body, /href="#field-condition-0-value">Condition 1: Give at least one condition/);
    const taken = await admin.post('/admin/collections', basics({ handle: 'summer', position: 'first' }));
    assert.equal(taken.statusCode, 400);
    assert.match(taken.body, /Another collection already has this handle/);
    assert.match(taken.body, /href="#field-position">Position: Enter a whole number/);
    assert.match(taken.body, /name="position" type="text" value="first"/);
    const reserved = await admin.post('/admin/collections', basics({ handle: 'all' }));
    assert.equal(reserved.statusCode, 400);
    assert.match(reserved.body, /is the shop’s list of every product/);
    const [{ n }] = (await rows<{ n: number }>(db(), sql`select count(*)::int as n from collections`)) as [{ n: number }];
    assert.equal(n, 2);
  });

  it('refuses a form opened before someone else saved the collection', async () => {
    const [summer] = await db().select().from(collections).where(eq(collections.handle, 'summer'));
    const path = `/admin/collections/${summer!.id}`;
    const mine = formFields((await admin.get(path)).body, path);
    const theirs = formFields((await admin.get(path)).body, path);
    theirs.set('title', 'Summer (theirs)');
    assert.equal((await admin.post(path, theirs)).statusCode, 303);
    mine.set('title', 'Summer (mine)');
    const response = await admin.post(path, mine);
    assert.equal(response.statusCode, 409);
    assert.match(response.body, /This collection was changed by someone else since you opened it/);
    assert.match(response.body, /value="Summer \(theirs\)"/);
  });

  it('switches a collection from rules to hand-picked, dropping the rule members', async () => {
    const [wear] = await db().select().from(collections).where(eq(collections.handle, 'summer-wear'));
    const path = `/admin/collections/${wear!.id}`;
    const fields = formFields((await admin.get(path)).body, path);
    fields.set('kind', 'manual');
    fields.set('add', 'wool-scarf');
    assert.equal((await admin.post(path, fields)).statusCode, 303);
    assert.deepEqual(await members(wear!.id), ['wool-scarf:manual']);
  });

  it('deletes a collection after confirmation, leaving its products', async () => {
    const [summer] = await db().select().from(collections).where(eq(collections.handle, 'summer'));
    const shop = () => store.app.inject({ url: '/collections/summer', headers: { accept: 'text/html' } });
    assert.equal((await shop()).statusCode, 200);
    const confirm = await admin.get(`/admin/collections/${summer!.id}/delete`);
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /Its 2 products stay/);
    const withoutToken = await admin.post(`/admin/collections/${summer!.id}/delete`, { _csrf: '' });
    assert.equal(withoutToken.statusCode, 403);
    const response = await admin.post(`/admin/collections/${summer!.id}/delete`, formFields(confirm.body, `/admin/collections/${summer!.id}/delete`));
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/admin/collections?notice=deleted');
    assert.equal((await db().select().from(collections).where(eq(collections.id, summer!.id))).length, 0);
    assert.equal((await db().select().from(products)).length, 4);
    assert.equal(await events(summer!.id), 4);
    assert.equal((await admin.get(`/admin/collections/${summer!.id}`)).statusCode, 404);
    assert.equal((await shop()).statusCode, 404);
  });
});
