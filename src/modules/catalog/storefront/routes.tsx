// The storefront: home, collections (and "All products"), product pages, the sitemap and
// robots.txt, product pictures, and the header navigation. Catalogue pages are the same
// for every anonymous visitor, so they go through the tagged page cache and are dropped
// when a product, price or stock changes.
import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import type { Platform } from '../../../platform/platform.ts';
import { STOCK_CACHE_TAG } from '../../inventory/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import { activeCollectionByHandle } from '../collections/read.ts';
import { CATALOG_CACHE_TAG } from '../events.ts';
import { registerImageRoutes } from '../images/routes.ts';
import { registerImageJobs } from '../images/store.ts';
import { COLLECTION_SORTS, type CollectionSort } from '../schema.ts';
import { listProducts, NO_FILTERS, parseListingQuery, listingSearchParams } from '../products/listing.ts';
import { HANDLE_PATTERN } from '../products/save.ts';
import { loadHome } from './home.ts';
import { currencyDigits, type MoneyFormat } from './money.ts';
import { ALL_PRODUCTS, navigationLinks } from './navigation.ts';
import { CollectionPage } from './pages/CollectionPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { ProductPage } from './pages/ProductPage.tsx';
import { loadProductView, variantRequestKey, variantRequestOf } from './product-view.ts';
import { robotsTxt, sitemapEntries, sitemapXml } from './sitemap.ts';

const PAGE_TAGS = [CATALOG_CACHE_TAG, STOCK_CACHE_TAG];
export const COLLECTION_PAGE_SIZE = 24;
const HandleParams = Type.Object({ handle: Type.String({ maxLength: 300 }) });

/** Raised inside a page render when what was asked for is not there for shoppers. */
class NotForShoppers extends Error {
  readonly what: 'product' | 'collection';
  constructor(what: 'product' | 'collection') {
    super(`${what} not found`);
    this.what = what;
  }
}

/** The collection's own sort first (its default), then the others. */
const sortsFor = (preferred: CollectionSort) => [preferred, ...COLLECTION_SORTS.filter((s) => s !== preferred)];

export function registerStorefrontRoutes(app: App, platform: Platform): void {
  const db = () => platform.database.db;
  const open = { config: { access: 'public' as const } };
  const moneyFormat = async (): Promise<MoneyFormat> => {
    const profile = await getStoreProfile(platform);
    return { currency: profile.currency, locale: profile.locale };
  };

  app.pages.provideNavigation(() => navigationLinks(platform));
  registerImageRoutes(app, platform);
  registerImageJobs(platform);

  /** Renders a catalogue page through the cache; a missing product or collection becomes the 404 page. */
  async function sendCatalogPage(request: FastifyRequest, reply: FastifyReply, key: string, render: Parameters<App['pages']['sendCached']>[3]) {
    try {
      return await app.pages.sendCached(request, reply, { tags: PAGE_TAGS, key }, render);
    } catch (error) {
      if (!(error instanceof NotForShoppers)) throw error;
      // One rendering serves every unknown address: junk URLs cannot fill the cache.
      return app.pages.sendCached(request, reply, { tags: PAGE_TAGS, key: `catalog:not-found:${error.what}`, status: 404 }, async (ctx) => {
        const format = await moneyFormat();
        const { cards } = await listProducts(db(), { filters: { ...NO_FILTERS, inStock: true }, sort: 'featured', page: 1, pageSize: 4, facets: false });
        return <NotFoundPage ctx={ctx} what={error.what} popular={cards} format={format} />;
      });
    }
  }

  app.get('/', open, (request, reply) =>
    app.pages.sendCached(request, reply, { tags: PAGE_TAGS, key: '/' }, async (ctx) => {
      const [home, format] = await Promise.all([loadHome(db()), moneyFormat()]);
      return <HomePage ctx={ctx} {...home} format={format} />;
    }),
  );

  app.get<{ Params: { handle: string } }>('/collections/:handle', { ...open, schema: { params: HandleParams } }, async (request, reply) => {
    const { handle } = request.params;
    const format = await moneyFormat();
    const digits = currencyDigits(format.currency);
    const query = parseListingQuery(request.query, digits);
    // The key holds only what the page depends on: unknown or malformed parameters share it.
    const key = `/collections/${handle}?${listingSearchParams(query, digits)}`;
    return sendCatalogPage(request, reply, key, async (ctx) => {
      if (!HANDLE_PATTERN.test(handle)) throw new NotForShoppers('collection');
      const found = await activeCollectionByHandle(db(), handle);
      if (!found && handle !== ALL_PRODUCTS.handle) throw new NotForShoppers('collection');
      const collection = found ?? { ...ALL_PRODUCTS, id: undefined, sortOrder: 'featured' as const };
      const sorts = sortsFor(collection.sortOrder);
      const result = await listProducts(db(), {
        ...(collection.id ? { collectionId: collection.id } : {}),
        filters: query.filters,
        sort: query.sort && query.sort !== 'relevance' ? query.sort : sorts[0]!,
        page: query.page,
        pageSize: COLLECTION_PAGE_SIZE,
        manualOrder: 'kind' in collection && collection.kind === 'manual',
      });
      return <CollectionPage ctx={ctx} collection={collection} query={query} result={result} sorts={sorts} format={format} />;
    });
  });

  app.get<{ Params: { handle: string } }>('/products/:handle', { ...open, schema: { params: HandleParams } }, async (request, reply) => {
    const { handle } = request.params;
    const variantRequest = variantRequestOf(request.query);
    const key = `/products/${handle}?${variantRequestKey(variantRequest)}`;
    return sendCatalogPage(request, reply, key, async (ctx) => {
      if (!HANDLE_PATTERN.test(handle)) throw new NotForShoppers('product');
      const [view, format] = await Promise.all([loadProductView(platform, handle, variantRequest), moneyFormat()]);
      if (!view) throw new NotForShoppers('product');
      return <ProductPage ctx={ctx} view={view} format={format} fractionDigits={currencyDigits(format.currency)} />;
    });
  });

  app.get('/sitemap.xml', open, async (_request, reply) => {
    const xml = await platform.cache.remember('catalog:sitemap', [CATALOG_CACHE_TAG], async () => sitemapXml(await sitemapEntries(db()), platform.config.baseUrl));
    return reply.header('cache-control', 'public, max-age=3600').type('application/xml; charset=utf-8').send(xml);
  });

  app.get('/robots.txt', open, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=86400').type('text/plain; charset=utf-8').send(robotsTxt(platform.config.baseUrl)),
  );
}
