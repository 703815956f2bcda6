// Time the desk is open: support hours (opening and closing time, the same on every business
// day) on the store calendar's business days, in the store's time zone. Adding 60 business
// minutes at Friday 17:30 with 09:00–18:00 hours gives Monday 09:30; a holiday is skipped
// like a weekend. Each day's opening and closing are turned into instants in the time zone
// (platform/calendar's instantAt), so a day on which the clocks change is as long as it
// really is and the answer never lands an hour off. Pure functions: settings are passed in.
import {
  addDays,
  instantAt,
  isBusinessDay,
  isTimeOfDay,
  localDateOf,
  type BusinessCalendar,
  type LocalDate,
} from '../../../platform/calendar.ts';

export interface SupportHours {
  /** 'HH:MM', 24-hour, in the store's time zone. */
  opens: string;
  /** 'HH:MM', after `opens` on the same day. */
  closes: string;
}

export const DEFAULT_SUPPORT_HOURS: SupportHours = { opens: '09:00', closes: '18:00' };

const MINUTE_MS = 60_000;
/** Ten years of closed days in a row means the settings are wrong, not that we should keep looking. */
const MAX_SCAN_DAYS = 3660;

/** Checks support hours; throws RangeError naming what is wrong. */
export function supportHours(opens: string, closes: string): SupportHours {
  if (!isTimeOfDay(opens))
    throw new RangeError(`opening time must be HH:MM: ${JSON.stringify(opens)}`);
  if (!isTimeOfDay(closes))
    throw new RangeError(`closing time must be HH:MM: ${JSON.stringify(closes)}`);
  if (closes <= opens)
    throw new RangeError(`the desk must close after it opens: ${opens}–${closes}`);
  return { opens, closes };
}

/** The desk's open span on `day` as instants (ms), or null when the day is not a business day. */
function openSpan(
  calendar: BusinessCalendar,
  hours: SupportHours,
  day: LocalDate,
): { from: number; to: number } | null {
  if (!isBusinessDay(calendar, day)) return null;
  return {
    from: instantAt(day, hours.opens, calendar.timeZone).getTime(),
    to: instantAt(day, hours.closes, calendar.timeZone).getTime(),
  };
}

/**
 * The instant `minutes` of support time after `start`. Time outside support hours, on
 * weekends and on holidays does not count; a start outside hours counts from the next opening.
 */
export function addBusinessMinutes(
  calendar: BusinessCalendar,
  hours: SupportHours,
  start: Date,
  minutes: number,
): Date {
  if (!Number.isFinite(minutes) || minutes < 0)
    throw new RangeError(`minutes must be at least 0: ${minutes}`);
  let left = minutes * MINUTE_MS;
  let day = localDateOf(start, calendar.timeZone);
  for (let i = 0; i < MAX_SCAN_DAYS; i++, day = addDays(day, 1)) {
    const span = openSpan(calendar, hours, day);
    if (!span) continue;
    const from = Math.max(span.from, start.getTime());
    if (from >= span.to) continue;
    if (left <= span.to - from) return new Date(from + left);
    left -= span.to - from;
  }
  throw new RangeError(`no support hours within ${MAX_SCAN_DAYS} days of ${start.toISOString()}`);
}

/** How many minutes of support time lie between `from` and `to` (0 when `to` is not after `from`). */
export function businessMinutesBetween(
  calendar: BusinessCalendar,
  hours: SupportHours,
  from: Date,
  to: Date,
): number {
  if (to.getTime() <= from.getTime()) return 0;
  let total = 0;
  const last = localDateOf(to, calendar.timeZone);
  for (let day = localDateOf(from, calendar.timeZone); day <= last; day = addDays(day, 1)) {
    const span = openSpan(calendar, hours, day);
    if (span)
      total += Math.max(0, Math.min(span.to, to.getTime()) - Math.max(span.from, from.getTime()));
  }
  return total / MINUTE_MS;
}
