// Who may use the fulfillment console: every staff member reaches its routes (so the guard
// can tell staff from strangers and send strangers to the sign-in), and preparing, packing and
// shipping needs orders.fulfill, which leads and admins hold. Agents get 403.
import type { FastifyRequest } from 'fastify';
import type { StaffRole } from '../../../platform/http/principal.ts';
import { staffWith, type StaffPrincipal } from '../../staff/index.ts';
import type { MoveBy } from '../shipments/progress.ts';

export const STAFF_ROLES: readonly StaffRole[] = ['agent', 'lead', 'admin'];

export type Fulfiller = StaffPrincipal;

/** The signed-in staff member, when they may fulfil orders (403 otherwise, 401 for nobody). */
export function fulfiller(request: FastifyRequest): Promise<Fulfiller> {
  return staffWith(request, 'orders.fulfill');
}

/** How an order's history and the outbox record the warehouse's moves: the merchant's side, by name. */
export function byStaff(staff: Fulfiller, reason?: string): MoveBy {
  return { kind: staff.role === 'agent' ? 'agent' : 'merchant', id: staff.id, ...(reason ? { reason } : {}) };
}
