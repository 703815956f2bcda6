// Who is making a request. Customers and staff are different kinds of user: staff carry a
// role, and each role grants named permissions. An integration (a warehouse system calling
// the API with a bearer token) is no user at all: it holds exactly the scopes of its token.

export type StaffRole = 'agent' | 'lead' | 'admin';
export type Role = 'customer' | StaffRole | 'integration';

export type Principal =
  | { kind: 'customer'; id: string; email: string; name: string }
  | { kind: 'staff'; id: string; email: string; name: string; role: StaffRole }
  | { kind: 'integration'; id: string; name: string; scopes: string[] };

export function roleOf(principal: Principal): Role {
  switch (principal.kind) {
    case 'customer':
      return 'customer';
    case 'staff':
      return principal.role;
    case 'integration':
      return 'integration';
  }
}
