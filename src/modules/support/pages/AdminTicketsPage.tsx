// /admin/support: the desk's tickets, newest first — open ones unless asked otherwise — with
// what an agent needs to pick one: number, subject, who asked, the order it is about, tags,
// status, the answer time it works to and how long it has waited. Filtered by status and tag with a plain GET form.
import { Button } from '../../../web/components/Button.tsx';
import { Field } from '../../../web/components/Field.tsx';
import { SelectField } from '../../../web/components/fields.tsx';
import { PageLinks } from '../../../web/components/PageLinks.tsx';
import type { PageContext } from '../../../web/context.ts';
import { formatDateTime } from '../../../web/dates.ts';
import { AdminLayout, type AdminNavItem } from '../../../web/layout/AdminLayout.tsx';
import type { TicketListPage, TicketStatusFilter } from '../read.ts';
import { TICKET_STATUSES, TICKET_STATUS_LABELS } from '../states.ts';
import { ADMIN_SUPPORT_PATH, adminOrderPath, adminTicketPath, age, ANSWER_TIMES_PATH, DueCell, Tags, TicketStatusBadge } from './parts.tsx';

export interface AdminTicketsQuery {
  status: TicketStatusFilter;
  /** As typed in the filter (normalised before the query). */
  tag: string;
}

export function adminTicketsHref(query: AdminTicketsQuery, page = 1): string {
  const params = new URLSearchParams();
  if (query.status !== 'open') params.set('status', query.status);
  if (query.tag) params.set('tag', query.tag);
  if (page > 1) params.set('page', String(page));
  const search = params.toString();
  return search ? `${ADMIN_SUPPORT_PATH}?${search}` : ADMIN_SUPPORT_PATH;
}

export const STATUS_FILTER_CHOICES = [
  { value: 'open', label: 'Open (not solved yet)' },
  { value: 'all', label: 'Any status' },
  ...TICKET_STATUSES.map((status) => ({ value: status, label: TICKET_STATUS_LABELS[status] })),
];

export interface AdminTicketsPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  query: AdminTicketsQuery;
  list: TicketListPage;
  now: Date;
  format: { locale: string; timeZone: string };
  /** Whether this staff member may change the answer times (a link to them). */
  mayConfigure: boolean;
}

export function AdminTicketsPage({ ctx, nav, query, list, now, format, mayConfigure }: AdminTicketsPageProps) {
  const filtered = query.status !== 'open' || query.tag !== '';
  return (
    <AdminLayout ctx={ctx} title="Support" nav={nav}>
      <div class="admin-heading">
        <h1>Support</h1>
        {mayConfigure && <a href={ANSWER_TIMES_PATH}>Answer times and support hours</a>}
      </div>
      <form class="admin-filters" method="get" action={ADMIN_SUPPORT_PATH} role="search" aria-label="Filter tickets">
        <SelectField name="status" label="Status" value={query.status} choices={STATUS_FILTER_CHOICES} />
        <Field name="tag" label="Tag" type="search" value={query.tag} maxLength={40} hint="For example where-is-my-order." />
        <div class="button-row">
          <Button variant="secondary">Filter</Button>
          {filtered && <a href={ADMIN_SUPPORT_PATH}>Open tickets</a>}
        </div>
      </form>
      <p role="status">
        {list.total === 0
          ? filtered
            ? 'No ticket matches.'
            : 'No open tickets: everyone has an answer.'
          : `${list.total} ticket${list.total === 1 ? '' : 's'}${list.pageCount > 1 ? `, page ${list.page} of ${list.pageCount}` : ''}, newest first.`}
      </p>
      {list.rows.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Tickets">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Ticket</th>
                <th scope="col">Subject</th>
                <th scope="col">Customer</th>
                <th scope="col">Order</th>
                <th scope="col">Tags</th>
                <th scope="col">Status</th>
                <th scope="col">Due</th>
                <th scope="col" class="num">
                  Age
                </th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((ticket) => (
                <tr key={ticket.id}>
                  <th scope="row">
                    <a href={adminTicketPath(ticket.number)}>{ticket.number}</a>
                  </th>
                  <td>{ticket.subject}</td>
                  <td>{ticket.email}</td>
                  <td>
                    {ticket.orders.length === 0
                      ? '—'
                      : ticket.orders.map((order, i) => (
                          <span key={order.orderId}>
                            {i > 0 && ', '}
                            <a href={adminOrderPath(order.orderNumber)}>{order.orderNumber}</a>
                          </span>
                        ))}
                  </td>
                  <td>
                    <Tags tags={ticket.tags} />
                  </td>
                  <td>
                    <TicketStatusBadge status={ticket.status} />
                  </td>
                  <td>
                    <DueCell ticket={ticket} now={now} format={format} />
                  </td>
                  <td class="num">
                    <time dateTime={ticket.createdAt.toISOString()} title={formatDateTime(ticket.createdAt, format.locale, format.timeZone)}>
                      {age(ticket.createdAt, now)}
                    </time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <PageLinks previousLabel="Newer tickets" nextLabel="Older tickets" page={list.page} pageCount={list.pageCount} href={(page) => adminTicketsHref(query, page)} />
    </AdminLayout>
  );
}
