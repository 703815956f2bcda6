// Who may use the catalogue admin: any staff member may reach the routes (so the guard can
// tell staff from strangers), and the handler checks the catalog.edit permission, which
// only the roles that run the shop hold.
import type { FastifyRequest } from 'fastify';
import type { Principal, StaffRole } from '../../../platform/http/principal.ts';
import { requirePermission } from '../../staff/index.ts';

export const STAFF_ROLES: readonly StaffRole[] = ['agent', 'lead', 'admin'];

export type StaffPrincipal = Extract<Principal, { kind: 'staff' }>;

/** The signed-in staff member, when they may edit the catalogue (403 otherwise). */
export async function catalogEditor(request: FastifyRequest): Promise<StaffPrincipal> {
  const principal = await request.principal();
  requirePermission(principal, 'catalog.edit');
  return principal as StaffPrincipal;
}

/** How the outbox and the stock ledger record who made a change. */
export const actorOf = (staff: StaffPrincipal): string => `staff:${staff.id}`;
