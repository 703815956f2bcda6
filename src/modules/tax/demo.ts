// The demo store's tax rates: state sales tax for a few US states (state rate only; county
// and city taxes are left out), Canada's GST with the HST and GST + PST provinces, and VAT
// for the United Kingdom, a few EU countries and Australia's GST. Quebec (GST + QST,
// 14.975 %) needs finer than basis points and falls back to the federal 5 %. Prices exclude
// tax, as US stores show them. Written once: the settings row marks a store that has had
// its demo rates, so rates the merchant removes do not come back.
import { newId } from '../../platform/ids.ts';
import type { Platform } from '../../platform/platform.ts';
import { taxRates, taxSettings } from './schema.ts';
import { forgetTaxAfterCommit } from './settings.ts';

type DemoRate = [country: string, region: string, label: string, rateBps: number, shippingTaxed: boolean];

const DEMO_RATES: DemoRate[] = [
  ['US', 'CA', 'Sales tax', 725, false],
  ['US', 'FL', 'Sales tax', 600, false],
  ['US', 'NY', 'Sales tax', 400, true],
  ['US', 'TX', 'Sales tax', 625, true],
  ['US', 'WA', 'Sales tax', 650, true],
  ['CA', '', 'GST', 500, true],
  ['CA', 'BC', 'GST + PST', 1200, true],
  ['CA', 'NB', 'HST', 1500, true],
  ['CA', 'NS', 'HST', 1400, true],
  ['CA', 'ON', 'HST', 1300, true],
  ['GB', '', 'VAT', 2000, true],
  ['DE', '', 'VAT', 1900, true],
  ['FR', '', 'VAT', 2000, true],
  ['IE', '', 'VAT', 2300, true],
  ['NL', '', 'VAT', 2100, true],
  ['AU', '', 'GST', 1000, true],
];

export async function ensureDemoTax(platform: Platform): Promise<void> {
  const now = platform.clock.now();
  await platform.database.transaction(async (tx) => {
    const [created] = await tx.insert(taxSettings).values({ id: 1, updatedAt: now }).onConflictDoNothing().returning({ id: taxSettings.id });
    if (!created) return;
    forgetTaxAfterCommit(platform.database);
    await tx
      .insert(taxRates)
      .values(DEMO_RATES.map(([country, region, label, rateBps, shippingTaxed]) => ({ id: newId(), country, region, label, rateBps, shippingTaxed, createdAt: now, updatedAt: now })))
      .onConflictDoNothing();
  });
}
