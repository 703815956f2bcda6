// /admin/support: the console's queues. One view at a time (mine, unassigned, all open, one
// queue, late, waiting; and solved), the soonest due first, with the time left or how overdue each is.
// Made for the keyboard: each view has an access key (Alt+1…7, or Alt+Shift in Firefox), the
// filters are a plain GET form, the paging links have access keys too ([ and ]), and every
// ticket number is a link, so Tab, Enter and the browser's Back button are the whole console.
import type { ComponentChildren } from 'preact';
import { Button } from '../../../web/components/Button.tsx';
import { Field } from '../../../web/components/Field.tsx';
import { SelectField } from '../../../web/components/fields.tsx';
import type { PageContext } from '../../../web/context.ts';
import { AdminLayout, type AdminNavItem } from '../../../web/layout/AdminLayout.tsx';
import { QUEUE_VIEW_LABELS, QUEUE_VIEWS, type QueuePage, type QueueView } from '../queues.ts';
import { TICKET_PRIORITIES, type TicketPriority } from '../states.ts';
import { ADMIN_SUPPORT_PATH, adminOrderPath, adminTicketPath, ANSWER_TIMES_PATH, DueCell, MACROS_PATH, SATISFACTION_PATH, Tags, TicketStatusBadge } from './parts.tsx';

export interface AdminTicketsQuery {
  view: QueueView;
  queue: string;
  priority: TicketPriority | '';
  /** As typed in the filter (normalised before the query). */
  tag: string;
  q: string;
}

export function adminTicketsHref(query: AdminTicketsQuery, page = 1): string {
  const params = new URLSearchParams();
  if (query.view !== 'open') params.set('view', query.view);
  if (query.view === 'queue' && query.queue) params.set('queue', query.queue);
  if (query.priority) params.set('priority', query.priority);
  if (query.tag) params.set('tag', query.tag);
  if (query.q) params.set('q', query.q);
  if (page > 1) params.set('page', String(page));
  const search = params.toString();
  return search ? `${ADMIN_SUPPORT_PATH}?${search}` : ADMIN_SUPPORT_PATH;
}

export interface AdminTicketsPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  query: AdminTicketsQuery;
  list: QueuePage;
  queues: readonly string[];
  /** Staff names by id, for the assignee column. */
  staffNames: ReadonlyMap<string, string>;
  now: Date;
  format: { locale: string; timeZone: string };
  /** Whether this staff member may change the answer times (a link to them). */
  mayConfigure: boolean;
  /** Open incidents and near maintenance (status-incidents' notice), above the queue. */
  statusNotice?: ComponentChildren;
}

const PRIORITY_CHOICES = [{ value: '', label: 'Any priority' }, ...TICKET_PRIORITIES.map((p) => ({ value: p, label: p[0]!.toUpperCase() + p.slice(1) }))];

export function AdminTicketsPage({ ctx, nav, query, list, queues, staffNames, now, format, mayConfigure, statusNotice }: AdminTicketsPageProps) {
  const filtered = query.priority !== '' || query.tag !== '' || query.q !== '';
  const viewHref = (view: QueueView) => adminTicketsHref({ view, queue: view === 'queue' ? query.queue || 'general' : '', priority: '', tag: '', q: '' });
  const count = `${list.more ? `${list.total.toLocaleString('en-US')}+` : list.total.toLocaleString('en-US')} ticket${list.total === 1 ? '' : 's'}`;
  return (
    <AdminLayout ctx={ctx} title={`Support: ${QUEUE_VIEW_LABELS[query.view]}`} nav={nav}>
      <div class="admin-heading">
        <h1>Support</h1>
        <p class="small">
          <a href={MACROS_PATH}>Macros</a> · <a href={SATISFACTION_PATH}>Satisfaction</a>
          {mayConfigure && (
            <>
              {' '}
              · <a href={ANSWER_TIMES_PATH}>Answer times, support hours and escalation</a>
            </>
          )}
        </p>
      </div>
      {statusNotice}
      <nav class="admin-tabs" aria-label="Queues">
        <ul>
          {QUEUE_VIEWS.map((view, i) => (
            <li key={view}>
              <a href={viewHref(view)} accessKey={String(i + 1)} aria-current={view === query.view ? 'page' : undefined} title={`Access key ${i + 1}`}>
                {QUEUE_VIEW_LABELS[view]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <form class="admin-filters" method="get" action={ADMIN_SUPPORT_PATH} role="search" aria-label="Filter tickets">
        <input type="hidden" name="view" value={query.view} />
        {query.view === 'queue' && <SelectField name="queue" label="Queue" value={query.queue || 'general'} choices={queues.map((name) => ({ value: name, label: name }))} />}
        <SelectField name="priority" label="Priority" value={query.priority} choices={PRIORITY_CHOICES} />
        <Field name="tag" label="Tag" type="search" value={query.tag} maxLength={40} />
        <Field name="q" label="Number or email" type="search" value={query.q} maxLength={100} hint="T-48213, or the start of an address." />
        <div class="button-row">
          <Button variant="secondary">Filter</Button>
          {filtered && <a href={viewHref(query.view)}>Clear</a>}
        </div>
      </form>
      <p role="status">
        {list.total === 0
          ? filtered
            ? 'No ticket matches.'
            : query.view === 'mine'
              ? 'Nothing assigned to you is open.'
              : 'No open tickets here: everyone has an answer.'
          : `${count}${list.pageCount > 1 ? `, page ${list.page}` : ''}, ${query.view === 'solved' ? 'the latest solved first' : 'the soonest due first'}.`}
      </p>
      {list.rows.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Tickets">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Ticket</th>
                <th scope="col">Due</th>
                <th scope="col">Subject</th>
                <th scope="col">Customer</th>
                <th scope="col">Order</th>
                <th scope="col">Status</th>
                <th scope="col">Priority</th>
                <th scope="col">Queue</th>
                <th scope="col">Assignee</th>
                <th scope="col">Tags</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((ticket) => (
                <tr key={ticket.id}>
                  <th scope="row">
                    <a href={adminTicketPath(ticket.number)}>{ticket.number}</a>
                  </th>
                  <td>
                    <DueCell ticket={ticket} now={now} format={format} />
                  </td>
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
                    <TicketStatusBadge status={ticket.status} />
                  </td>
                  <td>{ticket.escalatedAt ? <strong>{ticket.priority} (escalated)</strong> : ticket.priority}</td>
                  <td>{ticket.queue}</td>
                  <td>{ticket.assigneeId ? (staffNames.get(ticket.assigneeId) ?? 'A staff member') : <span class="muted">—</span>}</td>
                  <td>
                    <Tags tags={ticket.tags} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.pageCount > 1 && (
        <nav class="admin-pages" aria-label="Pages">
          {list.page > 1 ? (
            <a href={adminTicketsHref(query, list.page - 1)} rel="prev" accessKey="[">
              ← Due sooner
            </a>
          ) : (
            <span />
          )}
          <span>Page {list.page}</span>
          {list.page < list.pageCount ? (
            <a href={adminTicketsHref(query, list.page + 1)} rel="next" accessKey="]">
              Due later →
            </a>
          ) : (
            <span />
          )}
        </nav>
      )}
    </AdminLayout>
  );
}
