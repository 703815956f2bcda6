// The demo store: on an empty database with DEMO_DATA on, the three Shopify sample CSVs
// in demo/catalog/ are imported and a few rule-based collections make them navigable
// (every demo product is in at least one featured collection).
import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { rows } from '../../../platform/db/database.ts';
import { newId } from '../../../platform/ids.ts';
import type { Platform } from '../../../platform/platform.ts';
import { refreshCollectionMembership } from '../collections/membership.ts';
import { catalogChanged } from '../changes.ts';
import type { CollectionRules } from '../model.ts';
import { collections, products, productVariants } from '../schema.ts';
import { importProducts } from './importer.ts';

const DEMO_DIR = new URL('../../../../demo/catalog/', import.meta.url);
export const DEMO_FILES = ['apparel.csv', 'home-and-garden.csv', 'jewelery.csv'] as const;

interface DemoCollection {
  handle: string;
  title: string;
  description: string;
  rules: CollectionRules;
}

const anyOf = (field: 'tag' | 'type', values: string[]): CollectionRules => ({
  match: 'any',
  conditions: values.map((value) => ({ field, operator: 'equals', value })),
});

/** Chosen from the data: apparel is tagged men/women, home goods are typed Indoor/Outdoor. */
export const DEMO_COLLECTIONS: readonly DemoCollection[] = [
  {
    handle: 'women',
    title: 'Women',
    description: 'Tops, jackets, blouses and bags for every day and every season.',
    rules: anyOf('tag', ['women']),
  },
  {
    handle: 'men',
    title: 'Men',
    description: 'Shirts, jackets and sneakers with a relaxed fit.',
    rules: anyOf('tag', ['men']),
  },
  {
    handle: 'home',
    title: 'Home & Living',
    description: 'Sofas, lights, pillows and bedroom pieces to make a house feel like home.',
    rules: anyOf('type', ['indoor']),
  },
  {
    handle: 'garden',
    title: 'Garden',
    description: 'Pots, tools and outdoor furniture for the garden and the patio.',
    rules: anyOf('type', ['outdoor']),
  },
  {
    handle: 'jewelry',
    title: 'Jewelry',
    description: 'Necklaces, bracelets and earrings in gold, silver and stone.',
    rules: anyOf('type', ['necklace', 'bracelet', 'earrings']),
  },
];

async function createDemoCollections(platform: Platform): Promise<void> {
  await platform.database.transaction(async (tx) => {
    const created = await tx
      .insert(collections)
      .values(
        DEMO_COLLECTIONS.map((c, i) => ({
          id: newId(),
          ...c,
          kind: 'rule' as const,
          featured: true,
          position: i + 1,
        })),
      )
      .onConflictDoNothing({ target: collections.handle })
      .returning({ id: collections.id });
    for (const { id } of created) await refreshCollectionMembership(tx, id);
    await catalogChanged(platform, tx);
  });
}

/** Loads the demo catalogue once: only into a store without any product. */
export async function loadDemoCatalog(platform: Platform): Promise<void> {
  if (!platform.config.demoData) return;
  const db = platform.database.db;
  if ((await db.select({ id: products.id }).from(products).limit(1)).length > 0) return;
  const started = performance.now();
  let failed = 0;
  for (const file of DEMO_FILES) {
    const report = await importProducts(platform, await readFile(new URL(file, DEMO_DIR)), {
      actor: 'system',
      source: `demo/catalog/${file}`,
    });
    failed += report.failed.length;
    for (const failure of report.failed)
      platform.log.warn({ file, ...failure }, 'demo catalogue row not imported');
  }
  await createDemoCollections(platform);
  const [counts] = await rows<{ products: number; variants: number; collections: number }>(
    db,
    sql`select (select count(*)::int from ${products}) as products,
               (select count(*)::int from ${productVariants}) as variants,
               (select count(*)::int from ${collections}) as collections`,
  );
  const { products: productCount, variants, collections: collectionCount } = counts!;
  platform.log.info(
    {
      products: productCount,
      variants,
      collections: collectionCount,
      failed,
      ms: Math.round(performance.now() - started),
    },
    `demo catalogue loaded: ${productCount} products, ${variants} variants, ${collectionCount} collections`,
  );
}
