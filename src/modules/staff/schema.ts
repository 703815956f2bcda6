// Staff users: people who run the store (agents, team leads, administrators). They are
// separate from customers and sign in on their own page.
import { sql } from 'drizzle-orm';
import { boolean, check, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const STAFF_ROLES = ['agent', 'lead', 'admin'] as const;

export const staffUsers = pgTable(
  'staff_users',
  {
    id: uuid('id').primaryKey(),
    /** Trimmed and lower-cased. */
    email: text('email').notNull().unique(),
    name: text('name').notNull(),
    role: text('role', { enum: STAFF_ROLES }).notNull(),
    passwordHash: text('password_hash').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('staff_users_role_check', sql`${t.role} in ('agent', 'lead', 'admin')`)],
);
