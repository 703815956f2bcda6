// The checkout module's public face. This first step holds the cart's items (through
// inventory) and reviews every line's delivery promise before payment; the address,
// payment and placing the order build on it.
import type { Module } from '../../platform/module.ts';
import { registerCheckoutApiRoutes } from './api/routes.ts';
import { registerCheckoutPageRoutes } from './pages/routes.tsx';

export const checkoutModule: Module = {
  name: 'checkout',
  register(app, platform) {
    registerCheckoutApiRoutes(app, platform);
    registerCheckoutPageRoutes(app, platform);
  },
};
