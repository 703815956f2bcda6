// Which shipping methods reach a destination, what one costs for a subtotal, and the
// calendar parcels move by. Every checkout and product page asks, so the answers are
// remembered for a few seconds (platform/memo.ts); a writer forgets SHIPPING_MEMO on commit.
import { and, asc, eq, or, sql } from 'drizzle-orm';
import { businessCalendar, type BusinessCalendar, type Weekday } from '../../platform/calendar.ts';
import type { Database, Db } from '../../platform/db/database.ts';
import { remember, rememberFor } from '../../platform/memo.ts';
import type { Platform } from '../../platform/platform.ts';
import { getStoreProfile } from '../site/index.ts';
import { shippingCalendar, shippingHolidays, shippingMethods, shippingZones } from './schema.ts';

export interface ShippingOption {
  id: string;
  zoneId: string;
  zoneName: string;
  name: string;
  carrier: string;
  transitDaysMin: number;
  transitDaysMax: number;
  priceMinor: number;
  freeOverMinor: number | null;
}

export interface ShippingQuote {
  method: ShippingOption;
  /** What the shopper pays for shipping, in minor units of the store currency. */
  amountMinor: number;
  /** How much more subtotal makes shipping free; null when it is free already or never is. */
  amountToFreeMinor: number | null;
}

/** The memo family of zones, methods and the calendar. */
export const SHIPPING_MEMO = 'shipping';

const COUNTRY = /^[A-Z]{2}$/;
const SUBDIVISION = /^[A-Z0-9]{1,3}$/;

const optionColumns = {
  id: shippingMethods.id,
  zoneId: shippingMethods.zoneId,
  zoneName: shippingZones.name,
  name: shippingMethods.name,
  carrier: shippingMethods.carrier,
  transitDaysMin: shippingMethods.transitDaysMin,
  transitDaysMax: shippingMethods.transitDaysMax,
  priceMinor: shippingMethods.priceMinor,
  freeOverMinor: shippingMethods.freeOverMinor,
};

/**
 * The active methods of the one zone that serves a destination, cheapest-first as the
 * merchant ordered them. The most specific zone wins: one listing the region ("US-HI"),
 * then one listing the whole country, then the rest-of-world zone. `country` is an
 * ISO 3166-1 alpha-2 code; `region` an ISO 3166-2 code with or without its country prefix.
 * A destination no zone covers gets no methods.
 */
export function methodsFor(db: Db, country: string, region?: string): Promise<ShippingOption[]> {
  return remember(db, SHIPPING_MEMO, `methods:${country}:${region ?? ''}`, () => loadMethodsFor(db, country, region));
}

async function loadMethodsFor(db: Db, country: string, region?: string): Promise<ShippingOption[]> {
  const countryCode = country.trim().toUpperCase();
  if (!COUNTRY.test(countryCode)) return [];
  let subdivision = region?.trim().toUpperCase();
  if (subdivision?.startsWith(`${countryCode}-`)) subdivision = subdivision.slice(countryCode.length + 1);
  const regionCode = subdivision && SUBDIVISION.test(subdivision) ? `${countryCode}-${subdivision}` : null;

  const zones = await db
    .select({ id: shippingZones.id, regions: shippingZones.regions, restOfWorld: shippingZones.restOfWorld })
    .from(shippingZones)
    .where(or(eq(shippingZones.restOfWorld, true), sql`${countryCode} = any(${shippingZones.countries})`))
    .orderBy(asc(shippingZones.position), asc(shippingZones.name));
  const specificity = (zone: (typeof zones)[number]): number => {
    if (zone.restOfWorld) return 1;
    if (zone.regions.length === 0) return 2;
    return regionCode !== null && zone.regions.includes(regionCode) ? 3 : 0;
  };
  // Stable sort: among equally specific zones the merchant's order decides.
  const [best] = zones.filter((zone) => specificity(zone) > 0).sort((a, b) => specificity(b) - specificity(a));
  if (!best) return [];

  return db
    .select(optionColumns)
    .from(shippingMethods)
    .innerJoin(shippingZones, eq(shippingZones.id, shippingMethods.zoneId))
    .where(and(eq(shippingMethods.zoneId, best.id), eq(shippingMethods.active, true)))
    .orderBy(asc(shippingMethods.position), asc(shippingMethods.priceMinor), asc(shippingMethods.name));
}

