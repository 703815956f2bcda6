// What the notifications admin pages share: their tabs, the words and badge for an email's
// status, and an email shown in its parts (subject, HTML in a sandboxed frame, plain text).
import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../../../web/context.ts';
import { EmailFrame } from '../../../../web/email-frame.tsx';
import { AdminTabs } from '../../../../web/components/AdminTabs.tsx';
import { AdminLayout, type AdminNavItem } from '../../../../web/layout/AdminLayout.tsx';
import type { EmailStatus } from '../../schema.ts';

export const NOTIFICATIONS_PATH = '/admin/notifications';
export const BRAND_PATH = `${NOTIFICATIONS_PATH}/brand`;
export const OUTBOX_PATH = `${NOTIFICATIONS_PATH}/outbox`;
/** The suppression list's page (the suppression part of this module serves it). */
export const SUPPRESSIONS_PATH = `${NOTIFICATIONS_PATH}/suppressions`;

export const touchPointPath = (key: string) => `${NOTIFICATIONS_PATH}/${encodeURIComponent(key)}`;
export const outboxEmailPath = (id: string) => `${OUTBOX_PATH}/${id}`;

export interface NotificationsFrameProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  title: string;
  /** The tab this page belongs to. */
  tab: string;
  /** Whether this staff member may change settings (the brand tab is theirs only). */
  canManage: boolean;
  children: ComponentChildren;
}

export function NotificationsFrame({ ctx, nav, title, tab, canManage, children }: NotificationsFrameProps) {
  const tabs = [
    { label: 'Touch points', href: NOTIFICATIONS_PATH },
    ...(canManage ? [{ label: 'Brand', href: BRAND_PATH }] : []),
    { label: 'Mail queue', href: OUTBOX_PATH },
    { label: 'Suppressed addresses', href: SUPPRESSIONS_PATH },
  ];
  return (
    <AdminLayout ctx={ctx} title={title} nav={nav}>
      <AdminTabs label="Emails" tabs={tabs} current={tab} />
      <div class="admin-heading">
        <h1>{title}</h1>
      </div>
      {children}
    </AdminLayout>
  );
}

export const EMAIL_STATUS_LABELS: Record<EmailStatus, string> = {
  queued: 'Waiting to be sent',
  sending: 'Being sent',
  sent: 'Sent',
  failed: 'Failed',
  suppressed: 'Not sent: address suppressed',
};

const STATUS_TONES: Partial<Record<EmailStatus, string>> = { sent: 'done', failed: 'stopped', suppressed: 'attention' };

export function EmailStatusBadge({ status }: { status: EmailStatus }) {
  const tone = STATUS_TONES[status];
  return <span class={tone ? `badge order-status--${tone}` : 'badge'}>{EMAIL_STATUS_LABELS[status]}</span>;
}

/** An email as its reader gets it: the subject, the HTML part (served at `htmlSrc`) and the text part. */
export function EmailParts({ subject, to, htmlSrc, text }: { subject: string; to: string; htmlSrc: string; text: string }) {
  return (
    <div class="card">
      <dl>
        <dt>To</dt>
        <dd>{to}</dd>
        <dt>Subject</dt>
        <dd>
          <strong>{subject}</strong>
        </dd>
      </dl>
      <h3>As most mail programs show it</h3>
      <EmailFrame src={htmlSrc} title={`The email “${subject}”`} />
      <details>
        <summary>The plain-text part</summary>
        {/* Long links scroll inside the box instead of widening the page. */}
        <div class="table-wrap">
          <pre class="small">{text}</pre>
        </div>
      </details>
    </div>
  );
}
