// The inventory module's tables: stock locations, stock per variant and location, the
// movement ledger that explains every figure, each variant's selling policy, checkout
// reservations, inbound supply, warehouse batches, back-in-stock requests and settings.
// Variants are referred to by id only: the catalog owns them.
import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

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
  /** Reservations take stock from locations in this order (lowest first) after the default. */
  priority: integer('priority').notNull().default(100),
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

export const RESERVATION_STATUSES = ['held', 'allocated', 'sold', 'shipped', 'released', 'expired'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/**
 * Units set aside for one holder (a checkout's cart, later its order). held: a checkout in
 * progress, until expires_at; allocated: an order placed and awaiting payment, until its
 * payment deadline; sold: paid, kept reserved at its location until it ships; shipped: the
 * units left on-hand. released and expired gave the units back.
 */
export const stockReservations = pgTable(
  'stock_reservations',
  {
    id: uuid('id').primaryKey(),
    /** Whose: "cart:<id>" while checking out. */
    holder: text('holder').notNull(),
    status: text('status', { enum: RESERVATION_STATUSES }).notNull().default('held'),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    /** The order it became, once placed. */
    orderReference: text('order_reference').notNull().default(''),
    /** Why it ended, when released or expired. */
    endReason: text('end_reason').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('stock_reservations_live_holder_key').on(t.holder).where(sql`${t.status} in ('held', 'allocated')`),
    index('stock_reservations_due_idx').on(t.status, t.expiresAt),
    check('stock_reservations_status_check', sql`${t.status} in ('held', 'allocated', 'sold', 'shipped', 'released', 'expired')`),
  ],
);

export const stockReservationLines = pgTable(
  'stock_reservation_lines',
  {
    reservationId: uuid('reservation_id')
      .notNull()
      .references(() => stockReservations.id),
    variantId: uuid('variant_id').notNull(),
    locationId: uuid('location_id')
      .notNull()
      .references(() => stockLocations.id),
    quantity: integer('quantity').notNull(),
    /** Of quantity, the units there was no stock for when reserved (backorder, pre-order). */
    backordered: integer('backordered').notNull().default(0),
    /** Of quantity, the units that have left in parcels (the order ships in parts). */
    shipped: integer('shipped').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.reservationId, t.variantId, t.locationId] }),
    index('stock_reservation_lines_variant_idx').on(t.variantId),
    check('stock_reservation_lines_quantity_check', sql`${t.quantity} > 0 and ${t.backordered} >= 0 and ${t.backordered} <= ${t.quantity}`),
    check('stock_reservation_lines_shipped_check', sql`${t.shipped} >= 0 and ${t.shipped} <= ${t.quantity}`),
  ],
);

export const INBOUND_STATUSES = ['open', 'received', 'cancelled'] as const;
export type InboundStatus = (typeof INBOUND_STATUSES)[number];

/** Expected receipts (purchase order lines): they date backorders until received. */
export const inboundSupply = pgTable(
  'inbound_supply',
  {
    id: uuid('id').primaryKey(),
    /** The supplier's or merchant's purchase-order number. */
    reference: text('reference').notNull().default(''),
    variantId: uuid('variant_id').notNull(),
    locationId: uuid('location_id')
      .notNull()
      .references(() => stockLocations.id),
    quantity: integer('quantity').notNull(),
    received: integer('received').notNull().default(0),
    expectedOn: date('expected_on').notNull(),
    status: text('status', { enum: INBOUND_STATUSES }).notNull().default('open'),
    note: text('note').notNull().default(''),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('inbound_supply_variant_idx').on(t.variantId, t.status, t.expectedOn),
    check('inbound_supply_quantity_check', sql`${t.quantity} > 0 and ${t.received} >= 0`),
    check('inbound_supply_status_check', sql`${t.status} in ('open', 'received', 'cancelled')`),
  ],
);

/** Warehouse batches already applied, by the client's batch id: a replay applies nothing. */
export const stockBatches = pgTable('stock_batches', {
  batchId: text('batch_id').primaryKey(),
  /** "api" or "csv". */
  source: text('source').notNull(),
  actor: text('actor').notNull(),
  /** SHA-256 of the normalised lines: the same id with other lines is refused. */
  contentHash: text('content_hash').notNull(),
  /** The per-line outcome returned the first time, replayed as is. */
  result: jsonb('result').notNull(),
  appliedAt: timestamp('applied_at', { withTimezone: true }).notNull().defaultNow(),
});

/** "Email me when it is back": one open request per variant and address. */
export const backInStockRequests = pgTable(
  'back_in_stock_requests',
  {
    id: uuid('id').primaryKey(),
    variantId: uuid('variant_id').notNull(),
    email: text('email').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    notifiedAt: timestamp('notified_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('back_in_stock_open_key').on(t.variantId, t.email).where(sql`${t.notifiedAt} is null`)],
);

/** The merchant's inventory settings: one row (id 1). */
export const inventorySettings = pgTable('inventory_settings', {
  id: integer('id').primaryKey().default(1),
  /** How long a checkout holds its items without activity. */
  reservationTtlMinutes: integer('reservation_ttl_minutes').notNull().default(15),
  /** At or below this many available, shoppers read "only N left" and the admin lists the variant. */
  lowStockThreshold: integer('low_stock_threshold').notNull().default(3),
  /** Business days to restock a backorder that has no inbound supply and no lead time of its own. */
  defaultLeadTimeDays: integer('default_lead_time_days').notNull().default(10),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