/** What a method costs for an order subtotal (minor units): free once the threshold is reached. */
export function priceFor(method: Pick<ShippingOption, 'priceMinor' | 'freeOverMinor'>, subtotalMinor: number): Omit<ShippingQuote, 'method'> {
  if (!Number.isInteger(subtotalMinor) || subtotalMinor < 0) throw new RangeError(`subtotal must be a whole number of minor units of at least 0: ${subtotalMinor}`);
  const { priceMinor, freeOverMinor } = method;
  if (freeOverMinor === null) return { amountMinor: priceMinor, amountToFreeMinor: null };
  if (subtotalMinor >= freeOverMinor) return { amountMinor: 0, amountToFreeMinor: null };
  return { amountMinor: priceMinor, amountToFreeMinor: priceMinor === 0 ? null : freeOverMinor - subtotalMinor };
}

/** The price of an active method for a subtotal, or null when the method is unknown or switched off. */
export async function quote(db: Db, methodId: string, subtotalMinor: number): Promise<ShippingQuote | null> {
  const method = await remember(db, SHIPPING_MEMO, `method:${methodId}`, async () => {
    const [found] = await db
      .select(optionColumns)
      .from(shippingMethods)
      .innerJoin(shippingZones, eq(shippingZones.id, shippingMethods.zoneId))
      .where(and(eq(shippingMethods.id, methodId), eq(shippingMethods.active, true)));
    return found ?? null;
  });
  if (!method) return null;
  return { method, ...priceFor(method, subtotalMinor) };
}

/** The weekdays and holidays parcels move by (Monday to Friday, no holidays, until the merchant sets them). */
export function shippingCalendarSettings(db: Db): Promise<{ businessDays: Weekday[]; holidays: string[] }> {
  return remember(db, SHIPPING_MEMO, 'calendar', () => loadCalendarSettings(db));
}

/** The same, for code that reads it inside a transaction (a ticket opening): see rememberFor. */
export function shippingCalendarSettingsIn(database: Pick<Database, 'db' | 'afterCommit'>, tx: Db): Promise<{ businessDays: Weekday[]; holidays: string[] }> {
  return rememberFor(database, tx, SHIPPING_MEMO, 'calendar', loadCalendarSettings);
}

async function loadCalendarSettings(db: Db): Promise<{ businessDays: Weekday[]; holidays: string[] }> {
  const [[row], holidays] = await Promise.all([
    db.select({ businessDays: shippingCalendar.businessDays }).from(shippingCalendar).where(eq(shippingCalendar.id, 1)),
    db.select({ day: shippingHolidays.day }).from(shippingHolidays).orderBy(asc(shippingHolidays.day)),
  ]);
  return { businessDays: (row?.businessDays ?? [1, 2, 3, 4, 5]) as Weekday[], holidays: holidays.map((h) => h.day) };
}

/**
 * The shipping calendar in the store's time zone, ready for delivery promises. Reads through
 * the outer database handle (as the store profile does): call it before opening a transaction.
 */
export async function storeCalendar(platform: Platform): Promise<BusinessCalendar> {
  const [profile, settings] = await Promise.all([getStoreProfile(platform), shippingCalendarSettings(platform.database.db)]);
  return businessCalendar({ timeZone: profile.timeZone, ...settings });
}

/**
 * The destination a shopper is assumed to be in before they say: the first country of the
 * merchant's first zone (the home market). Null when no zone lists a country.
 */
export function homeCountry(db: Db): Promise<string | null> {
  return remember(db, SHIPPING_MEMO, 'home', () => loadHomeCountry(db));
}

async function loadHomeCountry(db: Db): Promise<string | null> {
  const [zone] = await db
    .select({ countries: shippingZones.countries })
    .from(shippingZones)
    .where(eq(shippingZones.restOfWorld, false))
    .orderBy(asc(shippingZones.position), asc(shippingZones.name))
    .limit(1);
  return zone?.countries[0] ?? null;
}

/** Every country some zone ships to by name (the rest-of-world zone aside), for a destination picker. */
export function shippingCountries(db: Db): Promise<readonly string[]> {
  return remember(db, SHIPPING_MEMO, 'countries', async () => {
    const zones = await db.select({ countries: shippingZones.countries }).from(shippingZones).where(eq(shippingZones.restOfWorld, false));
    return [...new Set(zones.flatMap((z) => z.countries))].sort();
  });
}
