// The demo store's shipping: a domestic US zone with Standard and Express, an international
// rest-of-world zone, a Monday-to-Friday calendar and the US carrier holidays of this year
// and next. Written once, into a store that has no shipping zones yet.
import { count } from 'drizzle-orm';
import { addDays, localDateOf, weekdayOf, type LocalDate, type Weekday } from '../../platform/calendar.ts';
import { newId } from '../../platform/ids.ts';
import { forget } from '../../platform/memo.ts';
import type { Platform } from '../../platform/platform.ts';
import { getStoreProfile } from '../site/index.ts';
import { shippingCalendar, shippingHolidays, shippingMethods, shippingZones } from './schema.ts';
import { SHIPPING_MEMO } from './service.ts';

const iso = (year: number, month: number, day: number): LocalDate =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** The `n`th given weekday of a month; `n` = -1 for the last one. */
function nthWeekday(year: number, month: number, weekday: Weekday, n: number): LocalDate {
  if (n < 0) {
    const last = addDays(month === 12 ? iso(year + 1, 1, 1) : iso(year, month + 1, 1), -1);
    return addDays(last, -((weekdayOf(last) - weekday + 7) % 7));
  }
  const first = iso(year, month, 1);
  return addDays(first, ((weekday - weekdayOf(first) + 7) % 7) + (n - 1) * 7);
}

/** A fixed-date holiday on a weekend is observed on the Friday before or the Monday after. */
function observed(day: LocalDate): LocalDate {
  const weekday = weekdayOf(day);
  return weekday === 6 ? addDays(day, -1) : weekday === 7 ? addDays(day, 1) : day;
}

/** The days US parcel carriers do not pick up or deliver, as observed in `year`. */
export function usCarrierHolidays(year: number): { day: LocalDate; name: string }[] {
  return [
    { day: observed(iso(year, 1, 1)), name: "New Year's Day" },
    { day: nthWeekday(year, 5, 1, -1), name: 'Memorial Day' },
    { day: observed(iso(year, 7, 4)), name: 'Independence Day' },
    { day: nthWeekday(year, 9, 1, 1), name: 'Labor Day' },
    { day: nthWeekday(year, 11, 4, 4), name: 'Thanksgiving Day' },
    { day: observed(iso(year, 12, 25)), name: 'Christmas Day' },
  ];
}

/** Fills an empty store with the demo zones, methods, calendar and holidays; otherwise does nothing. */
export async function ensureDemoShipping(platform: Platform): Promise<void> {
  const { timeZone } = await getStoreProfile(platform);
  const year = Number(localDateOf(platform.clock.now(), timeZone).slice(0, 4));
  await platform.database.transaction(async (tx) => {
    // The calendar row doubles as the lock that keeps two starting instances from both seeding.
    await tx.insert(shippingCalendar).values({ id: 1 }).onConflictDoNothing();
    await tx.select().from(shippingCalendar).for('update');
    const [zones] = await tx.select({ n: count() }).from(shippingZones);
    if (zones!.n > 0) return;

    const domestic = newId();
    const international = newId();
    await tx.insert(shippingZones).values([
      { id: domestic, name: 'United States', countries: ['US'], position: 0 },
      { id: international, name: 'International', restOfWorld: true, position: 1 },
    ]);
    await tx.insert(shippingMethods).values([
      { id: newId(), zoneId: domestic, name: 'Standard', carrier: 'USPS', transitDaysMin: 3, transitDaysMax: 5, priceMinor: 599, freeOverMinor: 7500, position: 0 },
      { id: newId(), zoneId: domestic, name: 'Express', carrier: 'UPS', transitDaysMin: 1, transitDaysMax: 2, priceMinor: 1499, position: 1 },
      { id: newId(), zoneId: international, name: 'International', carrier: 'DHL', transitDaysMin: 6, transitDaysMax: 12, priceMinor: 2499, position: 0 },
    ]);
    await tx
      .insert(shippingHolidays)
      .values([...usCarrierHolidays(year), ...usCarrierHolidays(year + 1)])
      .onConflictDoNothing();
    platform.database.afterCommit(() => forget(SHIPPING_MEMO));
  });
}
