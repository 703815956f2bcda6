// /admin/products: find a product by title, handle or SKU, filter by status, open it.
import { formatMoney } from '../../../../platform/money.ts';
import { ButtonLink, Button } from '../../../../web/components/Button.tsx';
import { Field } from '../../../../web/components/Field.tsx';
import { SelectField } from '../../../../web/components/fields.tsx';
import type { PageContext } from '../../../../web/context.ts';
import { formatDateTime } from '../../../../web/dates.ts';
import { AdminLayout, type AdminNavItem } from '../../../../web/layout/AdminLayout.tsx';
import type { StoreProfile } from '../../../site/index.ts';
import { Pagination } from '../../storefront/components/Pagination.tsx';
import type { ProductListPage as ListPage, ProductListQuery } from './list.ts';
import { STATUS_CHOICES, StatusBadge } from './status.tsx';

export interface ProductListPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  profile: StoreProfile;
  query: ProductListQuery;
  list: ListPage;
}

function listHref(query: ProductListQuery, page: number): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.status) params.set('status', query.status);
  if (page > 1) params.set('page', String(page));
  const search = params.toString();
  return search ? `/admin/products?${search}` : '/admin/products';
}

export function ProductListPage({ ctx, nav, profile, query, list }: ProductListPageProps) {
  const money = (amount: number) => formatMoney({ amount, currency: profile.currency }, profile.locale);
  const filtered = query.q !== '' || query.status !== '';
  return (
    <AdminLayout ctx={ctx} title="Products" nav={nav}>
      <div class="admin-heading">
        <h1>Products</h1>
        <div class="button-row">
          <ButtonLink href="/admin/products/new" variant="primary">
            New product
          </ButtonLink>
          <ButtonLink href="/admin/catalog/import">Import a CSV file</ButtonLink>
        </div>
      </div>
      <form class="admin-filters" method="get" action="/admin/products" role="search" aria-label="Find products">
        <Field name="q" label="Title, handle or SKU" type="search" value={query.q} maxLength={200} />
        <SelectField name="status" label="Status" value={query.status} choices={[{ value: '', label: 'Any status' }, ...STATUS_CHOICES]} />
        <div class="button-row">
          <Button variant="secondary">Show products</Button>
          {filtered && <a href="/admin/products">Show all</a>}
        </div>
      </form>
      <p role="status">
        {list.total === 0
          ? filtered
            ? 'No products match.'
            : 'No products yet. Create one or import a CSV file.'
          : `${list.total} product${list.total === 1 ? '' : 's'}${list.pageCount > 1 ? `, page ${list.page} of ${list.pageCount}` : ''}.`}
      </p>
      {list.rows.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Products">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Status</th>
                <th scope="col" class="num">
                  Variants
                </th>
                <th scope="col" class="num">
                  Price
                </th>
                <th scope="col" class="num">
                  On hand
                </th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((row) => (
                <tr key={row.id}>
                  <th scope="row">
                    <a href={`/admin/products/${row.id}`}>{row.title}</a>
                    <div class="muted small">{row.handle}</div>
                  </th>
                  <td>
                    <StatusBadge status={row.status} />
                  </td>
                  <td class="num">{row.variantCount}</td>
                  <td class="num">
                    {row.priceMinMinor === row.priceMaxMinor ? money(row.priceMinMinor) : `${money(row.priceMinMinor)} – ${money(row.priceMaxMinor)}`}
                  </td>
                  <td class="num">{row.onHand ?? <span class="muted">Not counted</span>}</td>
                  <td>
                    <time dateTime={row.updatedAt.toISOString()}>{formatDateTime(row.updatedAt, profile.locale, profile.timeZone)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={list.page} pageCount={list.pageCount} href={(page) => listHref(query, page)} />
    </AdminLayout>
  );
}
