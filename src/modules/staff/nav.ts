// The admin side navigation. Each module that adds an admin page adds its entry here
// (through the staff module's index.ts); a staff member sees the entries their role grants.
import type { Principal } from '../../platform/http/principal.ts';
import type { AdminNavItem } from '../../web/layout/AdminLayout.tsx';
import { can, type Permission } from './permissions.ts';

export interface AdminNavEntry {
  label: string;
  href: string;
  /** Shown only to staff with this permission; absent: every staff member. */
  permission?: Permission;
  /** Lower comes first. */
  order?: number;
}

const entries = new Map<string, AdminNavEntry>();

/** Adds (or replaces, by href) an entry in the admin navigation. */
export function addAdminNavItem(entry: AdminNavEntry): void {
  entries.set(entry.href, entry);
}

addAdminNavItem({ label: 'Dashboard', href: '/admin', order: 0 });
addAdminNavItem({
  label: 'Dead letters',
  href: '/admin/jobs/dead-letters',
  permission: 'jobs.view',
  order: 900,
});
addAdminNavItem({
  label: 'Mailbox',
  href: '/admin/mailbox',
  permission: 'mailbox.view',
  order: 910,
});

/** The navigation for this staff member, marking the entry of the current page. */
export function adminNav(principal: Principal | null, currentPath: string): AdminNavItem[] {
  return [...entries.values()]
    .filter(
      (entry) =>
        principal?.kind === 'staff' && (!entry.permission || can(principal, entry.permission)),
    )
    .sort((a, b) => (a.order ?? 500) - (b.order ?? 500))
    .map((entry) => ({ label: entry.label, href: entry.href, active: entry.href === currentPath }));
}
