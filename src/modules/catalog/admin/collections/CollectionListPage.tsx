// /admin/collections: every collection in the order the shop shows them.
import { ButtonLink } from '../../../../web/components/Button.tsx';
import { Notice } from '../../../../web/components/Notice.tsx';
import type { PageContext } from '../../../../web/context.ts';
import { AdminLayout, type AdminNavItem } from '../../../../web/layout/AdminLayout.tsx';
import { describeRules } from './labels.ts';
import type { CollectionListRow } from './read.ts';

export function CollectionListPage({ ctx, nav, rows, notice }: { ctx: PageContext; nav: AdminNavItem[]; rows: CollectionListRow[]; notice?: string | undefined }) {
  return (
    <AdminLayout ctx={ctx} title="Collections" nav={nav}>
      <div class="admin-heading">
        <h1>Collections</h1>
        <ButtonLink href="/admin/collections/new" variant="primary">
          New collection
        </ButtonLink>
      </div>
      <Notice message={notice} />
      <p>Featured collections appear on the home page and in the shop’s menu, lowest position first.</p>
      {rows.length === 0 ? (
        <p>No collections yet.</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Collections">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Collection</th>
                <th scope="col">Products picked</th>
                <th scope="col" class="num">
                  Products
                </th>
                <th scope="col">Status</th>
                <th scope="col">Featured</th>
                <th scope="col" class="num">
                  Position
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <th scope="row">
                    <a href={`/admin/collections/${row.id}`}>{row.title}</a>
                    <div class="muted small">{row.handle}</div>
                  </th>
                  <td>{row.kind === 'rule' && row.rules ? describeRules(row.rules) : 'By hand'}</td>
                  <td class="num">{row.productCount}</td>
                  <td>{row.status === 'active' ? 'Active' : 'Draft'}</td>
                  <td>{row.featured ? 'Yes' : 'No'}</td>
                  <td class="num">{row.position}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminLayout>
  );
}
