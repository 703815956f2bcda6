// The row of tabs over an admin area's pages (Inventory, Emails): the current page is marked
// for screen readers and styled by `aria-current`.
export interface AdminTab {
  label: string;
  href: string;
}

export function AdminTabs({ label, tabs, current }: { label: string; tabs: readonly AdminTab[]; current: string }) {
  return (
    <nav class="admin-tabs" aria-label={label}>
      <ul>
        {tabs.map((t) => (
          <li key={t.href}>
            <a href={t.href} aria-current={t.href === current ? 'page' : undefined}>
              {t.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
