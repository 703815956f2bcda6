import type { PageContext } from '../../../web/context.ts';
import { AdminLayout, type AdminNavItem } from '../../../web/layout/AdminLayout.tsx';
import { Field } from '../../../web/components/Field.tsx';
import { Button } from '../../../web/components/Button.tsx';
import { Alert } from '../../../web/components/Alert.tsx';
import { EmailFrame } from '../../../web/email-frame.tsx';

export interface MailboxMessage {
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  sentAt: Date;
}

export interface MailboxPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  messages: MailboxMessage[];
  /** The recipient filter typed, if any. */
  to: string;
  /** True when mail goes out through SMTP: the dev mailbox then stays empty. */
  smtp: boolean;
}

export function MailboxPage({ ctx, nav, messages, to, smtp }: MailboxPageProps) {
  return (
    <AdminLayout ctx={ctx} title="Mailbox" nav={nav}>
      <h1>Mailbox</h1>
      <p>Every email the store has sent while no mail server is configured, newest first.</p>
      {smtp && (
        <Alert tone="info">
          <p>
            Mail goes out through the configured SMTP server, so new messages do not appear here.
          </p>
        </Alert>
      )}
      <form method="get" action="/admin/mailbox" role="search" aria-label="Filter the mailbox">
        <Field
          name="to"
          label="Recipient"
          type="email"
          value={to}
          autocomplete="off"
          maxLength={254}
        />
        <div class="button-row">
          <Button variant="secondary">Show their emails</Button>
          {to && <a href="/admin/mailbox">Show all</a>}
        </div>
      </form>
      {messages.length === 0 ? (
        <p>{to ? 'No emails to that address.' : 'No emails yet.'}</p>
      ) : (
        messages.map((message) => (
          <article class="card" key={message.id} aria-labelledby={`mail-${message.id}`}>
            <h2 id={`mail-${message.id}`}>{message.subject}</h2>
            <p class="small muted">
              To <strong>{message.to}</strong> from {message.from} ·{' '}
              <time dateTime={message.sentAt.toISOString()}>
                {message.sentAt.toISOString().replace('T', ' ').slice(0, 19)} UTC
              </time>
            </p>
            <details open>
              <summary>Text</summary>
              {/* Long links scroll inside the box instead of widening the page. */}
              <div class="table-wrap">
                <pre class="small">{message.text}</pre>
              </div>
            </details>
            {message.html && (
              <details>
                <summary>HTML preview</summary>
                <EmailFrame
                  src={`/admin/mailbox/${message.id}/html`}
                  title={`HTML of “${message.subject}”`}
                  height={320}
                />
              </details>
            )}
          </article>
        ))
      )}
    </AdminLayout>
  );
}
