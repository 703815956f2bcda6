// Who is making a request. Customers and staff are different kinds of user: staff carry a
// role, and each role grants named permissions.

export type StaffRole = 'agent' | 'lead' | 'admin';
export type Role = 'customer' | StaffRole;

export type Principal =
  | { kind: 'customer'; id: string; email: string; name: string }
  | { kind: 'staff'; id: string; email: string; name: string; role: StaffRole };

export function roleOf(principal: Principal): Role {
  return principal.kind === 'customer' ? 'customer' : principal.role;
}
