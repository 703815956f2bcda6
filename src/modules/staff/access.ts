// Who is using a staff page: the signed-in staff member, or that member once their role grants
// the permission the action needs. The routes' access guard has already sent strangers to the
// sign-in; these answer 403 for anyone else (an API token holding the scope included: these
// pages are for people).
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../platform/http/principal.ts';
import { problems } from '../../platform/http/problem.ts';
import { requirePermission, type Permission } from './permissions.ts';

export type StaffPrincipal = Extract<Principal, { kind: 'staff' }>;

/** The signed-in staff member (403 for anyone else). */
export async function signedInStaff(request: FastifyRequest): Promise<StaffPrincipal> {
  const principal = await request.principal();
  if (principal?.kind !== 'staff') throw problems.forbidden();
  return principal;
}

/** The signed-in staff member whose role grants `permission` (401 for nobody, 403 otherwise). */
export async function staffWith(request: FastifyRequest, permission: Permission): Promise<StaffPrincipal> {
  const principal = await request.principal();
  requirePermission(principal, permission);
  if (principal?.kind !== 'staff') throw problems.forbidden();
  return principal;
}
