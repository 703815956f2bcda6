// The customers module's public face: what the store and other modules may use.
import type { PrincipalResolver } from '../../platform/http/app.ts';
import type { Module } from '../../platform/module.ts';
import { registerPageRoutes } from './page-routes.tsx';
import { registerApiRoutes } from './routes.ts';
import { resolveCustomerPrincipal } from './service.ts';

// Its emails (welcome, password reset, email change) are notifications' touch points on these.
export {
  customerEmailChanged,
  customerEmailChangeRequested,
  customerPasswordResetRequested,
  customerSignedUp,
} from './events.ts';
export { emailProblem, MAX_EMAIL_LENGTH, normalizeEmail } from './email.ts';
export {
  emailsOfCustomers,
  findOrCreateCustomerByEmail,
  getCustomer,
  passwordResetLink,
  type Customer,
} from './service.ts';
export {
  EMAIL_CHANGE_TTL_MS,
  emailChangeById,
  emailChangeUrl,
  type EmailChange,
} from './email-change.ts';
export { CUSTOMER_TIERS, type CustomerTier } from './schema.ts';
// Session and redirect helpers shared with the staff sign-in.
export { endSession, safeNextPath, startSession, POST_RATE_LIMIT } from './session.ts';

/** Turns a customer session into the signed-in customer (null once the account is gone). */
export const customerPrincipal: PrincipalResolver = resolveCustomerPrincipal;

export const customersModule: Module = {
  name: 'customers',
  register(app, platform) {
    registerApiRoutes(app, platform);
    registerPageRoutes(app, platform);
  },
};
