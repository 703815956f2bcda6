// The inventory module's tables: stock locations, stock per variant and location, the
// movement ledger that explains every figure, and each variant's selling policy.
// Variants are referred to by id only: the catalog owns them.
import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const stockLocations = pgTable('stock_locations', {
  id: uuid('id').primaryKey(),
  /** Short code used in files and APIs, e.g. "main". */
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  address: text('address').notNull().default(''),
  /** Business days between an order and its dispatch. */
  processingDays: integer('processing_days').notNull().default(1),
  /** Orders placed before this local time (HH:MM) start processing the same business day. */
  cutoffTime: text('cutoff_time').notNull().default('14:00'),
  isDefault: integer('is_default').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const stockLevels = pgTable(
  'stock_levels',
  {
    variantId: uuid('variant_id').notNull(),
    locationId: uuid('location_id')
      .notNull()
      .references(() => stockLocations.id),
    onHand: integer('on_hand').notNull().default(0),
    reserved: integer('reserved').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.variantId, t.locationId] }),
    check('stock_levels_on_hand_check', sql`${t.onHand} >= 0`),
    check('stock_levels_reserved_check', sql`${t.reserved} >= 0`),
  ],
);

export const MOVEMENT_KINDS = ['receipt', 'sale', 'reservation', 'release', 'adjustment', 'return', 'transfer'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** Append-only: on-hand and reserved of a variant at a location are the sums of its rows. */
export const stockMovements = pgTable(
  'stock_movements',
  {
    id: uuid('id').primaryKey(),
    variantId: uuid('variant_id').notNull(),
    locationId: uuid('location_id')
      .notNull()
      .references(() => stockLocations.id),
    kind: text('kind', { enum: MOVEMENT_KINDS }).notNull(),
    onHandDelta: integer('on_hand_delta').notNull().default(0),
    reservedDelta: integer('reserved_delta').notNull().default(0),
    reason: text('reason').notNull().default(''),
    /** Who: "system", "import", "staff:<id>", "customer:<id>". */
    actor: text('actor').notNull(),
    /** What it belongs to: an import batch, a reservation, an order. */
    reference: text('reference').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('stock_movements_variant_idx').on(t.variantId, t.createdAt)],
);

export const STOCK_POLICIES = ['deny', 'backorder', 'preorder', 'made_to_order'] as const;
export type StockPolicy = (typeof STOCK_POLICIES)[number];

export const variantStockPolicies = pgTable(
  'variant_stock_policies',
  {
    variantId: uuid('variant_id').primaryKey(),
    /** deny: sell only what is on hand; the others accept orders beyond it. */
    policy: text('policy', { enum: STOCK_POLICIES }).notNull().default('deny'),
    /** False: stock is not counted (always available), as Shopify's blank inventory tracker. */
    tracked: integer('tracked').notNull().default(1),
    /** Business days to restock (backorder) or to make (made to order). */
    leadTimeDays: integer('lead_time_days'),
    /** The most units the merchant accepts beyond stock (backorder, pre-order); null = no limit. */
    maxBackorder: integer('max_backorder'),
    releaseDate: date('release_date'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('variant_stock_policies_policy_check', sql`${t.policy} in ('deny', 'backorder', 'preorder', 'made_to_order')`)],
);
