// The customers module's tables. One `customers` row per normalised email — guest, account
// holder or support contact alike; an account is credentials attached to that row.
import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

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

/**
 * A signed-in customer's request to move their account to another address. Nothing changes
 * until a link sent to the new address is followed (proof that the person reads that
 * mailbox); the old address is kept here so the notice of the change can reach it.
 */
export const customerEmailChanges = pgTable(
  'customer_email_changes',
  {
    id: uuid('id').primaryKey(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    oldEmail: text('old_email').notNull(),
    newEmail: text('new_email').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  },
  (t) => [index('customer_email_changes_customer_idx').on(t.customerId, t.createdAt)],
);
