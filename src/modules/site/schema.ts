// The store profile: one row with the store's currency, locale and time zone. Edited in the
// admin; read through the site module's index.
import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const storeProfile = pgTable(
  'store_profile',
  {
    /** Always 1: the table holds one row. */
    id: integer('id').primaryKey().default(1),
    name: text('name').notNull().default('Doorstep'),
    currency: text('currency').notNull().default('USD'),
    locale: text('locale').notNull().default('en-US'),
    timeZone: text('time_zone').notNull().default('America/New_York'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('store_profile_single_row', sql`${t.id} = 1`)],
);
