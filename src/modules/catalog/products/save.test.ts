import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { rows } from '../../../platform/db/database.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import type { ProductInput } from '../model.ts';
import { collectionProducts, collections, products } from '../schema.ts';
import { productByHandle } from './read.ts';
import { generatedSku, ProductInputError, saveProduct } from './save.ts';

const pot = (overrides: Partial<ProductInput> = {}): ProductInput => ({
  handle: 'clay-plant-pot',
  title: 'Clay Plant Pot',
  bodyHtml: '<p onclick="steal()">Classic <b>blown</b> clay pot</p><script>alert(1)</script><a href="javascript:x()">x</a>',
  vendor: 'Company 123',
  productType: 'Outdoor',
  tags: ['Pot', 'Plants', 'pot'],
  status: 'active',
  seoTitle: '',
  seoDescription: '',
  optionNames: ['Size'],
  images: [{ src: 'https://cdn.example/pot.jpg', alt: '', position: 1 }],
  variants: [
    { options: ['Regular'], sku: '', barcode: '', priceMinor: 999, compareAtMinor: null, grams: 0, requiresShipping: true, taxable: true, imageSrc: null },
    { options: ['Large'], sku: '', barcode: '', priceMinor: 1599, compareAtMinor: 1999, grams: 0, requiresShipping: true, taxable: true, imageSrc: 'https://cdn.example/pot.jpg' },
  ],
  ...overrides,
});

describe('saving a product', () => {
  let store: TestStore;
  before(async () => {
    store = await createTestStore();
  });
  after(() => store.close());
  const save = (input: ProductInput) => store.platform.database.transaction((tx) => saveProduct(store.platform, tx, input, 'test'));

  it('stores a sanitised product with generated SKUs and listing fields', async () => {
    const result = await save(pot());
    assert.equal(result.created, true);
    assert.deepEqual(result.variants.map((v) => v.sku), ['CLAY-PLANT-POT-REGULAR', 'CLAY-PLANT-POT-LARGE']);
    const product = await productByHandle(store.platform.database.db, 'clay-plant-pot');
    assert.ok(product);
    assert.equal(product.bodyHtml, '<p>Classic <b>blown</b> clay pot</p><a rel="nofollow noopener" target="_blank">x</a>');
    assert.deepEqual(product.tags, ['pot', 'Plants']);
    assert.equal(product.priceMinMinor, 999);
    assert.equal(product.priceMaxMinor, 1599);
    assert.equal(product.compareAtMaxMinor, 1999);
    assert.equal(product.variants[1]!.imageId, product.images[0]!.id);
  });

  it('changes nothing when the same definition is saved again', async () => {
    const [before] = await store.platform.database.db.select().from(products).where(eq(products.handle, 'clay-plant-pot'));
    const result = await save(pot());
    assert.equal(result.changed, false);
    assert.equal(result.created, false);
    const [after] = await store.platform.database.db.select().from(products).where(eq(products.handle, 'clay-plant-pot'));
    assert.equal(after!.updatedAt.getTime(), before!.updatedAt.getTime());
  });

  it('keeps variant ids and SKUs when a price changes, and removes dropped variants', async () => {
    const first = await productByHandle(store.platform.database.db, 'clay-plant-pot');
    const input = pot();
    input.variants = [{ ...input.variants[1]!, priceMinor: 1499 }];
    const result = await save(input);
    assert.equal(result.changed, true);
    assert.equal(result.variants[0]!.id, first!.variants[1]!.id);
    const product = await productByHandle(store.platform.database.db, 'clay-plant-pot');
    assert.equal(product!.variants.length, 1);
    assert.equal(product!.priceMinMinor, 1499);
    assert.ok(product!.updatedAt.getTime() > first!.updatedAt.getTime() - 1, 'updated_at moves with a variant change');
    const barcodeOnly = pot();
    barcodeOnly.variants = [{ ...input.variants[0]!, barcode: '4006381333931' }];
    const before = product!.updatedAt.getTime();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await save(barcodeOnly);
    const afterBarcode = await productByHandle(store.platform.database.db, 'clay-plant-pot');
    assert.ok(afterBarcode!.updatedAt.getTime() > before, 'a variant-only change moves updated_at');
  });

  it('finds the product by full-text and trigram search fields', async () => {
    const found = await rows<{ handle: string }>(
      store.platform.database.db,
      sql`select handle from products where search_document @@ to_tsquery('english', 'plant:*') and word_similarity('plantt', search_text) > 0.5`,
    );
    assert.deepEqual(found.map((f) => f.handle), ['clay-plant-pot']);
  });

  it('puts the product in rule-based collections that match it', async () => {
    const db = store.platform.database.db;
    const id = crypto.randomUUID();
    await db.insert(collections).values({ id, handle: 'plants', title: 'Plants', kind: 'rule', rules: { match: 'any', conditions: [{ field: 'tag', operator: 'equals', value: 'plants' }] } });
    await save(pot({ title: 'Clay Plant Pot (new)' }));
    const members = await db.select().from(collectionProducts).where(eq(collectionProducts.collectionId, id));
    assert.equal(members.length, 1);
  });

  it('refuses bad definitions with a reason', async () => {
    await assert.rejects(save(pot({ handle: 'Bad Handle' })), ProductInputError);
    await assert.rejects(save(pot({ variants: [] })), /at least one variant/);
    const dup = pot();
    dup.variants = [dup.variants[0]!, { ...dup.variants[0]! }];
    await assert.rejects(save(dup), /same option values/);
    const wrongOptions = pot();
    wrongOptions.variants = [{ ...wrongOptions.variants[0]!, options: ['Small', 'Red'] }];
    await assert.rejects(save(wrongOptions), /one value for each option/);
  });

  it('generates short stable SKUs', () => {
    assert.equal(generatedSku('ocean-blue-shirt', ['Ünïcode size']), 'OCEAN-BLUE-SHIRT-UNICODE-SIZE');
    const long = generatedSku('a'.repeat(80), ['x']);
    assert.equal(long.length, 48);
    assert.equal(long, generatedSku('a'.repeat(80), ['x']));
  });
});
