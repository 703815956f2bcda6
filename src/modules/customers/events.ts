// The domain events the customers module emits. Payloads carry ids only.
import { defineEvent } from '../../platform/events/events.ts';

/** A person created an account (possibly on top of an earlier guest record). */
export const customerSignedUp = defineEvent<{ customerId: string }>('customer.signed_up');

/** Someone asked for a password-reset link for an existing account. */
export const customerPasswordResetRequested = defineEvent<{ customerId: string }>(
  'customer.password_reset_requested',
);

/** A signed-in customer asked to move their account to another address (not yet confirmed). */
export const customerEmailChangeRequested = defineEvent<{ customerId: string; requestId: string }>(
  'customer.email_change_requested',
);

/** The new address was confirmed from its link: the account now uses it. */
export const customerEmailChanged = defineEvent<{ customerId: string; requestId: string }>(
  'customer.email_changed',
);
