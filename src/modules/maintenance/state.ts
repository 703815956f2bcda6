// What planned maintenance means at a given moment: nothing yet, the notice (the banner shows,
// from the lead time before the start), the drain (no new checkout starts, from the drain time
// before the start), or the window itself (read-only for what it affects). Every storefront
// request asks, so the windows still to end and the merchant's settings are remembered for a
// few seconds (platform/memo.ts); a change to either forgets them once it commits, and the
// phase itself is worked out from the clock on every call, so it moves on time.
import { eq } from 'drizzle-orm';
import type { Database, Db } from '../../platform/db/database.ts';
import { forget, remember } from '../../platform/memo.ts';
import type { Platform } from '../../platform/platform.ts';
import { MAINTENANCE_SETTING_LIMITS, maintenanceSettings } from './schema.ts';
import { scheduledWindows, WINDOWS_MEMO, type MaintenanceWindow } from './windows.ts';

export interface MaintenanceSettings {
  /** The banner shows this many minutes before a window starts. */
  leadMinutes: number;
  /** New checkouts stop this many minutes before a window starts. */
  drainMinutes: number;
}

export const DEFAULT_MAINTENANCE_SETTINGS: MaintenanceSettings = {
  leadMinutes: MAINTENANCE_SETTING_LIMITS.leadMinutes.default,
  drainMinutes: MAINTENANCE_SETTING_LIMITS.drainMinutes.default,
};

/** Memo family (platform/memo.ts) forgotten after the settings change. */
const SETTINGS_MEMO = 'maintenance.settings';

export function readMaintenanceSettings(db: Db): Promise<MaintenanceSettings> {
  return remember(db, SETTINGS_MEMO, '', async () => {
    const [row] = await db.select().from(maintenanceSettings).where(eq(maintenanceSettings.id, 1));
    return row ? { leadMinutes: row.leadMinutes, drainMinutes: row.drainMinutes } : DEFAULT_MAINTENANCE_SETTINGS;
  });
}

type RangeMessage = (field: keyof MaintenanceSettings, min: number, max: number) => string;
const inMinutes: RangeMessage = (_field, min, max) => `Enter a whole number of minutes from ${min} to ${max}.`;

/** What is wrong with these settings, per field; none when they can be saved. `range` words a value out of bounds (the form asks hours). */
export function settingsProblems(settings: MaintenanceSettings, range: RangeMessage = inMinutes): { field: keyof MaintenanceSettings; message: string }[] {
  const problems: { field: keyof MaintenanceSettings; message: string }[] = [];
  for (const field of ['leadMinutes', 'drainMinutes'] as const) {
    const { min, max } = MAINTENANCE_SETTING_LIMITS[field];
    const value = settings[field];
    if (!Number.isInteger(value) || value < min || value > max) problems.push({ field, message: range(field, min, max) });
  }
  if (problems.length === 0 && settings.drainMinutes > settings.leadMinutes) {
    problems.push({ field: 'drainMinutes', message: 'Checkout cannot close before the banner has said so: use at most the banner’s lead time.' });
  }
  return problems;
}

export async function saveMaintenanceSettings(database: Pick<Database, 'afterCommit'>, tx: Db, settings: MaintenanceSettings, now: Date): Promise<void> {
  const problems = settingsProblems(settings);
  if (problems.length > 0) throw new RangeError(problems.map((p) => `${p.field}: ${p.message}`).join(' '));
  await tx
    .insert(maintenanceSettings)
    .values({ id: 1, ...settings, updatedAt: now })
    .onConflictDoUpdate({ target: maintenanceSettings.id, set: { ...settings, updatedAt: now } });
  database.afterCommit(() => forget(SETTINGS_MEMO));
}

export type MaintenancePhase = 'notice' | 'drain' | 'running';

export interface MaintenanceNow {
  window: MaintenanceWindow;
  phase: MaintenancePhase;
  /** Whole seconds from now to the window's expected end (at least 1): the Retry-After. */
  secondsToEnd: number;
}

const MINUTE = 60_000;

/** The phase of one window at `now`, null when it is not yet (or no longer) anyone's concern. */
export function phaseAt(window: Pick<MaintenanceWindow, 'startsAt' | 'endsAt' | 'cancelledAt'>, settings: MaintenanceSettings, now: Date): MaintenancePhase | null {
  if (window.cancelledAt || now >= window.endsAt) return null;
  const untilStart = window.startsAt.getTime() - now.getTime();
  if (untilStart <= 0) return 'running';
  if (untilStart <= settings.drainMinutes * MINUTE) return 'drain';
  if (untilStart <= settings.leadMinutes * MINUTE) return 'notice';
  return null;
}

/** The window that concerns the store at `now` (running, or the next one in its notice), or null. */
export function currentMaintenance(windows: readonly MaintenanceWindow[], settings: MaintenanceSettings, now: Date): MaintenanceNow | null {
  // Windows never overlap, so the first one not over is the one running or the next to come.
  const window = [...windows].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()).find((w) => !w.cancelledAt && w.endsAt > now);
  if (!window) return null;
  const phase = phaseAt(window, settings, now);
  if (!phase) return null;
  return { window, phase, secondsToEnd: Math.max(1, Math.ceil((window.endsAt.getTime() - now.getTime()) / 1000)) };
}

/** The windows not cancelled and not over, read through the memo (a window that just ended may stay a few seconds). */
export function upcomingWindows(platform: Pick<Platform, 'database' | 'clock'>): Promise<MaintenanceWindow[]> {
  const db = platform.database.db;
  return remember(db, WINDOWS_MEMO, '', () => scheduledWindows(db, platform.clock.now()));
}

/** What maintenance means for the store right now, read through the memo. */
export async function maintenanceNow(platform: Pick<Platform, 'database' | 'clock'>): Promise<MaintenanceNow | null> {
  const db = platform.database.db;
  const [windows, settings] = await Promise.all([
    upcomingWindows(platform),
    readMaintenanceSettings(db),
  ]);
  return currentMaintenance(windows, settings, platform.clock.now());
}
