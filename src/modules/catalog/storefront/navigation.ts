// The header navigation: every featured active collection, then "All products", so any
// product is two clicks from any page. Kept in the tagged cache; a catalogue change drops it.
import type { Platform } from '../../../platform/platform.ts';
import type { NavLink } from '../../../web/context.ts';
import { featuredCollections } from '../collections/read.ts';
import { CATALOG_CACHE_TAG } from '../events.ts';

export const ALL_PRODUCTS = { handle: 'all', title: 'All products', description: 'Everything in the shop.' } as const;

export function navigationLinks(platform: Pick<Platform, 'cache' | 'database'>): Promise<NavLink[]> {
  return platform.cache.remember('catalog:navigation', [CATALOG_CACHE_TAG], async () => {
    const found = await featuredCollections(platform.database.db);
    return [
      ...found.filter((c) => c.handle !== ALL_PRODUCTS.handle).map((c) => ({ label: c.title, href: `/collections/${c.handle}` })),
      { label: ALL_PRODUCTS.title, href: `/collections/${ALL_PRODUCTS.handle}` },
    ];
  });
}
