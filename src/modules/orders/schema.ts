// The orders module's tables: an order with its snapshot of what was bought, where it goes
// and what it cost (prices, tax and promises as the customer saw them, never recomputed),
// its lines, and the history of every status change with who made it and why.
// Customers, carts and variants are referred to by id only: other modules own them.
import { sql, type SQL } from 'drizzle-orm';
import { type AnyPgColumn, boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ORDER_STATUSES, type OrderStatus } from './states.ts';

export interface OrderAddress {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  phone?: string;
}

export interface OrderShippingMethod {
  id: string;
  name: string;
  price: number;
  carrier?: string;
}

/** The delivery promise of a line as shown before payment; dates are local dates (YYYY-MM-DD). */
export interface OrderLinePromise {
  state: string;
  label: string;
  earliest: string | null;
  latest: string | null;
  shipsOn?: string | null;
}

export const ACTOR_KINDS = ['system', 'customer', 'agent', 'merchant'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/**
 * What the staff search finds a customer by, in one lower-case string: the email, the name on
 * the delivery address and the phone number's digits. A trigram index on exactly this
 * expression serves "contains" searches on any of the three; list.ts builds the same
 * expression from the table's columns so the planner recognises it.
 */
export function orderSearchText(email: SQL | AnyPgColumn, address: SQL | AnyPgColumn): SQL {
  return sql`lower(${email} || ' ' || coalesce(${address}->>'name', '') || ' ' || regexp_replace(coalesce(${address}->>'phone', ''), '[^0-9]', '', 'g'))`;
}

const statusList = sql.raw(ORDER_STATUSES.map((s) => `'${s}'`).join(', '));

export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey(),
    /** What people read aloud: DS-XXXX-XXXX in unambiguous letters. */
    number: text('number').notNull(),
    /** One order per cart: a second submit of the same cart finds the first order. */
    cartId: uuid('cart_id'),
    customerId: uuid('customer_id'),
    /** Trimmed and lower-cased, as the customers module keys people. */
    email: text('email').notNull(),
    status: text('status', { enum: ORDER_STATUSES }).notNull().default('placed'),
    /** The status an order on hold returns to when released. */
    heldFrom: text('held_from', { enum: ORDER_STATUSES }).$type<OrderStatus>(),
    /** A copy the payments module keeps current, so the order page can say where payment stands. */
    paymentStatus: text('payment_status').notNull().default('pending'),
    currency: text('currency').notNull(),
    subtotal: integer('subtotal').notNull(),
    shippingTotal: integer('shipping_total').notNull(),
    taxTotal: integer('tax_total').notNull(),
    total: integer('total').notNull(),
    pricesIncludeTax: boolean('prices_include_tax').notNull(),
    shippingAddress: jsonb('shipping_address').$type<OrderAddress>().notNull(),
    shippingMethod: jsonb('shipping_method').$type<OrderShippingMethod>().notNull(),
    /** Unpaid by then, the order is cancelled and its stock released. */
    paymentDeadline: timestamp('payment_deadline', { withTimezone: true }).notNull(),
    placedAt: timestamp('placed_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /** Shown to the customer on the order page. */
    cancelledReason: text('cancelled_reason'),
  },
  (t) => [
    uniqueIndex('orders_number_key').on(t.number),
    uniqueIndex('orders_cart_key').on(t.cartId),
    index('orders_customer_idx').on(t.customerId, t.placedAt),
    index('orders_email_idx').on(sql`${t.email} text_pattern_ops`),
    index('orders_placed_idx').on(t.placedAt),
    index('orders_status_idx').on(t.status, t.placedAt),
    index('orders_search_trgm_idx').using('gin', sql`${orderSearchText(t.email, t.shippingAddress)} gin_trgm_ops`),
    index('orders_unpaid_deadline_idx').on(t.paymentDeadline).where(sql`${t.status} = 'placed'`),
    check('orders_status_check', sql`${t.status} in (${statusList})`),
    check('orders_held_from_check', sql`${t.heldFrom} is null or ${t.heldFrom} in (${statusList})`),
    check('orders_amounts_check', sql`${t.subtotal} >= 0 and ${t.shippingTotal} >= 0 and ${t.taxTotal} >= 0 and ${t.total} >= 0`),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    /** 1-based, in the order the customer saw the lines. */
    position: integer('position').notNull(),
    variantId: uuid('variant_id').notNull(),
    sku: text('sku').notNull(),
    productTitle: text('product_title').notNull(),
    variantTitle: text('variant_title'),
    imageUrl: text('image_url'),
    quantity: integer('quantity').notNull(),
    unitPrice: integer('unit_price').notNull(),
    lineTotal: integer('line_total').notNull(),
    tax: integer('tax').notNull(),
    /** Tax rate in basis points (8.875% → 888): with the rounding, what the tax was computed from. */
    taxRateBp: integer('tax_rate_bp').notNull(),
    promise: jsonb('promise').$type<OrderLinePromise>().notNull(),
  },
  (t) => [
    uniqueIndex('order_lines_position_key').on(t.orderId, t.position),
    index('order_lines_variant_idx').on(t.variantId),
    check('order_lines_quantity_check', sql`${t.quantity} > 0`),
    check('order_lines_amounts_check', sql`${t.unitPrice} >= 0 and ${t.lineTotal} >= 0 and ${t.tax} >= 0 and ${t.taxRateBp} >= 0`),
  ],
);

/** Append-only: one row per status an order entered, the first being `placed`. */
export const orderTransitions = pgTable(
  'order_transitions',
  {
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    /** 1, 2, 3… within the order: the history's order even when two changes share a timestamp. */
    seq: integer('seq').notNull(),
    /** Null for the first row: the order came into being as `placed`. */
    fromStatus: text('from_status', { enum: ORDER_STATUSES }).$type<OrderStatus>(),
    toStatus: text('to_status', { enum: ORDER_STATUSES }).notNull().$type<OrderStatus>(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorKind: text('actor_kind', { enum: ACTOR_KINDS }).notNull(),
    /** The customer's or staff member's id; null for the system. */
    actorId: text('actor_id'),
    reason: text('reason').notNull().default(''),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.seq] }),
    check('order_transitions_actor_check', sql`${t.actorKind} in ('system', 'customer', 'agent', 'merchant')`),
  ],
);
