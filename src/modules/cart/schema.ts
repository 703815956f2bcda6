// The cart module's tables. A cart lives on the server: a guest's is found by the signed
// id in its cookie, a signed-in customer's by the customer id, so it follows them to any
// device and survives restarts and maintenance windows.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const CART_STATES = ['active', 'merged', 'converted'] as const;

export const carts = pgTable(
  'carts',
  {
    id: uuid('id').primaryKey(),
    /** Set once a customer signs in; one active cart per customer. */
    customerId: uuid('customer_id'),
    state: text('state', { enum: CART_STATES }).notNull().default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** A guest cart is kept 30 days after its last change. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('carts_active_customer_key').on(t.customerId).where(sql`${t.state} = 'active' and ${t.customerId} is not null`),
    index('carts_expires_idx').on(t.expiresAt),
    check('carts_state_check', sql`${t.state} in ('active', 'merged', 'converted')`),
  ],
);

export const cartLines = pgTable(
  'cart_lines',
  {
    id: uuid('id').primaryKey(),
    cartId: uuid('cart_id')
      .notNull()
      .references(() => carts.id, { onDelete: 'cascade' }),
    variantId: uuid('variant_id').notNull(),
    quantity: integer('quantity').notNull(),
    /** The price the shopper saw when adding: a later change is flagged, never silently applied. */
    unitPriceMinor: integer('unit_price_minor').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('cart_lines_cart_variant_key').on(t.cartId, t.variantId),
    check('cart_lines_quantity_check', sql`${t.quantity} > 0`),
  ],
);
