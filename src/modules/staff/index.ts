// The staff module's public face: the module, the staff principal resolver, permissions
// and the admin navigation other modules extend.
import type { PrincipalResolver } from '../../platform/http/app.ts';
import type { Module } from '../../platform/module.ts';
import { registerApiTokenRoutes } from './api-tokens.tsx';
import { registerStaffRoutes } from './routes.tsx';
import { ensureDemoStaff, resolveStaffPrincipal } from './service.ts';

export { activeStaff, type StaffUser } from './service.ts';

export {
  can,
  permissionsOf,
  requirePermission,
  PERMISSIONS,
  type Permission,
} from './permissions.ts';
export { signedInStaff, staffWith, type StaffPrincipal } from './access.ts';
export { addAdminNavItem, adminNav, type AdminNavEntry } from './nav.ts';

/** Turns a staff session into the signed-in staff member (null when deactivated). */
export const staffPrincipal: PrincipalResolver = resolveStaffPrincipal;

export const staffModule: Module = {
  name: 'staff',
  register(app, platform) {
    registerStaffRoutes(app, platform);
    registerApiTokenRoutes(app, platform);
  },
  async ready(platform) {
    await ensureDemoStaff(platform, (line) => process.stdout.write(`${line}\n`));
  },
};
