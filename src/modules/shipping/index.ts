// The shipping module's public face: zones and methods (carrier, transit days, rates), the
// price of a method for a subtotal, and the calendar parcels move by, for delivery promises.
import type { Module } from '../../platform/module.ts';
import { ensureDemoShipping } from './demo.ts';

export { ensureDemoShipping } from './demo.ts';
export {
  homeCountry,
  methodsFor,
  shippingCountries,
  priceFor,
  quote,
  shippingCalendarSettings,
  shippingCalendarSettingsIn,
  storeCalendar,
  type ShippingOption,
  type ShippingQuote,
} from './service.ts';

export const shippingModule: Module = {
  name: 'shipping',
  register() {},
  async ready(platform) {
    if (platform.config.demoData) await ensureDemoShipping(platform);
  },
};
