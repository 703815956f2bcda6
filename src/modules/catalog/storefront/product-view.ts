// Everything the product page shows, gathered in one place: the product (active only), the
// chosen variant, availability and the delivery promise per variant, related products and the
// money format.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import type { Platform } from '../../../platform/platform.ts';
import { availabilityOf, promisesFor, type Availability, type LinePromise, type PromiseAnswer } from '../../inventory/index.ts';
import type { Product, ProductCard, Variant } from '../model.ts';
import { listProducts, NO_FILTERS } from '../products/listing.ts';
import { productByHandle } from '../products/read.ts';
import { descriptionText } from '../sanitize.ts';
import { collectionProducts, collections, products } from '../schema.ts';
import { canBuy } from './delivery-promise.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OPTION_PARAMS = ['option1', 'option2', 'option3'] as const;

/** The variant the shopper asked for: `?variant=<id>`, or option values (`?option1=Large…`). */
export interface VariantRequest {
  variantId?: string;
  options?: (string | undefined)[];
}

/** Reads the request from a query string; anything malformed is ignored. */
export function variantRequestOf(query: unknown): VariantRequest {
  const q = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value.length <= 200 ? value.trim() : undefined);
  const variantId = text(q.variant);
  if (variantId && UUID.test(variantId)) return { variantId: variantId.toLowerCase() };
  const options = OPTION_PARAMS.map((name) => text(q[name]) || undefined);
  return options.some(Boolean) ? { options } : {};
}

/** A stable cache key for the request, so junk parameters do not make new cache entries. */
export function variantRequestKey(request: VariantRequest): string {
  if (request.variantId) return `variant=${request.variantId}`;
  if (request.options) return new URLSearchParams(request.options.map((o, i) => [OPTION_PARAMS[i]!, o ?? ''])).toString();
  return '';
}

export interface Selection {
  /** Null when the requested combination of options does not exist. */
  variant: Variant | null;
  /** One value per option: the variant's, or the ones asked for. */
  options: string[];
}

export function selectVariant(product: Product, availability: Map<string, Availability>, request: VariantRequest): Selection {
  const fallback =
    product.variants.find((v) => {
      const a = availability.get(v.id);
      return a !== undefined && canBuy(a);
    }) ?? product.variants[0]!;
  const byId = request.variantId ? product.variants.find((v) => v.id === request.variantId) : undefined;
  if (byId) return { variant: byId, options: byId.options };
  if (request.options) {
    // Only values the product offers count; a missing or unknown one keeps the default's.
    const wanted = product.optionNames.map((_, i) => {
      const asked = request.options![i];
      return asked !== undefined && product.variants.some((v) => v.options[i] === asked) ? asked : fallback.options[i]!;
    });
    const found = product.variants.find((v) => v.options.every((value, i) => value === wanted[i]));
    return { variant: found ?? null, options: wanted };
  }
  return { variant: fallback, options: fallback.options };
}

export interface ProductView {
  product: Product;
  availability: Map<string, Availability>;
  /** Per variant, the promise for one unit to the home market by its first shipping method. */
  promises: Map<string, LinePromise>;
  /** The destination and method those dates are for. */
  promisedFor: Pick<PromiseAnswer, 'method' | 'country'>;
  selection: Selection;
  related: ProductCard[];
  /** Plain text for the meta description and JSON-LD. */
  summary: string;
  /** A collection it belongs to, for the breadcrumb (featured ones first). */
  collection: { handle: string; title: string } | null;
}

const RELATED_COUNT = 4;

/**
 * The product page's data, or null when shoppers may not see the product (unknown, draft,
 * archived). Reads through the outer database handle (the delivery promise does): call it
 * outside a transaction.
 */
export async function loadProductView(platform: Platform, handle: string, request: VariantRequest): Promise<ProductView | null> {
  const db = platform.database.db;
  const product = await productByHandle(db, handle);
  if (!product || product.status !== 'active') return null;
  const ids = product.variants.map((v) => v.id);
  const [availability, answer, related, collection] = await Promise.all([
    availabilityOf(db, ids),
    promisesFor(
      platform,
      ids.map((variantId) => ({ variantId, quantity: 1 })),
    ),
    relatedProducts(db, product),
    homeCollectionOf(db, product.id),
  ]);
  return {
    product,
    availability,
    promises: new Map(answer.lines.map((line) => [line.variantId, line])),
    promisedFor: { method: answer.method, country: answer.country },
    selection: selectVariant(product, availability, request),
    related,
    summary: summaryOf(product),
    collection,
  };
}

async function homeCollectionOf(db: Db, productId: string): Promise<{ handle: string; title: string } | null> {
  const [found] = await db
    .select({ handle: collections.handle, title: collections.title })
    .from(collectionProducts)
    .innerJoin(collections, eq(collections.id, collectionProducts.collectionId))
    .where(and(eq(collectionProducts.productId, productId), eq(collections.status, 'active')))
    .orderBy(desc(collections.featured), asc(collections.position), asc(collections.title))
    .limit(1);
  return found ?? null;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&nbsp;': ' ' };

/** The SEO description, else the description's first 160 characters, as plain text. */
export function summaryOf(product: Product): string {
  if (product.seoDescription) return product.seoDescription;
  const text = descriptionText(product.bodyHtml).replace(/&(?:amp|lt|gt|quot|#39|nbsp);/g, (e) => ENTITIES[e]!);
  if (text.length <= 160) return text || product.title;
  return `${text.slice(0, 157).replace(/\s+\S*$/, '')}…`;
}

/**
 * Products that go with this one and can be bought now: sharing a collection counts most,
 * then the same product type, then a shared tag.
 */
async function relatedProducts(db: Db, product: Product): Promise<ProductCard[]> {
  const sameCollection = sql`exists (select 1 from ${collectionProducts} mine join ${collectionProducts} theirs
    on theirs.collection_id = mine.collection_id where mine.product_id = ${product.id} and theirs.product_id = ${products.id})`;
  const sameType = product.productType ? sql`${products.productType} = ${product.productType}` : sql`false`;
  const sharedTag = product.tags.length ? sql`${products.tags} && ${sql`ARRAY[${sql.join(product.tags.map((t) => sql`${t}`), sql`, `)}]::text[]`}` : sql`false`;
  const { cards } = await listProducts(db, {
    filters: { ...NO_FILTERS, inStock: true },
    sort: 'relevance',
    page: 1,
    pageSize: RELATED_COUNT,
    facets: false,
    extraWhere: sql`${products.id} <> ${product.id} and (${sameCollection} or ${sameType} or ${sharedTag})`,
    rank: sql`(2 * (${sameCollection})::int + (${sameType})::int + (${sharedTag})::int)`,
  });
  return cards;
}
