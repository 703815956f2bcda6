// The catalogue JSON API: product listings with the storefront's filters, sorts and pages,
// one product with its variants and availability, and collections with their products.
// Drafts and archived products do not exist here, as on the storefront.
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { problems } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import { availabilityOf, promisesFor } from '../../inventory/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import { activeCollectionByHandle, activeCollections } from '../collections/read.ts';
import { listProducts, parseListingQuery } from '../products/listing.ts';
import { productByHandle } from '../products/read.ts';
import { HANDLE_PATTERN } from '../products/save.ts';
import { currencyDigits, type MoneyFormat } from '../storefront/money.ts';
import { ALL_PRODUCTS } from '../storefront/navigation.ts';
import { collectionView, CollectionView, Listing, ListingQuerystring, listingParams, listingView, ProductView, productView, type ListingQuerystring as Query } from './views.ts';

const DEFAULT_PAGE_SIZE = 24;
const Handle = Type.Object({ handle: Type.String({ maxLength: 255, pattern: HANDLE_PATTERN.source }) });
const NOT_FOUND = { 404: { description: 'No active product or collection by that handle (problem+json).' } } as const;

export function registerCatalogApiRoutes(app: App, platform: Platform): void {
  const db = () => platform.database.db;
  const open = { access: 'public' as const };
  const moneyFormat = async (): Promise<MoneyFormat> => {
    const profile = await getStoreProfile(platform);
    return { currency: profile.currency, locale: profile.locale };
  };
  const list = async (query: Query, collectionId: string | undefined, defaultSort: Parameters<typeof listProducts>[1]['sort'], manualOrder = false) => {
    const format = await moneyFormat();
    const parsed = parseListingQuery(listingParams(query), currencyDigits(format.currency));
    const result = await listProducts(db(), {
      ...(collectionId ? { collectionId } : {}),
      filters: parsed.filters,
      sort: parsed.sort ?? defaultSort,
      page: parsed.page,
      pageSize: query.page_size ?? DEFAULT_PAGE_SIZE,
      manualOrder,
    });
    return listingView(result, format);
  };

  app.get(
    '/api/v1/products',
    {
      config: open,
      schema: {
        tags: ['catalog'],
        summary: 'List active products',
        description: 'Filtered, sorted and paginated like a collection page; facets count each filter group with the other filters applied.',
        querystring: ListingQuerystring,
        response: { 200: Listing },
      },
    },
    (request) => list(request.query, undefined, 'newest'),
  );

  app.get(
    '/api/v1/products/:handle',
    {
      config: open,
      schema: {
        tags: ['catalog'],
        summary: 'One active product with its images, variants and their availability',
        params: Handle,
        response: { 200: Type.Object({ product: ProductView }), ...NOT_FOUND },
      },
    },
    async (request) => {
      const product = await productByHandle(db(), request.params.handle);
      if (!product || product.status !== 'active') throw problems.notFound('product');
      const ids = product.variants.map((v) => v.id);
      const [availability, promised, format] = await Promise.all([
        availabilityOf(db(), ids),
        promisesFor(
          platform,
          ids.map((variantId) => ({ variantId, quantity: 1 })),
        ),
        moneyFormat(),
      ]);
      return { product: productView(product, availability, promised, format) };
    },
  );

  app.get(
    '/api/v1/collections',
    {
      config: open,
      schema: {
        tags: ['catalog'],
        summary: 'Active collections, in the merchant’s order',
        response: { 200: Type.Object({ collections: Type.Array(CollectionView) }) },
      },
    },
    async () => ({ collections: (await activeCollections(db())).map(collectionView) }),
  );

  app.get(
    '/api/v1/collections/:handle',
    {
      config: open,
      schema: {
        tags: ['catalog'],
        summary: 'One active collection and a page of its products',
        description: `"${ALL_PRODUCTS.handle}" lists every active product. Listing parameters as for /api/v1/products.`,
        params: Handle,
        querystring: ListingQuerystring,
        response: { 200: Type.Object({ collection: CollectionView, listing: Listing }), ...NOT_FOUND },
      },
    },
    async (request) => {
      const found = await activeCollectionByHandle(db(), request.params.handle);
      if (!found && request.params.handle !== ALL_PRODUCTS.handle) throw problems.notFound('collection');
      const collection = found ?? { ...ALL_PRODUCTS, id: undefined, sortOrder: 'featured' as const };
      return { collection: collectionView(collection), listing: await list(request.query, collection.id, collection.sortOrder, 'kind' in collection && collection.kind === 'manual') };
    },
  );
}
