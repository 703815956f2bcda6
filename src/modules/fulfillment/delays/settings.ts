// The merchant's settings for the delay checks (one row, edited at /admin/fulfillment/delays).
// Read by every run of the job, so remembered for a few seconds (platform/memo.ts); saving
// forgets them once the change commits.
import { eq } from 'drizzle-orm';
import type { Database, Db } from '../../../platform/db/database.ts';
import { forget, remember } from '../../../platform/memo.ts';
import { delaySettings } from './schema.ts';

export interface DelaySettings {
  /** Business days a parcel on its way may go without a carrier scan before it counts as late. */
  noScanBusinessDays: number;
  /** Business days from today a missed ship day is moved to. */
  replanBusinessDays: number;
}

export const DEFAULT_DELAY_SETTINGS: DelaySettings = { noScanBusinessDays: 2, replanBusinessDays: 1 };

/** What the form and the table's check allow. */
export const DELAY_SETTING_LIMITS: Readonly<Record<keyof DelaySettings, { min: number; max: number }>> = {
  noScanBusinessDays: { min: 1, max: 30 },
  replanBusinessDays: { min: 1, max: 30 },
};

const MEMO = 'fulfillment.delay-settings';

export function readDelaySettings(db: Db): Promise<DelaySettings> {
  return remember(db, MEMO, '', async () => {
    const [row] = await db.select().from(delaySettings).where(eq(delaySettings.id, 1));
    return row ? { noScanBusinessDays: row.noScanBusinessDays, replanBusinessDays: row.replanBusinessDays } : DEFAULT_DELAY_SETTINGS;
  });
}

export async function saveDelaySettings(database: Pick<Database, 'afterCommit'>, tx: Db, settings: DelaySettings, now: Date): Promise<void> {
  for (const [key, value] of Object.entries(settings) as [keyof DelaySettings, number][]) {
    const { min, max } = DELAY_SETTING_LIMITS[key];
    if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${key} must be a whole number from ${min} to ${max}`);
  }
  await tx
    .insert(delaySettings)
    .values({ id: 1, ...settings, updatedAt: now })
    .onConflictDoUpdate({ target: delaySettings.id, set: { ...settings, updatedAt: now } });
  database.afterCommit(() => forget(MEMO));
}
