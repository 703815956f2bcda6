import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { rows } from '../../../platform/db/database.ts';
import type { Platform } from '../../../platform/platform.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { availabilityOf } from '../../inventory/index.ts';
import { productByHandle } from '../products/read.ts';
import { products } from '../schema.ts';
import { DEMO_COLLECTIONS, DEMO_FILES, loadDemoCatalog } from './demo.ts';
import { importProducts } from './importer.ts';

describe('the demo catalogue', () => {
  let store: TestStore;
  let demo: Platform;
  before(async () => {
    store = await createTestStore();
    demo = { ...store.platform, config: { ...store.platform.config, demoData: true } };
  });
  after(() => store.close());
  const db = () => store.platform.database.db;
  const counts = async () =>
    (
      await rows<{
        products: number;
        variants: number;
        images: number;
        collections: number;
        movements: number;
      }>(
        db(),
        sql`select (select count(*)::int from products) as products, (select count(*)::int from product_variants) as variants,
                   (select count(*)::int from product_images) as images, (select count(*)::int from collections) as collections,
                   (select count(*)::int from stock_movements) as movements`,
      )
    )[0]!;

  it('is not loaded when DEMO_DATA is off', async () => {
    await loadDemoCatalog(store.platform);
    assert.equal((await counts()).products, 0);
  });

  it('loads the three sample files into an empty store with navigable collections', async () => {
    await loadDemoCatalog(demo);
    const { products: productCount, variants, images, collections } = await counts();
    assert.deepEqual(
      { productCount, variants, images, collections },
      { productCount: 60, variants: 66, images: 82, collections: 5 },
    );

    const membership = await rows<{ handle: string; members: number }>(
      db(),
      sql`select c.handle, count(cp.product_id)::int as members from collections c
          left join collection_products cp on cp.collection_id = c.id group by c.handle, c.position order by c.position`,
    );
    assert.deepEqual(membership, [
      { handle: 'women', members: 14 },
      { handle: 'men', members: 6 },
      { handle: 'home', members: 13 },
      { handle: 'garden', members: 7 },
      { handle: 'jewelry', members: 20 },
    ]);
    assert.equal(membership.length, DEMO_COLLECTIONS.length);
    const homeless = await rows(
      db(),
      sql`select handle from products p where not exists (select 1 from collection_products cp where cp.product_id = p.id)`,
    );
    assert.deepEqual(homeless, [], 'every demo product is in a collection');

    const varsity = (await productByHandle(db(), 'classic-varsity-top'))!;
    assert.deepEqual(varsity.optionNames, ['Size']);
    assert.deepEqual(
      varsity.variants.map((v) => v.options[0]),
      ['Small', 'Medium', 'Large'],
    );
    const choker = (await productByHandle(db(), 'choker-with-gold-pendant'))!;
    assert.match(choker.bodyHtml, /<li>Length, 12" with 2.5" extender<\/li>/);
    const bracelet = (await productByHandle(db(), 'chain-bracelet'))!;
    assert.equal(
      bracelet.variants[0]!.imageId,
      bracelet.images.find((i) => i.src.includes('navy-blue'))!.id,
    );

    const pots = (await productByHandle(db(), 'biodegradable-cardboard-pots'))!;
    const potsStock = (await availabilityOf(db(), [pots.variants[0]!.id])).get(
      pots.variants[0]!.id,
    );
    assert.deepEqual([potsStock?.state, potsStock?.available], ['in_stock', 8]);
    const [active] = await rows<{ n: number }>(
      db(),
      sql`select count(*)::int as n from products where status = 'active' and available`,
    );
    assert.equal(active!.n, 60);
  });

  it('is loaded once: a second start and a re-import of the files change nothing', async () => {
    const before = await counts();
    const [firstUpdate] = await db()
      .select({ updatedAt: products.updatedAt })
      .from(products)
      .where(eq(products.handle, 'gemstone'));
    await loadDemoCatalog(demo);
    for (const file of DEMO_FILES) {
      const report = await importProducts(
        store.platform,
        await readFile(new URL(`../../../../demo/catalog/${file}`, import.meta.url)),
        { actor: 'test', source: file },
      );
      assert.deepEqual(report.failed, [], file);
      assert.equal(report.unchanged, 20, file);
      assert.equal(report.created + report.updated, 0, file);
    }
    assert.deepEqual(await counts(), before);
    const [again] = await db()
      .select({ updatedAt: products.updatedAt })
      .from(products)
      .where(eq(products.handle, 'gemstone'));
    assert.equal(again!.updatedAt.getTime(), firstUpdate!.updatedAt.getTime());
  });
});
