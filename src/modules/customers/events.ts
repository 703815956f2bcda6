// The domain events the customers module emits. Payloads carry ids only.
import { defineEvent } from '../../platform/events/events.ts';

/** A person created an account (possibly on top of an earlier guest record). */
export const customerSignedUp = defineEvent<{ customerId: string }>('customer.signed_up');

/** Someone asked for a password-reset link for an existing account. */
export const customerPasswordResetRequested = defineEvent<{ customerId: string }>(
  'customer.password_reset_requested',
);
