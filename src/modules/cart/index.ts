// The cart module's public face: server-side carts for guests (signed cookie) and customers
// (one per account, on every device), the cart page and JSON API, and what checkout needs:
// the request's cart, its lines with prices and availability, and marking it converted.
import type { Module } from '../../platform/module.ts';
import { registerCartApiRoutes } from './api/routes.ts';
import { DELETE_EXPIRED_CRON, DELETE_EXPIRED_JOB, deleteExpiredGuestCarts } from './expiry.ts';
import { registerCartPageRoutes } from './pages/routes.tsx';

export { customersWithOpenCarts, findCustomerCart, markCartConverted } from './carts.ts';
export { checkoutHolder } from './holder.ts';
export { guestCartIdFrom } from './cookie.ts';
export { cartForRequest, cartWithLinesForRequest } from './request-cart.ts';
export { getCart, guestCartWithLines, readCart, type CartLine, type CartLines, type CartRead, type CartView, type FoundCart, type LineIssue } from './view.ts';

export const cartModule: Module = {
  name: 'cart',
  register(app, platform) {
    platform.jobs.schedule(DELETE_EXPIRED_JOB, DELETE_EXPIRED_CRON, async () => {
      const deleted = await deleteExpiredGuestCarts(platform.database.db, platform.clock.now());
      if (deleted) platform.log.info({ deleted }, 'expired guest carts deleted');
    });
    registerCartPageRoutes(app, platform);
    registerCartApiRoutes(app, platform);
  },
};
