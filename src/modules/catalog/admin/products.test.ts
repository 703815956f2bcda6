import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser, createStaff, formFields } from '../../../testing/admin.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { availabilityOf, setStock } from '../../inventory/index.ts';
import type { ProductInput } from '../model.ts';
import { productByHandle } from '../products/read.ts';
import { saveProduct } from '../products/save.ts';

const shirt = (fields: Record<string, string> = {}): Record<string, string> => ({
  title: 'Linen Shirt',
  handle: '',
  status: 'active',
  bodyHtml: '<p>Cool <b>linen</b></p><script>alert(1)</script>',
  vendor: 'Weavers',
  productType: 'Shirt',
  tags: 'summer, linen',
  seoTitle: '',
  seoDescription: '',
  option1Name: 'Size',
  option2Name: '',
  option3Name: '',
  'variant-0-option1': 'Small',
  'variant-0-price': '25.00',
  'variant-0-onHand': '5',
  'variant-0-policy': 'deny',
  'variant-1-option1': 'Large',
  'variant-1-price': '27.50',
  'variant-1-compareAt': '30',
  'variant-1-grams': '300',
  'variant-1-onHand': '0',
  'variant-1-policy': 'backorder',
  'variant-2-price': '',
  'image-0-src': 'https://cdn.example/shirt.jpg',
  'image-0-alt': 'A linen shirt on a hanger',
  ...fields,
});

const simple = (handle: string, overrides: Partial<ProductInput> = {}): ProductInput => ({
  handle,
  title: handle.replace(/-/g, ' '),
  bodyHtml: '',
  vendor: '',
  productType: '',
  tags: [],
  status: 'draft',
  seoTitle: '',
  seoDescription: '',
  optionNames: [],
  images: [],
  variants: [{ options: [], sku: '', barcode: '', priceMinor: 1000, compareAtMinor: null, grams: 0, requiresShipping: true, taxable: true, imageSrc: null }],
  ...overrides,
});

