// The tax module's public face: the rate of a destination, the store-wide choice whether
// prices include tax, the pure per-line tax calculation checkout and orders use, and the
// admin page where the merchant keeps the rates.
import type { Module } from '../../platform/module.ts';
import { registerTaxAdminRoutes } from './admin/routes.tsx';
import { ensureDemoTax } from './demo.ts';

export { ensureDemoTax } from './demo.ts';
export { formatRate, taxFor, type TaxInput, type TaxRate, type TaxResult } from './math.ts';
export { taxRateFor, type StoredTaxRate } from './rates.ts';
export { readTaxSettings, type TaxSettings } from './settings.ts';

export const taxModule: Module = {
  name: 'tax',
  register(app, platform) {
    registerTaxAdminRoutes(app, platform);
  },
  async ready(platform) {
    if (platform.config.demoData) await ensureDemoTax(platform);
  },
};
