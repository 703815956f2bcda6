// Who is using the desk's staff pages: the signed-in staff member, once their role grants the
// permission the page needs (401 for nobody, 403 for a customer or a role without it).
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../../platform/http/principal.ts';
import { requirePermission, type Permission } from '../../staff/index.ts';

export type Staff = Extract<Principal, { kind: 'staff' }>;

export async function staffWith(request: FastifyRequest, permission: Permission): Promise<Staff> {
  const principal = await request.principal();
  requirePermission(principal, permission);
  return principal as Staff;
}
