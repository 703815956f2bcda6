// /admin/orders: every order, newest first, found by number, email, delivery name, phone or
// tracking number and filtered by status; each row with its status, payment and the figures
// other modules add (parcels).
import { Button } from '../../../web/components/Button.tsx';
import { Field } from '../../../web/components/Field.tsx';
import { SelectField } from '../../../web/components/fields.tsx';
import type { PageContext } from '../../../web/context.ts';
import { formatDateTime } from '../../../web/dates.ts';
import { AdminLayout, type AdminNavItem } from '../../../web/layout/AdminLayout.tsx';
import type { OrderPage } from '../list.ts';
import type { FilledColumn } from '../search-hooks.ts';
import { ORDER_STATUSES, ORDER_STATUS_LABELS, type OrderStatus } from '../states.ts';
import { PageLinks } from '../../../web/components/PageLinks.tsx';
import { StatusBadge, moneyOf } from './parts.tsx';
import { paymentWords } from './payment-words.ts';
import type { StoreFormat } from './progress.tsx';

export const ADMIN_ORDERS_PATH = '/admin/orders';

export interface AdminOrdersQuery {
  q: string;
  status: OrderStatus | '';
}

export function adminOrdersHref(query: AdminOrdersQuery, page = 1): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.status) params.set('status', query.status);
  if (page > 1) params.set('page', String(page));
  const search = params.toString();
  return search ? `${ADMIN_ORDERS_PATH}?${search}` : ADMIN_ORDERS_PATH;
}

const STATUS_CHOICES = [{ value: '', label: 'Any status' }, ...ORDER_STATUSES.map((status) => ({ value: status, label: ORDER_STATUS_LABELS[status] }))];

export interface AdminOrdersPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  query: AdminOrdersQuery;
  list: OrderPage;
  /** Columns other modules add (the number of parcels). */
  columns: FilledColumn[];
  format: StoreFormat;
}

export function AdminOrdersPage({ ctx, nav, query, list, columns, format }: AdminOrdersPageProps) {
  const filtered = Boolean(query.q || query.status);
  return (
    <AdminLayout ctx={ctx} title="Orders" nav={nav}>
      <div class="admin-heading">
        <h1>Orders</h1>
      </div>
      <form class="admin-filters" method="get" action={ADMIN_ORDERS_PATH} role="search" aria-label="Find orders">
        <Field
          name="q"
          label="Order number, email, name, phone or tracking number"
          type="search"
          value={query.q}
          maxLength={200}
          hint="A whole order or tracking number; or part of an email address, of the name on the delivery address or of a phone number (capitals do not matter)."
        />
        <SelectField name="status" label="Status" value={query.status} choices={STATUS_CHOICES} />
        <div class="button-row">
          <Button variant="secondary">Find</Button>
          {filtered && <a href={ADMIN_ORDERS_PATH}>Show all</a>}
        </div>
      </form>
      <p role="status">
        {list.total === 0
          ? filtered
            ? 'No order matches.'
            : 'No orders yet.'
          : `${list.total} order${list.total === 1 ? '' : 's'}${list.pageCount > 1 ? `, page ${list.page} of ${list.pageCount}` : ''}.`}
      </p>
      {list.rows.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Orders">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Placed</th>
                <th scope="col">Customer</th>
                <th scope="col" class="num">
                  Items
                </th>
                <th scope="col" class="num">
                  Total
                </th>
                <th scope="col">Status</th>
                <th scope="col">Payment</th>
                {columns.map((column) => (
                  <th scope="col" class="num" key={column.heading}>
                    {column.heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {list.rows.map((order) => (
                <tr key={order.id}>
                  <th scope="row">
                    <a href={`${ADMIN_ORDERS_PATH}/${order.number}`}>{order.number}</a>
                  </th>
                  <td>{formatDateTime(order.placedAt, format.locale, format.timeZone)}</td>
                  <td>
                    {order.name}
                    <div class="muted small order-email">{order.email}</div>
                  </td>
                  <td class="num">{order.itemCount}</td>
                  <td class="num">{moneyOf(order, format.locale)(order.total)}</td>
                  <td>
                    <StatusBadge status={order.status} />
                  </td>
                  <td>{paymentWords(order.paymentStatus)}</td>
                  {columns.map((column) => (
                    <td class="num" key={column.heading}>
                      {column.cell(order.id)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <PageLinks class="order-pages" previousLabel="Newer orders" nextLabel="Older orders" page={list.page} pageCount={list.pageCount} href={(page) => adminOrdersHref(query, page)} />
    </AdminLayout>
  );
}
