// /admin/support/:number: one ticket for an agent — who asked and about which orders (links to
// the staff order pages, where the same facts the customer sees are), the conversation with
// internal notes marked as such, the answer times promised and kept, the customer's rating,
// the forms to add a note and to move the ticket (only the moves the status table allows are
// offered), and its full history; for agents the console (ConsolePanels.tsx): who else has it
// open, the reply with macros and preview, the handling, spam and merge, the customer's profile.
import type { ComponentChildren, JSX } from 'preact';
import { Alert } from '../../../web/components/Alert.tsx';
import { Button } from '../../../web/components/Button.tsx';
import { Field } from '../../../web/components/Field.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { SelectField, TextAreaField } from '../../../web/components/fields.tsx';
import type { PageContext } from '../../../web/context.ts';
import { formatDateTime } from '../../../web/dates.ts';
import { AdminLayout, type AdminNavItem } from '../../../web/layout/AdminLayout.tsx';
import type { TicketRating } from '../ratings.ts';
import type { Ticket, TicketEvent, TicketMessage } from '../read.ts';
import { TICKET_CHANNEL_LABELS, TICKET_STATUS_LABELS, TICKET_TRANSITIONS, type MessageKind, type TicketChannel, type TicketStatus } from '../states.ts';
import { ADMIN_SUPPORT_PATH, actorName, adminOrderPath, adminTicketPath, Tags, TicketStatusBadge, TIER_LABELS, timeLeft } from './parts.tsx';
import { EmailMessage } from '../inbound/pages/EmailMessage.tsx';
import type { InboundEmailView } from '../inbound/read.ts';
import { RATING_LABELS } from './RatePage.tsx';
import { Island } from '../../../web/components/Island.tsx';
import { ticketTopic } from '../live.ts';
import type { Macro } from '../macros.ts';
import { HandlingPanel, PresenceNotice, ProfilePanel, ReplyPanel, SpamMergePanel, type CustomerProfile, type HandlingForm, type PresenceLine, type ReplyForm } from './ConsolePanels.tsx';

export const NOTE_MAX = 5000;

const KIND_LABELS: Record<MessageKind, string> = {
  customer: 'Customer',
  agent_reply: 'Reply to the customer',
  internal_note: 'Internal note (staff only)',
  system: 'From the store',
};

export interface TicketForms {
  note?: { value: string; error: string };
  status?: { error: string };
}

export interface AdminTicketPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  ticket: Ticket;
  messages: TicketMessage[];
  history: TicketEvent[];
  staffNames: ReadonlyMap<string, string>;
  /** Whether this staff member may write on tickets (notes, status). */
  mayReply: boolean;
  forms: TicketForms;
  format: { locale: string; timeZone: string };
  rating: TicketRating | null;
  now: Date;
  /** Sections other modules add (the emails the customer was sent). */
  sections: JSX.Element[];
  /** The emails behind the messages that came by email, by message id (their full text and attachments). */
  emails: ReadonlyMap<string, InboundEmailView>;
  /** The console's parts: absent for staff who only look. */
  console?: TicketConsole;
  others: readonly PresenceLine[];
  profile: CustomerProfile | null;
  orderSections: JSX.Element[];
  /** Where the merged duplicate went, or what was merged into this one. */
  mergedInto: string | null;
  /** Open incidents and near maintenance (status-incidents' notice), at the top. */
  statusNotice?: ComponentChildren;
}

export interface TicketConsole {
  meId: string;
  mayAssign: boolean;
  staff: readonly { id: string; name: string }[];
  macros: readonly Macro[];
  reply: ReplyForm;
  handling: HandlingForm;
  mergeError?: string;
}

const SLA_TARGET_LABELS: Record<string, string> = { first_response: 'first answer', resolution: 'solution' };

function describe(event: TicketEvent): string {
  const detail = event.detail;
  switch (event.kind) {
    case 'opened': {
      const channel = TICKET_CHANNEL_LABELS[detail.channel as TicketChannel] ?? String(detail.channel);
      const orders = Array.isArray(detail.orders) && detail.orders.length > 0 ? ` about ${detail.orders.join(', ')}` : '';
      return `Opened by ${channel.toLowerCase()}${orders}`;
    }
    case 'message_added':
      return `${KIND_LABELS[detail.kind as MessageKind] ?? 'Message'} added`;
    case 'status_changed': {
      const move = `${TICKET_STATUS_LABELS[detail.from as TicketStatus] ?? String(detail.from)} → ${TICKET_STATUS_LABELS[detail.to as TicketStatus] ?? String(detail.to)}`;
      return typeof detail.reason === 'string' ? `${move} (${detail.reason})` : move;
    }
    case 'read':
      return 'First read by staff';
    case 'sla_breached':
      return `The promised ${SLA_TARGET_LABELS[String(detail.target)] ?? 'answer'} time passed`;
    case 'escalated':
      return `Escalated before its ${SLA_TARGET_LABELS[String(detail.target)] ?? 'answer'} time (${String(detail.percent)} % of it gone): priority ${String(detail.from)} → ${String(detail.to)}`;
    case 'changed':
      return `Changed ${Object.keys(detail).filter((key) => key !== 'fromTicket').join(', ')}`;
    case 'spam':
      return detail.blocked ? 'Marked spam; sender blocked' : 'Marked spam';
    case 'not_spam':
      return detail.unblocked ? 'Not spam after all; sender unblocked' : 'Not spam after all';
    case 'merged':
      return `Merged into ${String(detail.into)}`;
    case 'merged_in':
      return `${String(detail.from)} merged into this ticket`;
    case 'rated':
      return `Rated by the customer: ${RATING_LABELS[detail.rating as 'good' | 'bad'] ?? String(detail.rating)}${detail.comment ? ', with a comment' : ''}`;
    default:
      return event.kind;
  }
}

