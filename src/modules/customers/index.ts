// The customers module's public face: what the store and other modules may use.
import type { PrincipalResolver } from '../../platform/http/app.ts';
import type { Module } from '../../platform/module.ts';
import { customerPasswordResetRequested, customerSignedUp } from './events.ts';
import { sendPasswordResetEmail, sendWelcomeEmail } from './mail.ts';
import { registerPageRoutes } from './page-routes.tsx';
import { registerApiRoutes } from './routes.ts';
import { resolveCustomerPrincipal } from './service.ts';

export { customerPasswordResetRequested, customerSignedUp } from './events.ts';
export { emailProblem, normalizeEmail } from './email.ts';
export { findOrCreateCustomerByEmail, getCustomer, type Customer } from './service.ts';
export { CUSTOMER_TIERS, type CustomerTier } from './schema.ts';
// Session and redirect helpers shared with the staff sign-in.
export { endSession, safeNextPath, startSession, POST_RATE_LIMIT } from './session.ts';

/** Turns a customer session into the signed-in customer (null once the account is gone). */
export const customerPrincipal: PrincipalResolver = resolveCustomerPrincipal;

export const customersModule: Module = {
  name: 'customers',
  register(app, platform) {
    platform.events.subscribe(customerSignedUp, 'customers.send-welcome', (event, tx) =>
      sendWelcomeEmail(platform, event, tx),
    );
    platform.events.subscribe(
      customerPasswordResetRequested,
      'customers.send-password-reset',
      (event, tx) => sendPasswordResetEmail(platform, event, tx),
    );
    registerApiRoutes(app, platform);
    registerPageRoutes(app, platform);
  },
};
