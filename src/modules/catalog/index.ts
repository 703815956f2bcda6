// The catalog module's public face: products, variants, images and collections, the
// storefront pages that show them, search, the merchant's catalogue admin and the CSV import.
import type { Module } from '../../platform/module.ts';
import { loadDemoStock, provideVariantDirectory, stockChanged } from '../inventory/index.ts';
import { registerCatalogAdminRoutes } from './admin/routes.tsx';
import { registerCatalogApiRoutes } from './api/routes.ts';
import { loadDemoCatalog } from './import/demo.ts';
import { registerImportRoutes } from './import/routes.tsx';
import { refreshAvailability } from './products/availability-sync.ts';
import { computeListingSummary } from './products/listing.ts';
import { REFRESH_LISTING_SUMMARIES, refreshListingSummaries } from './products/listing-summaries.ts';
import { variantsByIds } from './products/read.ts';
import { findVariants, variantIdsByHandle, variantIdsBySku } from './products/variant-lookup.ts';
import { registerSearchRoutes } from './search/routes.tsx';
import { registerStorefrontRoutes } from './storefront/routes.tsx';

export { CATALOG_CACHE_TAG, collectionChanged, productChanged } from './events.ts';
export type { Collection, Product, ProductCard, ProductImage, Variant } from './model.ts';
export { productByHandle, productById, variantsByIds, variantSummaryJson, type VariantSummary } from './products/read.ts';
export { productImageUrl } from './images/urls.ts';
export { productsRelatedTo, type RelatedProduct, type RelatedRequest } from './products/related.ts';

export const catalogModule: Module = {
  name: 'catalog',
  register(app, platform) {
    provideVariantDirectory({ byIds: variantsByIds, idsBySku: variantIdsBySku, idsByHandle: variantIdsByHandle, search: findVariants });
    platform.events.subscribe(stockChanged, 'catalog.refresh-availability', (event, tx) =>
      refreshAvailability(platform, tx, event.payload.variantIds),
    );
    platform.jobs.define(REFRESH_LISTING_SUMMARIES, () =>
      refreshListingSummaries(platform.database.db, (collectionId) => computeListingSummary(platform.database.db, collectionId)),
    );
    registerStorefrontRoutes(app, platform);
    registerSearchRoutes(app, platform);
    registerCatalogApiRoutes(app, platform);
    registerCatalogAdminRoutes(app, platform);
    registerImportRoutes(app, platform);
  },
  async ready(platform) {
    await loadDemoCatalog(platform);
    // Demo stock picks demo products by handle, so it follows the demo catalogue.
    await loadDemoStock(platform);
    // Summaries may be missing (first start) or out of date (data changed by other means).
    await platform.database.transaction((tx) => platform.jobs.send(tx, REFRESH_LISTING_SUMMARIES, {}, { singletonKey: 'all' }));
  },
};
