// The store's business calendar: which days the store works, what "today" and "now" are in
// its IANA time zone, and how shoppers read dates. Days are local dates ('YYYY-MM-DD'),
// never instants, so adding days cannot be thrown off by a daylight-saving change; only
// the step from an instant to a local date and time goes through the time zone (Intl).
// Pure functions: the settings are passed in; delivery promises and SLA clocks share them.

/** A calendar day in the store's time zone, 'YYYY-MM-DD', with no time and no zone. */
export type LocalDate = string;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface BusinessCalendar {
  /** IANA time zone, e.g. "America/New_York". */
  timeZone: string;
  /** The weekdays the store works. */
  businessDays: readonly Weekday[];
  /** Days the store is closed although they fall on a business day. */
  holidays: readonly LocalDate[];
}

export const DEFAULT_BUSINESS_DAYS: readonly Weekday[] = [1, 2, 3, 4, 5];

const DAY_MS = 86_400_000;
/** Ten years of closed days in a row means the settings are wrong, not that we should keep looking. */
const MAX_SCAN_DAYS = 3660;

// ---- local dates ----------------------------------------------------------------------

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * `compute()`, remembered under `key` in `memo`. Every promise, hold and checkout step works
 * through the same few weeks of days again and again, so the calendar's costlier steps are
 * remembered; forgetting everything at once past `max` keys keeps a memo small without
 * bookkeeping, and it refills in a few requests.
 */
function recall<K, V>(memo: Map<K, V>, max: number, key: K, compute: () => V): V {
  let value = memo.get(key);
  if (value === undefined) {
    value = compute();
    if (memo.size >= max) memo.clear();
    memo.set(key, value);
  }
  return value;
}

const MAX_REMEMBERED = 4_000;
const utcMsOfDay = new Map<LocalDate, number>();
const dayOfUtcMs = new Map<number, LocalDate>();

function toUtcMs(date: LocalDate): number {
  return recall(utcMsOfDay, MAX_REMEMBERED, date, () => {
    const match = LOCAL_DATE.exec(date);
    if (!match) throw new RangeError(`not a date (YYYY-MM-DD): ${JSON.stringify(date)}`);
    const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
    // Date.UTC rolls 2026-02-30 over to March: such a day does not exist.
    if (new Date(ms).toISOString().slice(0, 10) !== date) throw new RangeError(`no such day: ${date}`);
    return ms;
  });
}

const fromUtcMs = (ms: number): LocalDate => recall(dayOfUtcMs, MAX_REMEMBERED, ms, () => new Date(ms).toISOString().slice(0, 10));

export function isLocalDate(value: string): boolean {
  try {
    toUtcMs(value);
    return true;
  } catch {
    return false;
  }
}

/** The day `n` calendar days after `date` (before it when `n` is negative). */
export function addDays(date: LocalDate, n: number): LocalDate {
  if (!Number.isInteger(n)) throw new RangeError(`days must be a whole number: ${n}`);
  return fromUtcMs(toUtcMs(date) + n * DAY_MS);
}

export function weekdayOf(date: LocalDate): Weekday {
  const sundayZero = new Date(toUtcMs(date)).getUTCDay();
  return (sundayZero === 0 ? 7 : sundayZero) as Weekday;
}

// ---- instants in the store's time zone ------------------------------------------------

const wallClocks = new Map<string, Intl.DateTimeFormat>();

function wallClock(timeZone: string): Intl.DateTimeFormat {
  let format = wallClocks.get(timeZone);
  if (!format) {
    // Throws RangeError for an unknown time zone.
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    wallClocks.set(timeZone, format);
  }
  return format;
}

/** Readings by zone and UTC minute: the reading shows minutes, and zones' offsets today are whole minutes. */
const wallClockReadings = new Map<string, Readonly<{ date: LocalDate; time: string }>>();

