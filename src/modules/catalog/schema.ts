// The catalog module's tables: products, their variants and images, and collections.
// Prices are integer minor units in the store's one currency (see the site's store profile).
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';

export const PRODUCT_STATUSES = ['draft', 'active', 'archived'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

/** Full-text search document; written by the catalog's save path, read by search. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey(),
    /** The product's one URL: /products/<handle>. */
    handle: text('handle').notNull().unique(),
    title: text('title').notNull(),
    /** Sanitised HTML: never contains scripts or event handlers. */
    bodyHtml: text('body_html').notNull().default(''),
    vendor: text('vendor').notNull().default(''),
    productType: text('product_type').notNull().default(''),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    status: text('status', { enum: PRODUCT_STATUSES }).notNull().default('draft'),
    seoTitle: text('seo_title').notNull().default(''),
    seoDescription: text('seo_description').notNull().default(''),
    /** Up to three option names, e.g. {Size, Color}; a product without options has {}. */
    optionNames: text('option_names').array().notNull().default(sql`'{}'::text[]`),
    // Denormalised listing fields, kept current by the save path so listings need no aggregates.
    priceMinMinor: integer('price_min_minor').notNull().default(0),
    priceMaxMinor: integer('price_max_minor').notNull().default(0),
    /** Highest compare-at price among variants that are on sale, or null. */
    compareAtMaxMinor: integer('compare_at_max_minor'),
    /** "option name:value" pairs in lower case, for option filters. */
    optionValues: text('option_values').array().notNull().default(sql`'{}'::text[]`),
    /** Some variant can be bought now (in stock, backorder or pre-order); kept by inventory events. */
    available: boolean('available').notNull().default(true),
    searchDocument: tsvector('search_document'),
    /** Unaccented lower-case title, tags, type and vendor: the trigram (typo-tolerant) target. */
    searchText: text('search_text').notNull().default(''),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    check('products_status_check', sql`${t.status} in ('draft', 'active', 'archived')`),
    check('products_options_check', sql`cardinality(${t.optionNames}) <= 3`),
    index('products_status_published_idx').on(t.status, t.publishedAt),
    // Newest first, the order of rule-based collections: a page of 24 reads 24 index entries.
    index('products_published_order_idx').on(t.publishedAt.desc().nullsLast(), t.id),
    index('products_price_idx').on(t.priceMinMinor),
    index('products_tags_idx').using('gin', t.tags),
    index('products_option_values_idx').using('gin', t.optionValues),
    index('products_search_document_idx').using('gin', t.searchDocument),
    index('products_search_text_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
  ],
);

export const productImages = pgTable(
  'product_images',
  {
    id: uuid('id').primaryKey(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(1),
    /** Where the image came from (a remote URL); the identity of the image within its product. */
    src: text('src').notNull(),
    alt: text('alt').notNull().default(''),
    /** File under DATA_DIR once fetched; until then (or offline) the placeholder is shown. */
    storedPath: text('stored_path'),
    contentType: text('content_type'),
    fetchState: text('fetch_state', { enum: ['pending', 'stored', 'failed'] }).notNull().default('pending'),
    ...timestamps,
  },
  (t) => [unique('product_images_product_src_key').on(t.productId, t.src)],
);

export const productVariants = pgTable(
  'product_variants',
  {
    id: uuid('id').primaryKey(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(1),
    /** Option values in the order of the product's option names; '' where unused. */
    option1: text('option1').notNull().default(''),
    option2: text('option2').notNull().default(''),
    option3: text('option3').notNull().default(''),
    sku: text('sku').notNull().unique(),
    barcode: text('barcode').notNull().default(''),
    priceMinor: integer('price_minor').notNull(),
    compareAtMinor: integer('compare_at_minor'),
    grams: integer('grams').notNull().default(0),
    requiresShipping: boolean('requires_shipping').notNull().default(true),
    taxable: boolean('taxable').notNull().default(true),
    imageId: uuid('image_id').references(() => productImages.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [
    unique('product_variants_options_key').on(t.productId, t.option1, t.option2, t.option3),
    check('product_variants_price_check', sql`${t.priceMinor} >= 0`),
    check('product_variants_compare_at_check', sql`${t.compareAtMinor} is null or ${t.compareAtMinor} >= 0`),
    check('product_variants_grams_check', sql`${t.grams} >= 0`),
  ],
);

export const COLLECTION_KINDS = ['manual', 'rule'] as const;
export const COLLECTION_SORTS = ['featured', 'newest', 'price-asc', 'price-desc', 'title-asc'] as const;
export type CollectionSort = (typeof COLLECTION_SORTS)[number];

/** A rule-based collection's membership: products whose field matches (all or any). */
export interface CollectionRules {
  match: 'all' | 'any';
  conditions: { field: 'tag' | 'type' | 'vendor' | 'title'; operator: 'equals' | 'contains'; value: string }[];
}

export const collections = pgTable(
  'collections',
  {
    id: uuid('id').primaryKey(),
    handle: text('handle').notNull().unique(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    kind: text('kind', { enum: COLLECTION_KINDS }).notNull().default('manual'),
    rules: jsonb('rules').$type<CollectionRules>(),
    sortOrder: text('sort_order', { enum: COLLECTION_SORTS }).notNull().default('featured'),
    /** Shown on the home page and in the header navigation. */
    featured: boolean('featured').notNull().default(true),
    position: integer('position').notNull().default(0),
    status: text('status', { enum: ['active', 'draft'] }).notNull().default('active'),
    ...timestamps,
  },
  (t) => [check('collections_kind_check', sql`${t.kind} in ('manual', 'rule')`)],
);

/** Membership: manual rows are the merchant's; rule rows are recomputed from the rules on save. */
export const collectionProducts = pgTable(
  'collection_products',
  {
    collectionId: uuid('collection_id')
      .notNull()
      .references(() => collections.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
    source: text('source', { enum: ['manual', 'rule'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.collectionId, t.productId] }), index('collection_products_product_idx').on(t.productId)],
);

/**
 * The count and facets of each unfiltered listing (a collection, or "all"), so a collection
 * page does not scan its whole collection. A row is current only while its version equals
 * `listing_state.version`, which every catalogue change bumps in its own transaction; a
 * background job then recomputes the rows. Until it has, listings compute them live.
 */
export const listingSummaries = pgTable('listing_summaries', {
  /** A collection id, or 'all'. */
  scope: text('scope').primaryKey(),
  version: integer('version').notNull(),
  total: integer('total').notNull(),
  facets: jsonb('facets').notNull(),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
});

export const listingState = pgTable(
  'listing_state',
  {
    /** Always 1: the table holds one row. */
    id: integer('id').primaryKey().default(1),
    version: integer('version').notNull().default(0),
  },
  (t) => [check('listing_state_single_row', sql`${t.id} = 1`)],
);
