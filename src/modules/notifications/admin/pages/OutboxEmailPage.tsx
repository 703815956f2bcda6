// /admin/notifications/outbox/:id: one email as stored in the queue: its status and attempts,
// its headers, both parts; a failed one can be sent again (same Message-ID, same content).
import { Alert } from '../../../../web/components/Alert.tsx';
import { Button } from '../../../../web/components/Button.tsx';
import { Form } from '../../../../web/components/Form.tsx';
import type { PageContext } from '../../../../web/context.ts';
import { formatDateTime } from '../../../../web/dates.ts';
import type { AdminNavItem } from '../../../../web/layout/AdminLayout.tsx';
import type { StoredEmail } from '../outbox.ts';
import { EmailParts, EmailStatusBadge, NotificationsFrame, OUTBOX_PATH, outboxEmailPath } from './parts.tsx';

export interface OutboxEmailPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  canManage: boolean;
  email: StoredEmail;
  touchPointTitle: string;
  /** Staff links to what the email is about. */
  about: { orderHref: string | null; ticketHref: string | null };
  notice?: string | undefined;
  format: { locale: string; timeZone: string };
}

export function OutboxEmailPage({ ctx, nav, canManage, email, touchPointTitle, about, notice, format }: OutboxEmailPageProps) {
  const time = (date: Date) => formatDateTime(date, format.locale, format.timeZone);
  return (
    <NotificationsFrame ctx={ctx} nav={nav} title={touchPointTitle} tab={OUTBOX_PATH} canManage={canManage}>
      <p class="small">
        <a href={OUTBOX_PATH}>← Mail queue</a>
      </p>
      {notice && (
        <Alert tone="success">
          <p>{notice}</p>
        </Alert>
      )}
      <dl>
        <dt>Status</dt>
        <dd>
          <EmailStatusBadge status={email.status} />
          {email.sentAt && ` ${time(email.sentAt)}`}
        </dd>
        <dt>Queued</dt>
        <dd>{time(email.createdAt)}</dd>
        <dt>Attempts</dt>
        <dd>
          {email.attempts}
          {email.status === 'queued' && email.attempts > 0 && ` · next try ${time(email.nextAttemptAt)}`}
        </dd>
        {email.lastError && (
          <>
            <dt>Last error</dt>
            <dd>{email.lastError}</dd>
          </>
        )}
        {(about.orderHref || about.ticketHref) && (
          <>
            <dt>About</dt>
            <dd>
              {about.orderHref && <a href={about.orderHref}>The order</a>}
              {about.orderHref && about.ticketHref && ' · '}
              {about.ticketHref && <a href={about.ticketHref}>The request</a>}
            </dd>
          </>
        )}
      </dl>
      {email.status === 'failed' && canManage && (
        <Form csrfToken={ctx.csrfToken} action={`${outboxEmailPath(email.id)}/retry`} aria-label="Send this email again">
          <p>Sending again uses the same Message-ID, so a mail program that got the first try shows one email.</p>
          <Button>Send again</Button>
        </Form>
      )}
      <section aria-labelledby="headers-heading">
        <h2 id="headers-heading">Headers</h2>
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="headers-heading">
          <table class="table">
            <tbody>
              {[['Message-ID', email.messageId] as const, ...Object.entries(email.headers)].map(([name, value]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td class="small break-anywhere">{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="content-heading">
        <h2 id="content-heading">Content</h2>
        <EmailParts subject={email.subject} to={email.recipient} htmlSrc={`${outboxEmailPath(email.id)}/html`} text={email.text} />
      </section>
    </NotificationsFrame>
  );
}
