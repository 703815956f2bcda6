import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { rows } from '../../../platform/db/database.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { availabilityOf } from '../../inventory/index.ts';
import { productByHandle } from '../products/read.ts';
import { products } from '../schema.ts';
import { importProducts, ImportFileError, type ImportReport } from './importer.ts';
import { csvOf, HEADER, simpleProduct } from './testing.ts';

const OPTIONS = { actor: 'test', source: 'test.csv' };

describe('importing a Shopify product CSV', () => {
  let store: TestStore;
  before(async () => {
    store = await createTestStore();
  });
  after(() => store.close());
  const run = (file: Buffer) => importProducts(store.platform, file, OPTIONS);
  const db = () => store.platform.database.db;
  const count = async (table: string) =>
    (await rows<{ n: number }>(db(), sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;

  it('reports each bad row with its line and reason, skips its product whole and imports the rest', async () => {
    const report = await run(
      csvOf([
        /* 2 */ simpleProduct('good-one', { 'Option1 Name': 'Size', 'Option1 Value': 'Small' }),
        /* 3 */ { Handle: 'good-one', 'Option1 Value': 'Large', 'Variant Price': '12.50' },
        /* 4 */ { Title: 'Orphan', 'Variant Price': '1.00' },
        /* 5 */ simpleProduct('bad-price', { 'Option1 Name': 'Size', 'Option1 Value': 'S' }),
        /* 6 */ { Handle: 'bad-price', 'Option1 Value': 'M', 'Variant Price': 'abc' },
        /* 7 */ simpleProduct('unknown-option', { 'Option2 Value': 'Red' }),
        /* 8 */ simpleProduct('missing-value', { 'Option1 Name': 'Size', 'Option1 Value': 'S' }),
        /* 9 */ { Handle: 'missing-value', 'Variant Price': '3.00' },
        /* 10 */ simpleProduct('negative-stock', { 'Variant Inventory Qty': '-2' }),
        /* 11 */ simpleProduct('good-two'),
      ]),
    );
    assert.deepEqual(report.failed, [
      { line: 4, handle: '', reason: 'Handle is missing' },
      {
        line: 6,
        handle: 'bad-price',
        reason: 'Variant Price "abc" is not a price (write it like 12.50)',
      },
      {
        line: 7,
        handle: 'unknown-option',
        reason: 'Option2 Value "Red" is given but the product has no Option2 Name',
      },
      { line: 9, handle: 'missing-value', reason: 'Option1 Value (Size) is missing' },
      {
        line: 10,
        handle: 'negative-stock',
        reason: 'Variant Inventory Qty is negative (-2); stock on hand cannot be below 0',
      },
    ]);
    assert.deepEqual(pick(report), { created: 2, updated: 0, unchanged: 0, products: 6, rows: 10 });
    const good = await productByHandle(db(), 'good-one');
    assert.deepEqual(
      good?.variants.map((v) => [v.options, v.priceMinor]),
      [
        [['Small'], 1000],
        [['Large'], 1250],
      ],
    );
    for (const handle of ['bad-price', 'unknown-option', 'missing-value', 'negative-stock']) {
      assert.equal(await productByHandle(db(), handle), null, handle);
    }
  });

  it('leaves an existing product as it was when its new rows have a bad one', async () => {
    await run(csvOf([simpleProduct('kept-as-is', { 'Variant Price': '5.00' })]));
    const report = await run(
      csvOf([
        simpleProduct('kept-as-is', {
          'Option1 Name': 'Size',
          'Option1 Value': 'S',
          'Variant Price': '6.00',
        }),
        { Handle: 'kept-as-is', 'Option1 Value': 'M', 'Variant Price': '-1' },
      ]),
    );
    assert.deepEqual(
      report.failed.map((f) => f.line),
      [3],
    );
    assert.equal(report.updated, 0);
    const product = await productByHandle(db(), 'kept-as-is');
    assert.deepEqual(
      product?.variants.map((v) => [v.options, v.priceMinor]),
      [[[], 500]],
    );
  });

  it('reports what the catalog refuses on the product’s first line', async () => {
    const report = await run(
      csvOf([
        simpleProduct('sku-owner', { 'Variant SKU': 'TAKEN' }),
        simpleProduct('sku-thief', { 'Variant SKU': 'TAKEN' }),
      ]),
    );
    assert.deepEqual(report.failed, [
      { line: 3, handle: 'sku-thief', reason: 'SKU "TAKEN" already belongs to another variant' },
    ]);
    assert.equal(report.created, 1);
  });

  it('counts physical lines across multi-line quoted fields (CRLF and LF inside quotes)', async () => {
    const report = await run(
      csvOf([
        /* 2-5 */ simpleProduct('long-story', {
          'Body (HTML)': '<p>One</p>\r\n<p>Two, "quoted"</p>\n<ul>\r\n<li>x</li></ul>',
        }),
        /* 6 */ simpleProduct('after-story', { 'Variant Compare At Price': '1.2.3' }),
        /* 7-8 */ simpleProduct('second-story', {
          'Body (HTML)': 'a\nb',
          'Variant Grams': 'heavy',
        }),
      ]),
    );
    assert.deepEqual(
      report.failed.map((f) => [f.line, f.handle]),
      [
        [6, 'after-story'],
        [7, 'second-story'],
      ],
    );
    assert.equal(report.created, 1);
    assert.equal(
      (await productByHandle(db(), 'long-story'))?.bodyHtml,
      '<p>One</p>\r\n<p>Two, "quoted"</p>\n<ul>\r\n<li>x</li></ul>',
    );
  });

  it('skips blank lines and rows of empty cells without losing count, and reads a BOM and extra columns', async () => {
    const body = csvOf([
      simpleProduct('after-blank'),
      simpleProduct('bad-after-blank', { 'Variant Price': '' }),
    ])
      .toString()
      .split('\r\n');
    const text = `\ufeff${body[0]},Extra\r\n\r\n${','.repeat(HEADER.length - 1)}\r\n${body[1]},surplus,cells\r\n\r\n${body[2]}\r\n`;
    const report = await run(Buffer.from(text));
    assert.deepEqual(report.failed, [
      { line: 6, handle: 'bad-after-blank', reason: 'Variant Price is missing' },
    ]);
    assert.deepEqual(pick(report), { created: 1, updated: 0, unchanged: 0, products: 2, rows: 2 });
  });

  it('imports the same file a second time without changing anything', async () => {
    const file = csvOf([
      simpleProduct('stable-thing', {
        'Variant Inventory Tracker': 'shopify',
        'Variant Inventory Qty': '4',
      }),
      { Handle: 'stable-thing', 'Image Src': 'https://cdn.example/a.jpg' },
    ]);
    assert.equal((await run(file)).created, 1);
    const [before] = await db().select().from(products).where(eq(products.handle, 'stable-thing'));
    const counts = await Promise.all(
      ['products', 'product_variants', 'product_images', 'stock_movements', 'domain_events'].map(
        count,
      ),
    );
    const again = await run(file);
    assert.deepEqual(pick(again), { created: 0, updated: 0, unchanged: 1, products: 1, rows: 2 });
    const [afterwards] = await db()
      .select()
      .from(products)
      .where(eq(products.handle, 'stable-thing'));
    assert.equal(afterwards!.updatedAt.getTime(), before!.updatedAt.getTime());
    assert.deepEqual(
      await Promise.all(
        ['products', 'product_variants', 'product_images', 'stock_movements', 'domain_events'].map(
          count,
        ),
      ),
      counts,
    );

    const changed = await run(
      csvOf([
        simpleProduct('stable-thing', {
          'Variant Inventory Tracker': 'shopify',
          'Variant Inventory Qty': '6',
        }),
        { Handle: 'stable-thing', 'Image Src': 'https://cdn.example/a.jpg' },
      ]),
    );
    assert.equal(changed.updated, 1, 'a stock change alone updates the product');
    const product = await productByHandle(db(), 'stable-thing');
    assert.equal(
      (await availabilityOf(db(), [product!.variants[0]!.id])).get(product!.variants[0]!.id)
        ?.available,
      6,
    );
  });

  it('hands quantity, policy and tracking to inventory', async () => {
    const report = await run(
      csvOf([
        simpleProduct('tracked-deny', {
          'Variant Inventory Tracker': 'shopify',
          'Variant Inventory Qty': '0',
        }),
        simpleProduct('tracked-continue', {
          'Variant Inventory Tracker': 'shopify',
          'Variant Inventory Qty': '0',
          'Variant Inventory Policy': 'continue',
        }),
        simpleProduct('tracked-few', {
          'Variant Inventory Tracker': 'shopify',
          'Variant Inventory Qty': '2',
        }),
        simpleProduct('untracked', { 'Variant Inventory Qty': '0' }),
      ]),
    );
    assert.equal(report.created, 4);
    const states: Record<string, [string, number | null]> = {};
    for (const handle of ['tracked-deny', 'tracked-continue', 'tracked-few', 'untracked']) {
      const id = (await productByHandle(db(), handle))!.variants[0]!.id;
      const availability = (await availabilityOf(db(), [id])).get(id)!;
      states[handle] = [availability.state, availability.available];
    }
    assert.deepEqual(states, {
      'tracked-deny': ['out_of_stock', 0],
      'tracked-continue': ['backorder', 0],
      'tracked-few': ['low_stock', 2],
      untracked: ['in_stock', null],
    });
    const [flag] = await db()
      .select({ available: products.available })
      .from(products)
      .where(eq(products.handle, 'tracked-deny'));
    assert.equal(flag!.available, false, 'the listing flag is refreshed in the same transaction');
  });

  it('sanitises descriptions: no scripts, event handlers or javascript: links', async () => {
    await run(
      csvOf([
        simpleProduct('dangerous', {
          'Body (HTML)':
            '<p>Nice</p><script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)" onclick="x()">link</a>',
        }),
      ]),
    );
    const body = (await productByHandle(db(), 'dangerous'))!.bodyHtml;
    assert.doesNotMatch(body, /script|onerror|onclick|javascript:|alert/i);
    assert.match(body, /<p>Nice<\/p>/);
  });

  it('maps status, options, images, variant images, prices, weight and flags', async () => {
    const report = await run(
      csvOf([
        simpleProduct('shirt', {
          Status: 'archived',
          Published: 'false',
          Tags: 'Cotton, summer',
          'Option1 Name': 'Size',
          'Option1 Value': 'S',
          'Option2 Name': 'Color',
          'Option2 Value': 'Red',
          'Variant Grams': '28.4',
          'Variant Compare At Price': '15',
          'Image Src': 'https://cdn.example/red.jpg',
          'Image Position': '2',
          'Variant Image': 'https://cdn.example/red.jpg',
        }),
        {
          Handle: 'shirt',
          'Option1 Value': 'S',
          'Option2 Value': 'Blue',
          'Variant Price': '11',
          'Variant SKU': 'SHIRT-BLUE',
          'Variant Image': 'https://cdn.example/blue.jpg',
          Tags: 'Summer, linen',
        },
        { Handle: 'shirt', 'Image Src': 'https://cdn.example/front.jpg', 'Image Position': '1' },
        simpleProduct('hidden', { Published: 'FALSE' }),
      ]),
    );
    assert.deepEqual(report.failed, []);
    const shirt = (await productByHandle(db(), 'shirt'))!;
    assert.equal(shirt.status, 'archived', 'Status wins over Published');
    assert.deepEqual(shirt.optionNames, ['Size', 'Color']);
    assert.deepEqual(shirt.tags, ['Cotton', 'Summer', 'linen']);
    assert.deepEqual(
      shirt.images.map((i) => [i.position, i.src]),
      [
        [1, 'https://cdn.example/front.jpg'],
        [2, 'https://cdn.example/red.jpg'],
        [3, 'https://cdn.example/blue.jpg'],
      ],
    );
    const [red, blue] = shirt.variants;
    assert.deepEqual(
      [red!.sku, red!.priceMinor, red!.compareAtMinor, red!.grams, red!.imageId],
      ['SHIRT-S-RED', 1000, 1500, 28, shirt.images[1]!.id],
    );
    assert.deepEqual(
      [blue!.sku, blue!.priceMinor, blue!.compareAtMinor, blue!.imageId],
      ['SHIRT-BLUE', 1100, null, shirt.images[2]!.id],
    );
    const hidden = (await productByHandle(db(), 'hidden'))!;
    assert.equal(hidden.status, 'draft');
    assert.deepEqual(
      [hidden.optionNames, hidden.variants[0]!.options, hidden.variants[0]!.sku],
      [[], [], 'HIDDEN'],
    );
  });

  it('refuses duplicate variants and bad values row by row', async () => {
    const report = await run(
      csvOf([
        simpleProduct('dupes', { 'Option1 Name': 'Size', 'Option1 Value': 'S' }),
        { Handle: 'dupes', 'Option1 Value': 's', 'Variant Price': '1' },
        simpleProduct('Bad Handle'),
        simpleProduct('bad-flags', { Published: 'maybe' }),
        simpleProduct('bad-image', { 'Image Src': 'javascript:alert(1)' }),
        simpleProduct('bad-policy', { 'Variant Inventory Policy': 'sometimes' }),
        simpleProduct('long-title', { Title: 'x'.repeat(300) }),
      ]),
    );
    assert.deepEqual(report.failed, [
      { line: 3, handle: 'dupes', reason: 'line 2 already has the option values s' },
      {
        line: 4,
        handle: 'Bad Handle',
        reason: 'Handle "Bad Handle" must be lower-case letters, digits and single hyphens',
      },
      { line: 5, handle: 'bad-flags', reason: 'Published must be true or false (got "maybe")' },
      {
        line: 6,
        handle: 'bad-image',
        reason: 'Image Src "javascript:alert(1)" is not an http(s) address',
      },
      {
        line: 7,
        handle: 'bad-policy',
        reason: 'Variant Inventory Policy must be deny or continue (got "sometimes")',
      },
      { line: 8, handle: 'long-title', reason: 'Title is longer than 255 characters' },
    ]);
    assert.equal(report.created, 0);
  });

  it('refuses a file that is not a Shopify product CSV as a whole', async () => {
    const refuses = (file: Buffer, message: RegExp) =>
      assert.rejects(
        run(file),
        (e: unknown) => e instanceof ImportFileError && message.test(e.message),
      );
    await refuses(Buffer.from('Name,Price\r\nPot,3\r\n'), /not a Shopify product CSV.*Handle/);
    await refuses(Buffer.alloc(0), /empty/);
    await refuses(
      Buffer.from([0x48, 0x61, 0x6e, 0x64, 0x6c, 0x65, 0x0a, 0xe9, 0x74, 0xe9]),
      /not UTF-8/,
    );
    await refuses(Buffer.alloc(10 * 1024 * 1024 + 1, 0x61), /larger than 10 MiB/);
    await refuses(Buffer.from('Handle,Title\r\na,"one\r\nb,two\r\n'), /never closed.*line 2/);
    await refuses(Buffer.from('Handle,Title\r\na,one\r\nb,tw"o\r\n'), /quote character.*line 3/);
    const many = ['Handle', ...Array.from({ length: 50_001 }, (_, i) => `p${i}`)].join('\n');
    await refuses(Buffer.from(many), /more than 50,000 rows/);
  });

  it('accepts a file with only a header, and reports a product without any variant row', async () => {
    assert.deepEqual(pick(await run(csvOf([]))), {
      created: 0,
      updated: 0,
      unchanged: 0,
      products: 0,
      rows: 0,
    });
    const report = await run(
      csvOf([
        { Handle: 'no-variants', Title: 'No variants', 'Image Src': 'https://cdn.example/x.jpg' },
      ]),
    );
    assert.deepEqual(report.failed, [
      {
        line: 2,
        handle: 'no-variants',
        reason: 'the product has no variant row (a row with Variant Price)',
      },
    ]);
  });
});

function pick(report: ImportReport) {
  const { created, updated, unchanged, products, rows } = report;
  return { created, updated, unchanged, products, rows };
}