/** The first answer: when it was sent against its due time, or when it is due and how long is left. */
function FirstAnswer({ ticket, now, time }: { ticket: Ticket; now: Date; time: (date: Date) => string }) {
  const due = ticket.firstResponseDueAt;
  if (!due) return <>{ticket.firstRespondedAt ? `Sent ${time(ticket.firstRespondedAt)}` : 'No answer time was promised'}</>;
  if (ticket.firstRespondedAt) return <>{`Sent ${time(ticket.firstRespondedAt)}, ${ticket.firstResponseBreachedAt ? 'late' : 'on time'} (due ${time(due)})`}</>;
  return <>{`Due ${time(due)}: ${timeLeft(due, now)}`}</>;
}

/** The solution: solved on time or late, paused while waiting on the customer, or due. */
function Solution({ ticket, now, time }: { ticket: Ticket; now: Date; time: (date: Date) => string }) {
  const due = ticket.resolutionDueAt;
  if (!due) return <>No solution time was promised</>;
  const late = ticket.resolutionBreachedAt ? ', late' : '';
  if (ticket.status === 'solved' || ticket.status === 'closed') return <>{ticket.solvedAt ? `Solved ${time(ticket.solvedAt)}${late || ', on time'} (due ${time(due)})` : `Closed${late} (was due ${time(due)})`}</>;
  if (ticket.slaPausedAt) return <>{`Paused since ${time(ticket.slaPausedAt)} while waiting on the customer; due ${time(due)}, moved later by the pause when it ends${late}`}</>;
  return <>{`Due ${time(due)}: ${timeLeft(due, now)}`}</>;
}

