// The tax module's tables: the rate for each destination (a country, or one region of it)
// and the store-wide choice whether catalogue prices already include tax. The store profile
// (site module) holds currency, locale and time zone; the tax flag lives here, beside the
// rates it changes the meaning of, and is edited on the same admin page.
import { sql } from 'drizzle-orm';
import { boolean, check, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const taxRates = pgTable(
  'tax_rates',
  {
    id: uuid('id').primaryKey(),
    /** ISO 3166-1 alpha-2, upper case ("US"). */
    country: text('country').notNull(),
    /** ISO 3166-2 subdivision without the country prefix ("NY"); empty: the whole country. */
    region: text('region').notNull().default(''),
    /** What the shopper reads beside the amount: "Sales tax", "VAT", "HST". */
    label: text('label').notNull(),
    /** Basis points: 2000 is 20 %, 725 is 7.25 %. */
    rateBps: integer('rate_bps').notNull(),
    /** Whether the shipping charge is taxed at this rate too. */
    shippingTaxed: boolean('shipping_taxed').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('tax_rates_destination_key').on(t.country, t.region),
    check('tax_rates_rate_check', sql`${t.rateBps} >= 0 and ${t.rateBps} <= 10000`),
    check('tax_rates_country_check', sql`${t.country} ~ '^[A-Z]{2}$'`),
    check('tax_rates_region_check', sql`${t.region} ~ '^[A-Z0-9]{0,3}$'`),
  ],
);

/** One row: store-wide tax settings. */
export const taxSettings = pgTable(
  'tax_settings',
  {
    /** Always 1: the table holds one row. */
    id: integer('id').primaryKey().default(1),
    /** True: catalogue prices include tax, which is worked out of them; false: tax is added at checkout. */
    pricesIncludeTax: boolean('prices_include_tax').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('tax_settings_single_row', sql`${t.id} = 1`)],
);
