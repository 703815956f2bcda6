// What a shopper has typed at checkout, kept server-side as they go so a reload, a crash,
// maintenance or another device loses nothing. One draft per cart (the cart module's id;
// no foreign key across modules). Values are stored as typed, valid or not: validation
// runs when the draft is shown or the order placed, and never throws input away.
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const checkoutDrafts = pgTable(
  'checkout_drafts',
  {
    cartId: uuid('cart_id').primaryKey(),
    email: text('email').notNull().default(''),
    name: text('name').notNull().default(''),
    line1: text('line1').notNull().default(''),
    line2: text('line2').notNull().default(''),
    city: text('city').notNull().default(''),
    /** A subdivision code ("NY") where the country has a list, else as typed. */
    region: text('region').notNull().default(''),
    postalCode: text('postal_code').notNull().default(''),
    /** ISO 3166-1 alpha-2; empty until chosen (the home market is shown). */
    country: text('country').notNull().default(''),
    phone: text('phone').notNull().default(''),
    /** The shipping method chosen; null: the cheapest is offered. */
    shippingMethodId: uuid('shipping_method_id'),
    /** Raised by every save: a save based on an older version is told, and the order form's token names the version it was shown. */
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('checkout_drafts_updated_idx').on(t.updatedAt)],
);