describe('catalogue admin: products', () => {
  let store: TestStore;
  let admin: Browser;
  let agentEmail: string;
  let shirtId = '';
  const db = () => store.platform.database.db;
  const editForm = async (browser: Browser, id: string) => formFields((await browser.get(`/admin/products/${id}`)).body, `/admin/products/${id}`);

  before(async () => {
    store = await createTestStore();
    admin = new Browser(store);
    await admin.signIn(await createStaff(store, 'admin'));
    agentEmail = await createStaff(store, 'agent');
  });
  after(() => store.close());

  it('sends strangers to sign in, refuses agents and shows admins the list', async () => {
    const anonymous = await new Browser(store).get('/admin/products');
    assert.equal(anonymous.statusCode, 303);
    assert.match(String(anonymous.headers.location), /^\/staff\/sign-in\?next=%2Fadmin%2Fproducts/);
    const agent = new Browser(store);
    await agent.signIn(agentEmail);
    assert.equal((await agent.get('/admin/products')).statusCode, 403);
    assert.equal((await agent.get('/admin/collections')).statusCode, 403);
    const dashboard = await agent.get('/admin');
    assert.doesNotMatch(dashboard.body, /href="\/admin\/products"/);
    const page = await admin.get('/admin/products');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<a href="\/admin\/products" aria-current="page">Products<\/a>/);
    assert.match(page.body, /href="\/admin\/products\/new"/);
  });

  it('refuses posts without the CSRF token', async () => {
    await admin.get('/admin/products/new');
    const response = await admin.post('/admin/products', { ...shirt(), _csrf: 'forged' });
    assert.equal(response.statusCode, 403);
    assert.equal(await productByHandle(db(), 'linen-shirt'), null);
  });

  it('creates a product with variants, images and stock', async () => {
    const page = await admin.get('/admin/products/new');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<label class="field__label" for="field-title">Title<\/label>/);
    const response = await admin.post('/admin/products', shirt());
    assert.equal(response.statusCode, 303, response.body);
    const location = String(response.headers.location);
    assert.match(location, /^\/admin\/products\/[0-9a-f-]{36}\?notice=created$/);
    shirtId = location.split('/')[3]!.split('?')[0]!;

    const product = await productByHandle(db(), 'linen-shirt');
    assert.ok(product);
    assert.equal(product.id, shirtId);
    assert.equal(product.bodyHtml, '<p>Cool <b>linen</b></p>');
    assert.deepEqual(product.tags, ['summer', 'linen']);
    assert.deepEqual(product.variants.map((v) => [v.options, v.sku, v.priceMinor, v.compareAtMinor, v.grams]), [
      [['Small'], 'LINEN-SHIRT-SMALL', 2500, null, 0],
      [['Large'], 'LINEN-SHIRT-LARGE', 2750, 3000, 300],
    ]);
    assert.deepEqual(product.images.map((i) => [i.src, i.alt]), [['https://cdn.example/shirt.jpg', 'A linen shirt on a hanger']]);
    const stock = await availabilityOf(db(), product.variants.map((v) => v.id));
    assert.deepEqual([...stock.values()].map((a) => [a.state, a.available, a.policy]), [
      ['in_stock', 5, 'deny'],
      ['backorder', 0, 'backorder'],
    ]);

    const edit = await admin.get(location);
    assert.match(edit.body, /Product created\./);
    assert.match(edit.body, /name="variant-0-onHand" value="5"/);
    assert.match(edit.body, /name="variant-1-compareAt" value="30.00"/);
  });

  it('saves a price change that the shop shows at once, keeping variant ids and stock', async () => {
    const before = await productByHandle(db(), 'linen-shirt');
    // The shop's product page is cached for anonymous visitors: warm the cache first.
    const shop = () => store.app.inject({ url: '/products/linen-shirt', headers: { accept: 'text/html' } });
    assert.match((await shop()).body, /25\.00/);
    const cached = await shop();
    assert.equal(cached.headers['x-page-cache'], 'hit');
    const fields = await editForm(admin, shirtId);
    fields.set('variant-0-price', '19.99');
    const response = await admin.post(`/admin/products/${shirtId}`, fields);
    assert.equal(response.statusCode, 303, response.body);
    assert.equal(response.headers.location, `/admin/products/${shirtId}?notice=saved`);
    const after = await productByHandle(db(), 'linen-shirt');
    assert.equal(after!.variants[0]!.priceMinor, 1999);
    assert.equal(after!.priceMinMinor, 1999);
    assert.deepEqual(after!.variants.map((v) => v.id), before!.variants.map((v) => v.id));
    assert.ok(after!.updatedAt > before!.updatedAt);
    const stock = await availabilityOf(db(), [after!.variants[0]!.id]);
    assert.equal(stock.get(after!.variants[0]!.id)!.available, 5);
    const page = await shop();
    assert.match(page.body, /19\.99/);
    assert.doesNotMatch(page.body, /25\.00/);
    assert.match((await admin.get(String(response.headers.location))).body, /role="status">Saved\./);
  });

  it('refuses a bad price, keeping everything typed and saving nothing', async () => {
    const before = await productByHandle(db(), 'linen-shirt');
    const fields = await editForm(admin, shirtId);
    fields.set('title', 'Linen Shirt (renamed)');
    fields.set('variant-1-price', 'abc');
    const response = await admin.post(`/admin/products/${shirtId}`, fields);
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /Nothing was saved/);
    assert.match(response.body, /<a href="#field-variant-1-price">Variant 2 \(Large\) price: Enter an amount such as 12.50/);
    assert.match(response.body, /id="field-variant-1-price" name="variant-1-price" value="abc"[^>]*aria-invalid="true" aria-describedby="variants-price-hint field-variant-1-price-error"/);
    assert.match(response.body, /value="Linen Shirt \(renamed\)"/);
    const after = await productByHandle(db(), 'linen-shirt');
    assert.equal(after!.title, 'Linen Shirt');
    assert.equal(after!.updatedAt.getTime(), before!.updatedAt.getTime());
  });

  it('refuses two variants with the same option values', async () => {
    const fields = await editForm(admin, shirtId);
    fields.set('variant-2-option1', 'large');
    fields.set('variant-2-price', '10');
    const response = await admin.post(`/admin/products/${shirtId}`, fields);
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /href="#field-variant-2-option1">Variant 3 \(large\): Another variant has the same option values/);
    assert.equal((await productByHandle(db(), 'linen-shirt'))!.variants.length, 2);
  });

  it('refuses a handle or SKU another product has, so its links keep working', async () => {
    await store.platform.database.transaction((tx) => saveProduct(store.platform, tx, simple('cotton-shirt'), 'test'));
    const created = await admin.post('/admin/products', shirt({ title: 'Other', handle: 'cotton-shirt' }));
    assert.equal(created.statusCode, 400);
    assert.match(created.body, /Another product already has this handle/);
    assert.match(created.body, /value="Other"/);
    assert.equal((await productByHandle(db(), 'cotton-shirt'))!.title, 'cotton shirt');

    const fields = await editForm(admin, shirtId);
    fields.set('handle', 'cotton-shirt');
    fields.set('variant-0-sku', 'COTTON-SHIRT');
    const edited = await admin.post(`/admin/products/${shirtId}`, fields);
    assert.equal(edited.statusCode, 400);
    assert.match(edited.body, /href="#field-handle"/);
    assert.match(edited.body, /href="#field-variant-0-sku">Variant 1 \(Small\) SKU: Another product already uses SKU &quot;COTTON-SHIRT&quot;/);
    assert.equal((await productByHandle(db(), 'linen-shirt'))!.variants[0]!.sku, 'LINEN-SHIRT-SMALL');
  });

  it('refuses a form opened before someone else saved, and shows the current values', async () => {
    const mine = await editForm(admin, shirtId);
    const theirs = await editForm(admin, shirtId);
    theirs.set('vendor', 'Their vendor');
    assert.equal((await admin.post(`/admin/products/${shirtId}`, theirs)).statusCode, 303);
    mine.set('vendor', 'My vendor');
    const response = await admin.post(`/admin/products/${shirtId}`, mine);
    assert.equal(response.statusCode, 409);
    assert.match(response.body, /This product was changed by someone else since you opened it/);
    assert.match(response.body, /name="vendor" type="text" value="Their vendor"/);
    assert.equal((await productByHandle(db(), 'linen-shirt'))!.vendor, 'Their vendor');
    // Saving again from the refreshed form works.
    const refreshed = formFields(response.body, `/admin/products/${shirtId}`);
    refreshed.set('vendor', 'My vendor');
    assert.equal((await admin.post(`/admin/products/${shirtId}`, refreshed)).statusCode, 303);
    assert.equal((await productByHandle(db(), 'linen-shirt'))!.vendor, 'My vendor');
  });

  it('refuses to overwrite stock that moved since the form was opened', async () => {
    const fields = await editForm(admin, shirtId);
    const small = (await productByHandle(db(), 'linen-shirt'))!.variants[0]!;
    await store.platform.database.transaction((tx) =>
      setStock(store.platform, tx, [{ variantId: small.id, onHand: 4, policy: 'deny', tracked: true }], 'test', 'order', 'sold one'),
    );
    fields.set('variant-0-onHand', '20');
    const response = await admin.post(`/admin/products/${shirtId}`, fields);
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /Stock changed to 4 since you opened this page/);
    assert.equal((await availabilityOf(db(), [small.id])).get(small.id)!.available, 4);
    // An untouched figure is left alone when it moved: other changes still save.
    const other = await editForm(admin, shirtId);
    await store.platform.database.transaction((tx) =>
      setStock(store.platform, tx, [{ variantId: small.id, onHand: 3, policy: 'deny', tracked: true }], 'test', 'order', 'sold one'),
    );
    other.set('variant-0-barcode', '0123456789');
    assert.equal((await admin.post(`/admin/products/${shirtId}`, other)).statusCode, 303);
    assert.equal((await availabilityOf(db(), [small.id])).get(small.id)!.available, 3);
  });

  it('renames option values and the handle, removes and adds variants', async () => {
    const before = await productByHandle(db(), 'linen-shirt');
    const [small, large] = before!.variants;
    const fields = await editForm(admin, shirtId);
    fields.set('handle', 'linen-shirt-classic');
    // Swap the two sizes' names, then drop the second and add a third.
    fields.set('variant-0-option1', 'Large');
    fields.set('variant-1-option1', 'Small');
    fields.set('variant-1-remove', 'yes');
    fields.set('variant-2-option1', 'Medium');
    fields.set('variant-2-price', '22');
    fields.set('variant-2-onHand', '');
    const response = await admin.post(`/admin/products/${shirtId}`, fields);
    assert.equal(response.statusCode, 303, response.body);
    assert.equal(await productByHandle(db(), 'linen-shirt'), null);
    const after = await productByHandle(db(), 'linen-shirt-classic');
    assert.equal(after!.id, shirtId);
    assert.deepEqual(after!.variants.map((v) => [v.id === small!.id, v.options[0], v.sku]), [
      [true, 'Large', small!.sku],
      [false, 'Medium', 'LINEN-SHIRT-CLASSIC-MEDIUM'],
    ]);
    assert.ok(!after!.variants.some((v) => v.id === large!.id));
    const stock = await availabilityOf(db(), after!.variants.map((v) => v.id));
    assert.equal(stock.get(small!.id)!.available, 3);
    assert.deepEqual(stock.get(after!.variants[1]!.id), { ...stock.get(after!.variants[1]!.id)!, state: 'out_of_stock', available: 0 });
  });

  it('archives a product, which leaves it and its data in place', async () => {
    const page = await admin.get(`/admin/products/${shirtId}`);
    const archive = formFields(page.body, `/admin/products/${shirtId}/archive`);
    const response = await admin.post(`/admin/products/${shirtId}/archive`, archive);
    assert.equal(response.statusCode, 303);
    const product = await productByHandle(db(), 'linen-shirt-classic');
    assert.equal(product!.status, 'archived');
    assert.equal(product!.variants.length, 2);
    // A second click from the old page is a stale form, not a silent repeat.
    assert.equal((await admin.post(`/admin/products/${shirtId}/archive`, archive)).statusCode, 409);
  });

  it('lists, searches by title, handle or SKU, filters by status and pages by 50', async () => {
    await store.platform.database.transaction(async (tx) => {
      for (let i = 0; i < 50; i++) await saveProduct(store.platform, tx, simple(`bulk-item-${i}`), 'test');
    });
    const first = await admin.get('/admin/products');
    assert.match(first.body, /52 products, page 1 of 2\./);
    assert.equal((first.body.match(/<th scope="row">/g) ?? []).length, 50);
    const second = await admin.get('/admin/products?page=2');
    assert.equal((second.body.match(/<th scope="row">/g) ?? []).length, 2);
    const bySku = await admin.get('/admin/products?q=classic-MEDIUM');
    assert.match(bySku.body, /1 product\./);
    assert.match(bySku.body, /Linen Shirt/);
    const archived = await admin.get('/admin/products?status=archived');
    assert.match(archived.body, /1 product\./);
    const none = await admin.get('/admin/products?q=%25_%27%3Cscript%3E');
    assert.equal(none.statusCode, 200);
    assert.match(none.body, /No products match\./);
  });

  it('answers 404 for an unknown product and 400 for a malformed id', async () => {
    assert.equal((await admin.get('/admin/products/00000000-0000-4000-8000-000000000000')).statusCode, 404);
    assert.equal((await admin.get('/admin/products/not-an-id')).statusCode, 400);
  });
});
