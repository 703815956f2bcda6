// /admin/notifications/outbox: the mail queue, newest first, filtered by status and by part of
// the recipient's address; each email opens with its headers and both parts.
import { Button } from '../../../../web/components/Button.tsx';
import { Field } from '../../../../web/components/Field.tsx';
import { PageLinks } from '../../../../web/components/PageLinks.tsx';
import { SelectField } from '../../../../web/components/fields.tsx';
import type { PageContext } from '../../../../web/context.ts';
import { formatDateTime } from '../../../../web/dates.ts';
import type { AdminNavItem } from '../../../../web/layout/AdminLayout.tsx';
import { EMAIL_STATUSES, type EmailStatus } from '../../schema.ts';
import type { OutboxRow } from '../outbox.ts';
import { EMAIL_STATUS_LABELS, EmailStatusBadge, NotificationsFrame, OUTBOX_PATH, outboxEmailPath } from './parts.tsx';

export interface OutboxPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  canManage: boolean;
  query: { status: EmailStatus | null; recipient: string };
  list: { rows: OutboxRow[]; total: number; page: number; pageCount: number };
  touchPointTitle: (key: string) => string;
  format: { locale: string; timeZone: string };
}

export function outboxHref(query: OutboxPageProps['query'], page = 1): string {
  const params = new URLSearchParams();
  if (query.status) params.set('status', query.status);
  if (query.recipient) params.set('recipient', query.recipient);
  if (page > 1) params.set('page', String(page));
  const search = params.toString();
  return search ? `${OUTBOX_PATH}?${search}` : OUTBOX_PATH;
}

export function OutboxPage({ ctx, nav, canManage, query, list, touchPointTitle, format }: OutboxPageProps) {
  const time = (date: Date) => formatDateTime(date, format.locale, format.timeZone);
  return (
    <NotificationsFrame ctx={ctx} nav={nav} title="Mail queue" tab={OUTBOX_PATH} canManage={canManage}>
      <p>Every email the store decided to send, newest first, with what became of it. A failed email shows the mail server’s answer and can be sent again.</p>
      <form method="get" action={OUTBOX_PATH} role="search" aria-label="Filter the mail queue">
        <SelectField name="status" label="Status" value={query.status ?? ''} choices={[{ value: '', label: 'Any status' }, ...EMAIL_STATUSES.map((s) => ({ value: s, label: EMAIL_STATUS_LABELS[s] }))]} />
        <Field name="recipient" label="Recipient" type="search" value={query.recipient} maxLength={254} hint="Any part of the address." />
        <div class="button-row">
          <Button variant="secondary">Show</Button>
          {(query.status || query.recipient) && <a href={OUTBOX_PATH}>Show all</a>}
        </div>
      </form>
      <p class="small muted" role="status">
        {list.total === 0 ? 'No emails match.' : `${list.total} ${list.total === 1 ? 'email' : 'emails'}.`}
      </p>
      {list.rows.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Emails">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Queued</th>
                <th scope="col">Email</th>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last error</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <a href={outboxEmailPath(row.id)}>{time(row.createdAt)}</a>
                  </td>
                  <td>{touchPointTitle(row.touchPoint)}</td>
                  <td>{row.recipient}</td>
                  <td>{row.subject}</td>
                  <td>
                    <EmailStatusBadge status={row.status} />
                    {row.sentAt && <div class="small muted">{time(row.sentAt)}</div>}
                  </td>
                  <td>{row.attempts}</td>
                  <td class="small">{row.lastError ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <PageLinks page={list.page} pageCount={list.pageCount} href={(page) => outboxHref(query, page)} previousLabel="Newer emails" nextLabel="Older emails" />
    </NotificationsFrame>
  );
}
