// The back-office frame for merchants and agents: its own header with the signed-in staff
// member and a sign-out button, side navigation, and the main area. It reuses the store's
// tokens and components (main.css) and adds the frame (admin.css).
import type { ComponentChildren } from 'preact';
import type { StaffRole } from '../../platform/http/principal.ts';
import type { PageContext } from '../context.ts';
import { Button } from '../components/Button.tsx';
import { Form } from '../components/Form.tsx';
import { IslandScopeContext, newIslandScope } from '../components/Island.tsx';
import { FAVICON_URL, LogoMark } from '../components/Logo.tsx';
import { SiteStatusBanner } from '../components/SiteStatusBanner.tsx';

export interface AdminNavItem {
  label: string;
  href: string;
  active?: boolean;
}

export interface AdminLayoutProps {
  ctx: PageContext;
  title: string;
  nav: AdminNavItem[];
  head?: ComponentChildren;
  children: ComponentChildren;
}

const ROLE_LABELS: Record<StaffRole, string> = {
  agent: 'Agent',
  lead: 'Team lead',
  admin: 'Administrator',
};

export function AdminLayout({ ctx, title, nav, head, children }: AdminLayoutProps) {
  const staff = ctx.principal?.kind === 'staff' ? ctx.principal : null;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${title} · ${ctx.storeName} Admin`}</title>
        <meta name="color-scheme" content="light dark" />
        <link rel="icon" href={FAVICON_URL} />
        <link rel="stylesheet" href={ctx.assets.url('main.css')} />
        <link rel="stylesheet" href={ctx.assets.url('admin.css')} />
        {head}
      </head>
      <body class="admin">
        <IslandScopeContext.Provider value={newIslandScope(ctx.assets)}>
          <a class="skip-link" href="#main">
            Skip to main content
          </a>
          {/* Staff see the same maintenance notice as customers; it never hides here. */}
          {ctx.banner && <SiteStatusBanner banner={ctx.banner} sticky />}
          <header class="admin-header">
            <div class="admin-header__inner">
              <a class="admin-brand" href="/admin">
                <LogoMark class="admin-brand__mark" />
                <span>{ctx.storeName} Admin</span>
              </a>
              {staff && (
                <div class="admin-user">
                  <span>
                    Signed in as <strong>{staff.name}</strong>{' '}
                    <span class="admin-user__role">({ROLE_LABELS[staff.role]})</span>
                  </span>
                  <Form csrfToken={ctx.csrfToken} action="/staff/sign-out">
                    <Button variant="secondary">Sign out</Button>
                  </Form>
                </div>
              )}
            </div>
          </header>
          <div class="admin-shell">
            <nav class="admin-nav" aria-label="Admin">
              <ul>
                {nav.map((item) => (
                  <li key={item.href}>
                    <a href={item.href} aria-current={item.active ? 'page' : undefined}>
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <main id="main" class="admin-main" tabIndex={-1}>
              {children}
            </main>
          </div>
        </IslandScopeContext.Provider>
      </body>
    </html>
  );
}
