// The customers module's tables. One `customers` row per normalised email — guest, account
// holder or support contact alike; an account is credentials attached to that row.
import { sql } from 'drizzle-orm';
import { check, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const CUSTOMER_TIERS = ['standard', 'premium', 'platinum'] as const;
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey(),
    /** As the person typed it (for greetings and display). */
    email: text('email').notNull(),
    /** Trimmed and lower-cased: the identity. */
    emailNormalized: text('email_normalized').notNull().unique(),
    /** Empty for a guest who never gave one. */
    name: text('name').notNull().default(''),
    tier: text('tier', { enum: CUSTOMER_TIERS }).notNull().default('standard'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('customers_tier_check', sql`${t.tier} in ('standard', 'premium', 'platinum')`)],
);

export const customerAccounts = pgTable('customer_accounts', {
  customerId: uuid('customer_id')
    .primaryKey()
    .references(() => customers.id, { onDelete: 'cascade' }),
  passwordHash: text('password_hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  passwordChangedAt: timestamp('password_changed_at', { withTimezone: true })
    .notNull()
    .defaultNow(),
});
