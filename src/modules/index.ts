// Every business module of the store, in registration order, and how each kind of session
// becomes a signed-in user.
import type { PrincipalResolver } from '../platform/http/app.ts';
import type { Role } from '../platform/http/principal.ts';
import type { SessionKind } from '../platform/http/auth/sessions.ts';
import type { Module } from '../platform/module.ts';
import { cartModule } from './cart/index.ts';
import { catalogModule } from './catalog/index.ts';
import { checkoutModule } from './checkout/index.ts';
import { customerPrincipal, customersModule } from './customers/index.ts';
import { fulfillmentModule } from './fulfillment/index.ts';
import { inventoryModule } from './inventory/index.ts';
import { maintenanceModule } from './maintenance/index.ts';
import { notificationsModule } from './notifications/index.ts';
import { ordersModule } from './orders/index.ts';
import { paymentsModule } from './payments/index.ts';
import { shippingModule } from './shipping/index.ts';
import { siteModule } from './site/index.ts';
import { staffModule, staffPrincipal } from './staff/index.ts';
import { statusIncidentsModule } from './status-incidents/index.ts';
import { supportModule } from './support/index.ts';
import { taxModule } from './tax/index.ts';

export const modules: Module[] = [siteModule, customersModule, staffModule, inventoryModule, shippingModule, taxModule, catalogModule, cartModule, ordersModule, paymentsModule, checkoutModule, fulfillmentModule, supportModule, maintenanceModule, statusIncidentsModule, notificationsModule];

export const principalResolvers: Record<SessionKind, PrincipalResolver> = {
  customer: customerPrincipal,
  staff: staffPrincipal,
};

/** Customers sign in on the storefront; staff on the staff sign-in page. */
export function signInPath(roles: readonly Role[]): string {
  return roles.includes('customer') ? '/account/sign-in' : '/staff/sign-in';
}