function wallClockParts(instant: Date, timeZone: string): Readonly<{ date: LocalDate; time: string }> {
  return recall(wallClockReadings, MAX_REMEMBERED, `${timeZone}\u0000${Math.floor(instant.getTime() / 60_000)}`, () => {
    const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
    for (const part of wallClock(timeZone).formatToParts(instant)) parts[part.type] = part.value;
    return Object.freeze({ date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` });
  });
}

/** The calendar day `instant` falls on in `timeZone`. */
export function localDateOf(instant: Date, timeZone: string): LocalDate {
  return wallClockParts(instant, timeZone).date;
}

/** The wall-clock time ('HH:MM', 24-hour) of `instant` in `timeZone`. */
export function localTimeOf(instant: Date, timeZone: string): string {
  return wallClockParts(instant, timeZone).time;
}

/** Milliseconds the wall clock in `timeZone` is ahead of UTC at `instantMs`. */
function offsetAt(instantMs: number, timeZone: string): number {
  const shown = wallClockParts(new Date(instantMs), timeZone);
  const [h, m] = shown.time.split(':').map(Number) as [number, number];
  return toUtcMs(shown.date) + (h * 60 + m) * 60_000 - Math.floor(instantMs / 60_000) * 60_000;
}

/**
 * The instant the wall clock in `timeZone` shows `time` ('HH:MM') on `date`. The zone's offsets
 * a day before and a day after give at most two readings: a time shown twice when clocks go
 * back is the first of the two, and a time skipped when they go forward is read with the
 * offset from before the change, which lands an hour later (02:30 becomes 03:30).
 */
export function instantAt(date: LocalDate, time: string, timeZone: string): Date {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  const wanted = toUtcMs(date) + (hours * 60 + minutes) * 60_000;
  const before = wanted - offsetAt(wanted - DAY_MS, timeZone);
  const after = wanted - offsetAt(wanted + DAY_MS, timeZone);
  const shows = (ms: number) => ms + offsetAt(ms, timeZone) === wanted;
  const readings = [before, after].filter(shows);
  return new Date(readings.length > 0 ? Math.min(...readings) : before);
}

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Whether `value` is a 24-hour wall-clock time 'HH:MM'. */
export function isTimeOfDay(value: string): boolean {
  return TIME_OF_DAY.test(value);
}

// ---- business days --------------------------------------------------------------------

/** Checks and copies calendar settings; throws RangeError naming what is wrong. */
export function businessCalendar(settings: { timeZone: string; businessDays?: readonly number[]; holidays?: readonly string[] }): BusinessCalendar {
  wallClock(settings.timeZone);
  const days = [...new Set(settings.businessDays ?? DEFAULT_BUSINESS_DAYS)].sort();
  if (days.length === 0) throw new RangeError('a calendar needs at least one business day');
  for (const day of days) if (!Number.isInteger(day) || day < 1 || day > 7) throw new RangeError(`not an ISO weekday (1-7): ${day}`);
  const holidays = [...new Set(settings.holidays ?? [])].sort();
  for (const holiday of holidays) toUtcMs(holiday);
  return { timeZone: settings.timeZone, businessDays: days as Weekday[], holidays };
}

export function isBusinessDay(calendar: BusinessCalendar, date: LocalDate): boolean {
  return calendar.businessDays.includes(weekdayOf(date)) && !calendar.holidays.includes(date);
}

/** `date` itself when it is a business day, else the first business day after it. */
export function businessDayOnOrAfter(calendar: BusinessCalendar, date: LocalDate): LocalDate {
  let day = date;
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    if (isBusinessDay(calendar, day)) return day;
    day = addDays(day, 1);
  }
  throw new RangeError(`no business day within ${MAX_SCAN_DAYS} days of ${date}`);
}

/** The first business day strictly after `date`. */
export function nextBusinessDay(calendar: BusinessCalendar, date: LocalDate): LocalDate {
  return businessDayOnOrAfter(calendar, addDays(date, 1));
}

/**
 * The day `n` business days after `date`: each step moves to the next business day.
 * With `n` = 0 it is `date` itself, business day or not.
 */
export function addBusinessDays(calendar: BusinessCalendar, date: LocalDate, n: number): LocalDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`business days must be a whole number of at least 0: ${n}`);
  let day = date;
  for (let i = 0; i < n; i++) day = nextBusinessDay(calendar, day);
  return day;
}

export interface Dispatch {
  /** Business days between the day processing starts and the day the parcel leaves. */
  processingDays: number;
  /** Local wall-clock time 'HH:MM': orders placed before it start processing the same day. */
  cutoffTime: string;
}

/**
 * The day an order placed at `now` leaves: processing starts today when today is a business
 * day and the local time is before the cut-off, otherwise on the next business day; the
 * parcel leaves `processingDays` business days after that.
 */
export function dispatchDate(calendar: BusinessCalendar, now: Date, dispatch: Dispatch): LocalDate {
  if (!isTimeOfDay(dispatch.cutoffTime)) throw new RangeError(`cut-off must be HH:MM: ${JSON.stringify(dispatch.cutoffTime)}`);
  const { date, time } = wallClockParts(now, calendar.timeZone);
  const start = isBusinessDay(calendar, date) && time < dispatch.cutoffTime ? date : nextBusinessDay(calendar, date);
  return addBusinessDays(calendar, start, dispatch.processingDays);
}

// ---- dates for shoppers ---------------------------------------------------------------

export interface DayFormat {
  /** Show the year (for dates far enough ahead that the year is not obvious). */
  withYear?: boolean;
  /** Whole words ("Thursday 26 November") where a sentence has room; short ("Thu 26 Nov") by default. */
  long?: boolean;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayFormat(locale: string, withYear: boolean, long = false): Intl.DateTimeFormat {
  const key = `${locale}|${withYear}|${long}`;
  let format = dayFormats.get(key);
  if (!format) {
    const words = long ? 'long' : 'short';
    // Local dates are formatted as UTC midnights so no time zone can move them to another day.
    format = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: words, day: 'numeric', month: words, ...(withYear ? { year: 'numeric' } : {}) });
    dayFormats.set(key, format);
  }
  return format;
}

/** "Thu 26 Nov" (en-GB), "Thu, Nov 26" (en-US): the words and order come from the locale. */
export function formatDay(date: LocalDate, locale: string, options: DayFormat = {}): string {
  return dayFormat(locale, options.withYear ?? false, options.long).format(toUtcMs(date));
}

/**
 * A span of days as the locale writes it: "Thu 26 – Fri 27 Nov", "Mon 30 Nov – Wed 2 Dec"
 * (en-GB), "Thu, Nov 26 – Fri, Nov 27" (en-US); one day when both ends are the same. A span
 * across New Year carries its years, as ICU writes it.
 */
export function formatDayRange(from: LocalDate, to: LocalDate, locale: string, options: DayFormat = {}): string {
  if (from === to) return formatDay(from, locale, options);
  const key = `${from}/${to}/${locale}/${options.withYear ? 1 : 0}${options.long ? 1 : 0}`;
  return recall(dayRanges, MAX_DAY_RANGES, key, () => spellDayRange(from, to, locale, options));
}

/**
 * Spelling a span costs ICU a tenth of a millisecond, and every cart line, hold and
 * checkout step shows the same few spans again: they are remembered, by their words' inputs.
 */
const dayRanges = new Map<string, string>();
const MAX_DAY_RANGES = 2_000;

function spellDayRange(from: LocalDate, to: LocalDate, locale: string, options: DayFormat): string {
  const parts = dayFormat(locale, options.withYear ?? false, options.long).formatRangeToParts(toUtcMs(from), toUtcMs(to));
  const lastOfStart = parts.findLastIndex((p) => p.source === 'startRange');
  // Some locales (en-GB) repeat a month that ends both days: "Thu 26 Nov – Fri 27 Nov".
  // When the month closes the first day and the second day names it too, drop the first.
  const startMonth = parts[lastOfStart];
  const endMonth = parts.find((p) => p.source === 'endRange' && p.type === 'month');
  if (startMonth?.type === 'month' && endMonth?.value === startMonth.value && parts[lastOfStart - 1]?.type === 'literal') {
    parts.splice(lastOfStart - 1, 2);
  }
  return parts.map((p) => p.value).join('');
}
