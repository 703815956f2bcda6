// The shipping module's tables: where the store ships (zones), how (methods with carrier,
// transit days and rates) and on which days parcels move (the shipping calendar). Prices are
// integer minor units in the store's one currency (see the site's store profile).
//
// The calendar lives here, not in the store profile, because it is the calendar of the
// warehouse and the carriers: the days orders are dispatched and parcels travel. Other
// calendars (the support desk's hours for SLA clocks) belong to the module they govern and
// use the same platform/calendar functions; the time zone stays in the store profile.
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const shippingZones = pgTable(
  'shipping_zones',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    /** ISO 3166-1 alpha-2 codes, upper case ("US"). Empty only for the rest-of-world zone. */
    countries: text('countries').array().notNull().default(sql`'{}'::text[]`),
    /** ISO 3166-2 subdivision codes ("US-HI"): the zone covers only these. Empty: whole countries. */
    regions: text('regions').array().notNull().default(sql`'{}'::text[]`),
    /** Covers every country no other zone lists. Explicit, so a zone whose countries were left empty by mistake ships nowhere rather than everywhere. */
    restOfWorld: boolean('rest_of_world').notNull().default(false),
    position: integer('position').notNull().default(0),
    ...timestamps,
  },
  (t) => [
    check(
      'shipping_zones_countries_check',
      sql`(${t.restOfWorld} and cardinality(${t.countries}) = 0 and cardinality(${t.regions}) = 0) or (not ${t.restOfWorld} and cardinality(${t.countries}) > 0)`,
    ),
    uniqueIndex('shipping_zones_one_rest_of_world').on(t.restOfWorld).where(sql`${t.restOfWorld}`),
  ],
);

export const shippingMethods = pgTable(
  'shipping_methods',
  {
    id: uuid('id').primaryKey(),
    zoneId: uuid('zone_id')
      .notNull()
      .references(() => shippingZones.id, { onDelete: 'cascade' }),
    /** What the shopper chooses: "Standard", "Express". */
    name: text('name').notNull(),
    carrier: text('carrier').notNull().default(''),
    /** Business days from dispatch to delivery, fastest and slowest. */
    transitDaysMin: integer('transit_days_min').notNull(),
    transitDaysMax: integer('transit_days_max').notNull(),
    priceMinor: integer('price_minor').notNull(),
    /** Free when the order subtotal reaches this; null: never free. */
    freeOverMinor: integer('free_over_minor'),
    active: boolean('active').notNull().default(true),
    position: integer('position').notNull().default(0),
    ...timestamps,
  },
  (t) => [
    check('shipping_methods_transit_check', sql`${t.transitDaysMin} >= 0 and ${t.transitDaysMax} >= ${t.transitDaysMin}`),
    check('shipping_methods_price_check', sql`${t.priceMinor} >= 0 and (${t.freeOverMinor} is null or ${t.freeOverMinor} >= 0)`),
    index('shipping_methods_zone_idx').on(t.zoneId, t.position),
  ],
);

/** One row: the weekdays parcels are dispatched and carried (ISO: Monday 1 … Sunday 7). */
export const shippingCalendar = pgTable(
  'shipping_calendar',
  {
    /** Always 1: the table holds one row. */
    id: integer('id').primaryKey().default(1),
    businessDays: integer('business_days').array().notNull().default(sql`'{1,2,3,4,5}'::integer[]`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('shipping_calendar_single_row', sql`${t.id} = 1`),
    check('shipping_calendar_business_days_check', sql`cardinality(${t.businessDays}) > 0 and ${t.businessDays} <@ '{1,2,3,4,5,6,7}'::integer[]`),
  ],
);

/** Days the warehouse does not dispatch and carriers do not deliver, although business days. */
export const shippingHolidays = pgTable('shipping_holidays', {
  day: date('day', { mode: 'string' }).primaryKey(),
  /** Shown to the merchant, e.g. "Thanksgiving". */
  name: text('name').notNull().default(''),
});
