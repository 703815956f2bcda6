// The merchant's inventory settings (one row, edited in the admin). Read on every hold and
// availability answer, so they are remembered for a few seconds (platform/memo.ts); saving
// forgets them once the change commits.
import { eq } from 'drizzle-orm';
import type { Database, Db } from '../../platform/db/database.ts';
import { forget, rememberUnwritten } from '../../platform/memo.ts';
import { inventorySettings } from './schema.ts';

export interface InventorySettings {
  reservationTtlMinutes: number;
  lowStockThreshold: number;
  defaultLeadTimeDays: number;
}

export const DEFAULT_INVENTORY_SETTINGS: InventorySettings = { reservationTtlMinutes: 15, lowStockThreshold: 3, defaultLeadTimeDays: 10 };

/** Limits the admin form enforces. */
export const SETTING_LIMITS = {
  reservationTtlMinutes: { min: 1, max: 24 * 60 },
  lowStockThreshold: { min: 0, max: 1000 },
  defaultLeadTimeDays: { min: 0, max: 365 },
} as const;

/** The memo family to forget after saving (platform/memo.ts). */
export const INVENTORY_SETTINGS_MEMO = 'inventory.settings';

/** Also in a transaction (adding to a cart checks stock in one): see rememberUnwritten. */
export function readInventorySettings(db: Db): Promise<InventorySettings> {
  return rememberUnwritten(db, INVENTORY_SETTINGS_MEMO, '', async (handle) => {
    const [row] = await handle.select().from(inventorySettings).where(eq(inventorySettings.id, 1));
    if (!row) return DEFAULT_INVENTORY_SETTINGS;
    return { reservationTtlMinutes: row.reservationTtlMinutes, lowStockThreshold: row.lowStockThreshold, defaultLeadTimeDays: row.defaultLeadTimeDays };
  });
}

export async function saveInventorySettings(database: Pick<Database, 'afterCommit'>, tx: Db, settings: InventorySettings, now: Date): Promise<void> {
  for (const [key, value] of Object.entries(settings) as [keyof InventorySettings, number][]) {
    const { min, max } = SETTING_LIMITS[key];
    if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${key} must be a whole number from ${min} to ${max}`);
  }
  await tx
    .insert(inventorySettings)
    .values({ id: 1, ...settings, updatedAt: now })
    .onConflictDoUpdate({ target: inventorySettings.id, set: { ...settings, updatedAt: now } });
  database.afterCommit(() => forget(INVENTORY_SETTINGS_MEMO));
}
