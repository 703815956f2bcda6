// Who may use the stock pages: any staff member reaches the routes (so the guard can tell
// staff from strangers); looking needs catalog.edit, as the catalogue admin does, and
// changing stock, supply, policies, locations or settings needs inventory.edit. Agents hold
// neither and get 403.
import type { FastifyRequest } from 'fastify';
import type { Principal, StaffRole } from '../../../platform/http/principal.ts';
import { requirePermission, type Permission } from '../../staff/index.ts';

export const STAFF_ROLES: readonly StaffRole[] = ['agent', 'lead', 'admin'];

export type StaffPrincipal = Extract<Principal, { kind: 'staff' }>;

async function staffWith(request: FastifyRequest, permission: Permission): Promise<StaffPrincipal> {
  const principal = await request.principal();
  requirePermission(principal, permission);
  return principal as StaffPrincipal;
}

/** The signed-in staff member, when they may see stock (403 otherwise). */
export const stockViewer = (request: FastifyRequest) => staffWith(request, 'catalog.edit');

/** The signed-in staff member, when they may change stock (403 otherwise). */
export const stockEditor = (request: FastifyRequest) => staffWith(request, 'inventory.edit');

/** How the outbox and the stock ledger record who made a change. */
export const actorOf = (staff: StaffPrincipal): string => `staff:${staff.id}`;
