// The span of time in the site-status banner (planned maintenance), in the visitor's own time
// zone. The cached page says it in the store's zone with the zone named; this island rewrites
// it with the browser's Intl into the zone the browser is in, and during the last hour before
// `countdownTo` shows a live countdown. The countdown ticks every second on screen but speaks
// (aria-live) only every quarter of an hour, then each of the last ten minutes: a screen reader
// hears it, not a running clock. Without JavaScript the store's zone stays, which is still right.
import { useEffect, useState } from 'preact/hooks';
import type { BannerSchedule } from '../context.ts';
import { island } from './hydrate.ts';

const HOUR = 3_600_000;

const LOCAL_SPAN: Intl.DateTimeFormatOptions = { weekday: 'long', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' };

/** "Tuesday, December 8, 8:00 – 10:00 AM GMT+1" in the browser's language and zone (tests name both). */
export function localSpan(startsAt: string, endsAt: string, locale?: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { ...LOCAL_SPAN, timeZone }).formatRange(new Date(startsAt), new Date(endsAt));
}

/** "42:07" (minutes and seconds) or "1:00:00". */
export function clockText(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** The minutes a screen reader is told: each quarter hour, then each of the last ten minutes. */
export function spokenMinutes(ms: number): number {
  const minutes = Math.ceil(ms / 60_000);
  return minutes > 10 ? Math.ceil(minutes / 15) * 15 : minutes;
}

export const BannerTimes = island('banner-times', function BannerTimes({ startsAt, endsAt, text, countdownTo, countdownLabel = 'Starts in' }: BannerSchedule) {
  // Null on the server and until the browser takes over: the store's text, as cached.
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const remaining = now !== null && countdownTo ? Date.parse(countdownTo) - now : null;
  const counting = remaining !== null && remaining > 0 && remaining <= HOUR;
  const minutes = counting ? spokenMinutes(remaining) : 0;
  return (
    <p class="site-status__when">
      When:{' '}
      <time dateTime={startsAt} data-local={now === null ? undefined : ''}>
        {now === null ? text : `${localSpan(startsAt, endsAt)} (your time)`}
      </time>
      .
      {counting && (
        <span class="site-status__countdown" aria-hidden="true">
          {' '}
          {countdownLabel} {clockText(remaining)}.
        </span>
      )}
      <span class="visually-hidden" aria-live="polite">
        {counting ? `${countdownLabel} ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.` : ''}
      </span>
    </p>
  );
});
