// Every email in the agent's view: the staff order page lists the emails about the order, the
// ticket page the emails to the customer's address (those about this request marked), each
// with what became of it — sent, waiting, failed with the server's reason, or not sent because
// the address is suppressed, with why, so the agent can tell the customer. A copy staff asked
// for says who asked and where it went; the order's list ends with the form that sends one.
import type { Db } from '../../../platform/db/database.ts';
import type { Platform } from '../../../platform/platform.ts';
import { formatDateTime } from '../../../web/dates.ts';
import { registerStaffOrderSection } from '../../orders/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import { can, permissionsOf, staffPrincipal } from '../../staff/index.ts';
import { registerTicketSection } from '../../support/index.ts';
import { emailsAbout, type SentEmailRow } from '../queue/read.ts';
import type { SuppressionReason } from '../schema.ts';
import { suppressionsOf, type Suppression } from '../suppression/suppressions.ts';
import { touchPointByKey } from '../touch-points/catalogue.ts';
import { EmailStatusBadge, outboxEmailPath, SUPPRESSIONS_PATH } from './pages/parts.tsx';
import { ConfirmationCopyForm, copyFormToken } from './resend.tsx';

const REASON_WORDS: Record<SuppressionReason, string> = {
  hard_bounce: 'their mail server answered that the address does not exist',
  complaint: 'they reported one of our emails as spam',
  manual: 'staff stopped email to it',
};

interface Timeline {
  emails: SentEmailRow[];
  suppressions: Map<string, Suppression>;
  time: (date: Date) => string;
  /** Names of the staff who asked for copies, by id. */
  requesters: Map<string, string>;
  /** Whether this staff member may open an email in the mail queue. */
  canOpen: boolean;
}

async function timelineOf(platform: Platform, db: Db, emails: SentEmailRow[], canOpen: boolean): Promise<Timeline> {
  const suppressed = [...new Set(emails.filter((email) => email.status === 'suppressed').map((email) => email.recipient))];
  const requesterIds = [...new Set(emails.flatMap((email) => (email.requestedBy ? [email.requestedBy] : [])))];
  const [suppressions, profile, requesters] = await Promise.all([
    suppressionsOf(db, suppressed),
    getStoreProfile(platform),
    Promise.all(requesterIds.map(async (id) => [id, (await staffPrincipal(db, id))?.name ?? 'a former staff member'] as const)),
  ]);
  return { emails, suppressions, time: (date) => formatDateTime(date, profile.locale, profile.timeZone), requesters: new Map(requesters), canOpen };
}

function Outcome({ email, timeline }: { email: SentEmailRow; timeline: Timeline }) {
  const { time } = timeline;
  switch (email.status) {
    case 'sent':
      return <>{email.sentAt ? time(email.sentAt) : null}</>;
    case 'queued':
    case 'sending':
      return <>{email.attempts > 0 && email.lastError ? `Try ${email.attempts} failed (${email.lastError}); trying again` : 'Goes out within a minute'}</>;
    case 'failed':
      return <>{`The mail server refused it ${email.attempts} times: ${email.lastError ?? 'no reason given'}`}</>;
    case 'suppressed': {
      const suppression = timeline.suppressions.get(email.recipient);
      if (!suppression) return <>{`${email.lastError ?? 'The address was suppressed.'} It has been lifted since: later emails go out.`}</>;
      return (
        <>
          {`Nothing was sent to ${email.recipient}: since ${time(suppression.createdAt)}, ${REASON_WORDS[suppression.reason]}`}
          {suppression.detail && <span class="small muted"> ({suppression.detail})</span>}. Ask the customer to check the address or give another. <a href={`${SUPPRESSIONS_PATH}?q=${encodeURIComponent(email.recipient)}`}>The suppression list</a>
        </>
      );
    }
  }
}

function EmailTable({ timeline, labelledBy, mark }: { timeline: Timeline; labelledBy: string; mark?: (email: SentEmailRow) => boolean }) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-labelledby={labelledBy}>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Queued</th>
            <th scope="col">Email</th>
            <th scope="col">Status</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {timeline.emails.map((email) => (
            <tr key={email.id}>
              <td>{timeline.canOpen ? <a href={outboxEmailPath(email.id)}>{timeline.time(email.createdAt)}</a> : timeline.time(email.createdAt)}</td>
              <td>
                {email.subject}
                <div class="small muted">
                  {touchPointByKey(email.touchPoint)?.title ?? email.touchPoint}
                  {mark?.(email) && ' · about this request'}
                  {email.requestedBy && ` · sent again to ${email.recipient}, asked by ${timeline.requesters.get(email.requestedBy)}`}
                </div>
              </td>
              <td>
                <EmailStatusBadge status={email.status} />
              </td>
              <td>
                <Outcome email={email} timeline={timeline} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function registerEmailTimelines(platform: Platform): void {
  registerStaffOrderSection(platform, async ({ order, viewer, csrfToken }) => {
    if (viewer.kind !== 'staff') return null;
    const db = platform.database.db;
    const permissions = permissionsOf(viewer.role);
    const timeline = await timelineOf(platform, db, await emailsAbout(db, { orderId: order.id }), permissions.includes('mailbox.view'));
    return (
      <section aria-labelledby="order-emails-heading">
        <h2 id="order-emails-heading">Emails</h2>
        {timeline.emails.length === 0 ? <p>No email about this order yet.</p> : <EmailTable timeline={timeline} labelledBy="order-emails-heading" />}
        {permissions.includes('orders.resend_confirmation') && <ConfirmationCopyForm order={order} csrfToken={csrfToken} formToken={copyFormToken(platform, order.id)} to={order.email} />}
      </section>
    );
  });

  registerTicketSection(platform, async ({ ticket, staff }) => {
    const db = platform.database.db;
    const timeline = await timelineOf(platform, db, await emailsAbout(db, { recipient: ticket.email }), can(staff, 'mailbox.view'));
    return (
      <section aria-labelledby="ticket-emails-heading">
        <h2 id="ticket-emails-heading">Emails to this customer</h2>
        <p class="small muted">Everything the store emailed {ticket.email}, newest first.</p>
        {timeline.emails.length === 0 ? <p>None yet.</p> : <EmailTable timeline={timeline} labelledBy="ticket-emails-heading" mark={(email) => email.ticketId === ticket.id} />}
      </section>
    );
  });
}
