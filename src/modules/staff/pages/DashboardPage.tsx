import type { Principal } from '../../../platform/http/principal.ts';
import type { PageContext } from '../../../web/context.ts';
import { AdminLayout, type AdminNavItem } from '../../../web/layout/AdminLayout.tsx';
import { Alert } from '../../../web/components/Alert.tsx';

export interface DashboardPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  staff: Extract<Principal, { kind: 'staff' }>;
  permissions: readonly string[];
  /** Dead-lettered jobs, for those who may see them. */
  deadLetters?: number | undefined;
}

export function DashboardPage({ ctx, nav, staff, permissions, deadLetters }: DashboardPageProps) {
  const sections = nav.filter((item) => item.href !== '/admin');
  return (
    <AdminLayout ctx={ctx} title="Dashboard" nav={nav}>
      <h1>Hello, {staff.name}</h1>
      {deadLetters !== undefined && deadLetters > 0 && (
        <Alert
          tone="warning"
          title={`${deadLetters} background job${deadLetters === 1 ? '' : 's'} failed for good`}
        >
          <p>
            Emails or other follow-ups may not have happened.{' '}
            <a href="/admin/jobs/dead-letters">Review the dead letters</a>.
          </p>
        </Alert>
      )}
      <section aria-labelledby="dashboard-sections">
        <h2 id="dashboard-sections">Where to go</h2>
        <ul>
          {sections.map((item) => (
            <li key={item.href}>
              <a href={item.href}>{item.label}</a>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="dashboard-permissions">
        <h2 id="dashboard-permissions">What your role allows</h2>
        <p class="muted small">{permissions.join(', ')}</p>
      </section>
    </AdminLayout>
  );
}
