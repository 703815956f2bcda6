// The store-wide tax setting: whether catalogue prices include tax. Read where it is used,
// so a change applies to the next checkout on every instance.
import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { taxSettings } from './schema.ts';

export interface TaxSettings {
  pricesIncludeTax: boolean;
}

export const DEFAULT_TAX_SETTINGS: TaxSettings = { pricesIncludeTax: false };

export async function readTaxSettings(db: Db): Promise<TaxSettings> {
  const [row] = await db.select({ pricesIncludeTax: taxSettings.pricesIncludeTax }).from(taxSettings).where(eq(taxSettings.id, 1));
  return row ?? DEFAULT_TAX_SETTINGS;
}

export async function saveTaxSettings(tx: Db, settings: TaxSettings, now: Date): Promise<void> {
  await tx
    .insert(taxSettings)
    .values({ id: 1, ...settings, updatedAt: now })
    .onConflictDoUpdate({ target: taxSettings.id, set: { ...settings, updatedAt: now } });
}
