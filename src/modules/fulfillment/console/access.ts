// Who may use the fulfillment console: every staff member reaches its routes (so the guard
// can tell staff from strangers and send strangers to the sign-in), and preparing, packing and
// shipping needs orders.fulfill, which leads and admins hold. Agents get 403.
import type { FastifyRequest } from 'fastify';
import type { Principal, StaffRole } from '../../../platform/http/principal.ts';
import { problems } from '../../../platform/http/problem.ts';
import { requirePermission } from '../../staff/index.ts';
import type { MoveBy } from '../shipments/progress.ts';

export const STAFF_ROLES: readonly StaffRole[] = ['agent', 'lead', 'admin'];

export type Fulfiller = Extract<Principal, { kind: 'staff' }>;

/** The signed-in staff member, when they may fulfil orders (403 otherwise, 401 for nobody). */
export async function fulfiller(request: FastifyRequest): Promise<Fulfiller> {
  const principal = await request.principal();
  requirePermission(principal, 'orders.fulfill');
  // No API token is given this permission; the console's pages are for people in any case.
  if (principal?.kind !== 'staff') throw problems.forbidden();
  return principal;
}

/** How an order's history and the outbox record the warehouse's moves: the merchant's side, by name. */
export function byStaff(staff: Fulfiller, reason?: string): MoveBy {
  return { kind: staff.role === 'agent' ? 'agent' : 'merchant', id: staff.id, ...(reason ? { reason } : {}) };
}
