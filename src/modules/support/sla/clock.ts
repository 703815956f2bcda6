// A ticket's SLA clock: support time (support hours on the store's business days, in its time
// zone) or plain elapsed time for a policy that runs around the clock. The calendar is read
// through the caller's handle, because tickets open and move inside transactions.
import { businessCalendar } from '../../../platform/calendar.ts';
import type { Db } from '../../../platform/db/database.ts';
import type { Platform } from '../../../platform/platform.ts';
import { shippingCalendarSettingsIn } from '../../shipping/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import { addBusinessMinutes, businessMinutesBetween } from './business-time.ts';
import { appliedSupportHours } from './policies.ts';

export interface SlaClock {
  /** The instant `minutes` of counted time after `start`. */
  add(start: Date, minutes: number): Date;
  /** Minutes of counted time between two instants. */
  between(from: Date, to: Date): number;
}

const MINUTE_MS = 60_000;

const aroundTheClock: SlaClock = {
  add: (start, minutes) => new Date(start.getTime() + minutes * MINUTE_MS),
  between: (from, to) => Math.max(0, to.getTime() - from.getTime()) / MINUTE_MS,
};

export async function slaClock(
  platform: Platform,
  db: Db,
  businessHours: boolean,
): Promise<SlaClock> {
  if (!businessHours) return aroundTheClock;
  // One after another: a transaction's handle runs one query at a time.
  const profile = await getStoreProfile(platform, db);
  const calendar = businessCalendar({
    timeZone: profile.timeZone,
    ...(await shippingCalendarSettingsIn(platform.database, db)),
  });
  const hours = await appliedSupportHours(platform.database, db);
  return {
    add: (start, minutes) => addBusinessMinutes(calendar, hours, start, minutes),
    between: (from, to) => businessMinutesBetween(calendar, hours, from, to),
  };
}