export function AdminTicketPage({ ctx, nav, ticket, messages, history, staffNames, mayReply, forms, format, rating, now, sections, emails, console: desk, others, profile, orderSections, mergedInto, statusNotice }: AdminTicketPageProps) {
  const time = (date: Date) => formatDateTime(date, format.locale, format.timeZone);
  const moves = TICKET_TRANSITIONS[ticket.status];
  return (
    <AdminLayout ctx={ctx} title={`Ticket ${ticket.number}`} nav={nav}>
      <p class="small">
        <a href={ADMIN_SUPPORT_PATH}>← All tickets</a>
      </p>
      <div class="admin-heading">
        <h1>
          Ticket <span class="order-number">{ticket.number}</span>
        </h1>
        <TicketStatusBadge status={ticket.status} />
      </div>
      <Island name="ticket-live" props={{ topic: ticketTopic(ticket.id), refresh: ['conversation', 'ticket-presence', 'ticket-facts'], presenceUrl: `${adminTicketPath(ticket.number)}/presence` }} />
      <PresenceNotice others={others} />
      {statusNotice}
      {mergedInto && (
        <Alert tone="info" title={`Merged into ${mergedInto}`}>
          <p>
            This ticket was a duplicate: its conversation continues on <a href={adminTicketPath(mergedInto)}>{mergedInto}</a>.
          </p>
        </Alert>
      )}
      {ticket.spamAt && (
        <Alert tone="warning" title="Marked spam">
          <p>Out of every queue; no email goes out about it.</p>
        </Alert>
      )}
      <p>
        <strong>{ticket.subject}</strong>
      </p>
      <dl id="ticket-facts">
        <dt>Customer</dt>
        <dd>
          {ticket.name ? `${ticket.name} · ` : ''}
          <a href={`mailto:${ticket.email}`}>{ticket.email}</a>
        </dd>
        <dt>Orders</dt>
        <dd>
          {ticket.orders.length === 0
            ? 'None linked'
            : ticket.orders.map((order, i) => (
                <span key={order.orderId}>
                  {i > 0 && ', '}
                  <a href={adminOrderPath(order.orderNumber)}>{order.orderNumber}</a>
                </span>
              ))}
        </dd>
        <dt>Came by</dt>
        <dd>{TICKET_CHANNEL_LABELS[ticket.channel]}</dd>
        <dt>Priority · queue · assignee</dt>
        <dd>
          {ticket.priority}
          {ticket.escalatedAt ? ' (escalated)' : ''} · {ticket.queue} · {ticket.assigneeId ? (staffNames.get(ticket.assigneeId) ?? 'A staff member') : 'nobody'}
        </dd>
        <dt>Tags</dt>
        <dd>
          <Tags tags={ticket.tags} />
        </dd>
        <dt>Opened</dt>
        <dd>{time(ticket.createdAt)}</dd>
        <dt>Promise</dt>
        <dd>
          {ticket.slaTier ? `${TIER_LABELS[ticket.slaTier]} customer, ${ticket.slaBusinessHours ? 'counted in support hours' : 'around the clock'}` : 'None (opened before answer times were promised)'}
        </dd>
        <dt>First answer</dt>
        <dd>
          <FirstAnswer ticket={ticket} now={now} time={time} />
        </dd>
        <dt>Solution</dt>
        <dd>
          <Solution ticket={ticket} now={now} time={time} />
        </dd>
        <dt>Customer's rating</dt>
        <dd>
          {rating ? (
            <>
              {RATING_LABELS[rating.rating]} ({time(rating.ratedAt)}){rating.comment && <q class="small"> {rating.comment}</q>}
            </>
          ) : (
            'Not rated'
          )}
        </dd>
      </dl>

      <section aria-labelledby="conversation-heading" id="conversation">
        <h2 id="conversation-heading">Conversation</h2>
        <ol class="order-list">
          {messages.map((message) => (
            <li key={message.id} class="order-list__item card">
              <p class="small muted">
                <strong>{KIND_LABELS[message.kind]}</strong> · {actorName(message.author, staffNames)} · {time(message.createdAt)}
                {message.channel ? ` · ${TICKET_CHANNEL_LABELS[message.channel]}` : ''}
              </p>
              <EmailMessage message={message} email={emails.get(message.id)} ticketNumber={ticket.number} />
            </li>
          ))}
        </ol>
      </section>

      {desk && (
        <section aria-labelledby="reply-heading" id="reply">
          <h2 id="reply-heading">Reply</h2>
          <ReplyPanel ticket={ticket} lastSeq={messages.at(-1)?.seq ?? 0} form={desk.reply} macros={desk.macros} csrfToken={ctx.csrfToken} time={time} />
        </section>
      )}

      {desk && (
        <section aria-labelledby="handling-heading">
          <h2 id="handling-heading">Handling</h2>
          <HandlingPanel ticket={ticket} staff={desk.staff} mayAssign={desk.mayAssign} meId={desk.meId} form={desk.handling} csrfToken={ctx.csrfToken} />
          <SpamMergePanel ticket={ticket} mayBlock={desk.mayAssign} mergeError={desk.mergeError} csrfToken={ctx.csrfToken} />
        </section>
      )}

      {profile && <ProfilePanel profile={profile} locale={format.locale} time={time} orderSections={orderSections} />}

      {sections}

      {mayReply && (
        <section aria-labelledby="note-heading">
          <h2 id="note-heading">Add an internal note</h2>
          {ticket.status === 'closed' ? (
            <p>This ticket is closed: it takes no more notes.</p>
          ) : (
            <Form csrfToken={ctx.csrfToken} action={`${adminTicketPath(ticket.number)}/notes`} noValidate>
              <TextAreaField name="body" label="Note" value={forms.note?.value ?? ''} error={forms.note?.error} hint="Only staff see notes; the customer is not emailed." rows={4} maxLength={NOTE_MAX} required />
              <div class="button-row">
                <Button variant="secondary">Add note</Button>
              </div>
            </Form>
          )}
        </section>
      )}

      {mayReply && (
        <section aria-labelledby="status-heading">
          <h2 id="status-heading">Status</h2>
          {forms.status && (
            <Alert tone="error" title="The status did not change">
              <p>{forms.status.error}</p>
            </Alert>
          )}
          {moves.length === 0 ? (
            <p>{TICKET_STATUS_LABELS[ticket.status]}: a final status.</p>
          ) : (
            <Form csrfToken={ctx.csrfToken} action={`${adminTicketPath(ticket.number)}/status`}>
              <input type="hidden" name="from" value={ticket.status} />
              <SelectField name="status" label={`Move from ${TICKET_STATUS_LABELS[ticket.status]} to`} value={moves[0]!} choices={moves.map((to) => ({ value: to, label: TICKET_STATUS_LABELS[to] }))} />
              <Field name="reason" label="Why" maxLength={500} />
              <div class="button-row">
                <Button variant="secondary">Change status</Button>
              </div>
            </Form>
          )}
        </section>
      )}

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="history-heading">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {history.map((event) => (
                <tr key={event.seq}>
                  <td>{time(event.at)}</td>
                  <td>{describe(event)}</td>
                  <td>{actorName(event.actor, staffNames)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </AdminLayout>
  );
}
