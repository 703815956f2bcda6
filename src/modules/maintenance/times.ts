// A window's times as people read and type them: the merchant types a local date and time in
// the store's time zone, everyone reads them back in that zone with the zone named. Storage is
// UTC instants; only these functions cross between the two.
import { instantAt, isLocalDate, isTimeOfDay, localDateOf, localTimeOf } from '../../platform/calendar.ts';

export interface StoreClock {
  timeZone: string;
  locale: string;
}

/**
 * The instant the store's wall clock shows `time` on `date`, or null when either is not a
 * date ('YYYY-MM-DD') or time ('HH:MM'). A time skipped when clocks go forward reads an hour
 * later, as calendar's `instantAt` explains.
 */
export function instantFromLocal(date: string, time: string, timeZone: string): Date | null {
  if (!isLocalDate(date) || !isTimeOfDay(time)) return null;
  return instantAt(date, time, timeZone);
}

/** The date and time fields a form shows for `instant`. */
export function localFields(instant: Date, timeZone: string): { date: string; time: string } {
  return { date: localDateOf(instant, timeZone), time: localTimeOf(instant, timeZone) };
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(store: StoreClock, kind: 'day' | 'short-day' | 'time' | 'zone' | 'moment'): Intl.DateTimeFormat {
  const key = `${store.locale}|${store.timeZone}|${kind}`;
  let found = formats.get(key);
  if (!found) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'day'
        ? { weekday: 'long', day: 'numeric', month: 'long' }
        : kind === 'short-day'
          ? { weekday: 'short', day: 'numeric', month: 'short' }
          : kind === 'time'
            ? { timeStyle: 'short' }
            : kind === 'moment'
              ? { dateStyle: 'medium', timeStyle: 'short' }
              : { timeZoneName: 'longGeneric' };
    found = new Intl.DateTimeFormat(store.locale, { timeZone: store.timeZone, ...options });
    formats.set(key, found);
  }
  return found;
}

/** "Eastern Time": the zone's everyday name in the store's language. */
export function zoneName(store: StoreClock, at: Date): string {
  return format(store, 'zone').formatToParts(at).find((part) => part.type === 'timeZoneName')?.value ?? store.timeZone;
}

/**
 * "Tuesday, December 8, 2:00 AM – 4:00 AM" (en-US; "Tuesday 8 December, 02:00 – 04:00" in
 * en-GB), with both days when it crosses midnight; `short` gives "Tue, Dec 8, …" for error
 * messages and lists. No zone: callers add it where the sentence needs it.
 */
export function formatSpan(startsAt: Date, endsAt: Date, store: StoreClock, short = false): string {
  const day = format(store, short ? 'short-day' : 'day');
  const time = format(store, 'time');
  const sameDay = localDateOf(startsAt, store.timeZone) === localDateOf(endsAt, store.timeZone);
  const start = `${day.format(startsAt)}, ${time.format(startsAt)}`;
  return sameDay ? `${start} – ${time.format(endsAt)}` : `${start} – ${day.format(endsAt)}, ${time.format(endsAt)}`;
}

/** The span with its zone named: what emails and the status page say. */
export function formatSpanWithZone(startsAt: Date, endsAt: Date, store: StoreClock): string {
  return `${formatSpan(startsAt, endsAt, store)} (${zoneName(store, startsAt)})`;
}

/** One instant for staff, e.g. when a window was announced: "Dec 6, 2026, 7:00 AM". */
export function formatMoment(at: Date, store: StoreClock): string {
  return format(store, 'moment').format(at);
}
