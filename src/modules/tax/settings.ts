// The store-wide tax setting: whether catalogue prices include tax. Read on every checkout
// step, so it is remembered for a few seconds (platform/memo.ts) with the rates; a change
// applies at once on this instance and within the memo's seconds on another.
import { eq } from 'drizzle-orm';
import type { Database, Db } from '../../platform/db/database.ts';
import { forget, remember } from '../../platform/memo.ts';
import { taxSettings } from './schema.ts';

/** The memo family of the tax setting and the rates. */
export const TAX_MEMO = 'tax';

/** For every writer of the setting or the rates: the change is seen once it commits. */
export function forgetTaxAfterCommit(database: Pick<Database, 'afterCommit'>): void {
  database.afterCommit(() => forget(TAX_MEMO));
}

export interface TaxSettings {
  pricesIncludeTax: boolean;
}

export const DEFAULT_TAX_SETTINGS: TaxSettings = { pricesIncludeTax: false };

export function readTaxSettings(db: Db): Promise<TaxSettings> {
  return remember(db, TAX_MEMO, 'settings', async () => {
    const [row] = await db.select({ pricesIncludeTax: taxSettings.pricesIncludeTax }).from(taxSettings).where(eq(taxSettings.id, 1));
    return row ?? DEFAULT_TAX_SETTINGS;
  });
}

export async function saveTaxSettings(database: Pick<Database, 'afterCommit'>, tx: Db, settings: TaxSettings, now: Date): Promise<void> {
  forgetTaxAfterCommit(database);
  await tx
    .insert(taxSettings)
    .values({ id: 1, ...settings, updatedAt: now })
    .onConflictDoUpdate({ target: taxSettings.id, set: { ...settings, updatedAt: now } });
}
