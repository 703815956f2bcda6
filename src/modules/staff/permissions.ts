// What each staff role may do, as data. Routes check a named permission, never a role, so
// moving a power from one role to another is a one-line change here.
import { Problem } from '../../platform/http/problem.ts';
import type { Principal, StaffRole } from '../../platform/http/principal.ts';

export const PERMISSIONS = [
  'orders.view',
  /** Send an unpaid order's pay link, take its payment by phone on the gateway's page. */
  'orders.take_payment',
  /** Email the order confirmation again, to the order's address or one the customer corrects. */
  'orders.resend_confirmation',
  'orders.refund',
  'orders.cancel',
  /** Prepare, pack and ship orders; put them on hold. */
  'orders.fulfill',
  'customers.view',
  'tickets.view',
  'tickets.reply',
  'tickets.assign',
  'mailbox.view',
  /** Take an address off the email suppression list (after a bounce or a spam complaint). */
  'email.unsuppress',
  'catalog.edit',
  'inventory.edit',
  'settings.edit',
  /** Schedule, change, cancel and announce planned maintenance windows. */
  'maintenance.manage',
  'staff.manage',
  'jobs.view',
  'jobs.retry',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const AGENT: readonly Permission[] = [
  'orders.view',
  'orders.take_payment',
  'orders.resend_confirmation',
  'customers.view',
  'tickets.view',
  'tickets.reply',
  'mailbox.view',
];
const LEAD: readonly Permission[] = [...AGENT, 'orders.refund', 'orders.cancel', 'orders.fulfill', 'tickets.assign', 'email.unsuppress', 'maintenance.manage'];

/**
 * The permissions an API token may be given, with what each lets an integration do. Only
 * permissions that some endpoint open to integrations checks are offered, so a merchant
 * cannot hand a token a power it could never use.
 */
export const TOKEN_SCOPES: readonly { permission: Permission; description: string }[] = [
  { permission: 'inventory.edit', description: 'Set and adjust stock levels in bulk, and read stock per location (warehouse systems).' },
];

export const ROLE_PERMISSIONS: Readonly<Record<StaffRole, readonly Permission[]>> = {
  agent: AGENT,
  lead: LEAD,
  admin: PERMISSIONS,
};

export function permissionsOf(role: StaffRole): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}

/**
 * True when the principal is a staff member whose role grants the permission, or an
 * integration whose token was given it as a scope.
 */
export function can(principal: Principal | null | undefined, permission: Permission): boolean {
  switch (principal?.kind) {
    case 'staff':
      return ROLE_PERMISSIONS[principal.role].includes(permission);
    case 'integration':
      return principal.scopes.includes(permission);
    default:
      return false;
  }
}

/** Throws 401 for nobody, 403 for someone without the permission. */
export function requirePermission(
  principal: Principal | null | undefined,
  permission: Permission,
): void {
  if (!principal) {
    throw new Problem({ status: 401, type: 'unauthenticated', title: 'Please sign in first' });
  }
  if (!can(principal, permission)) {
    throw new Problem({
      status: 403,
      type: 'forbidden',
      title: 'You are not allowed to do this',
      detail: `This needs the "${permission}" permission. Ask an administrator if you need it.`,
    });
  }
}
