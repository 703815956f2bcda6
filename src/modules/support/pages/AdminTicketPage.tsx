// /admin/support/:number: one ticket for an agent — who asked and about which orders (links to
// the staff order pages, where the same facts the customer sees are), the conversation with
// internal notes marked as such, the forms to add a note and to move the ticket (only the
// moves the status table allows are offered), and its full history.
import { Alert } from '../../../web/components/Alert.tsx';
import { Button } from '../../../web/components/Button.tsx';
import { Field } from '../../../web/components/Field.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { SelectField, TextAreaField } from '../../../web/components/fields.tsx';
import type { PageContext } from '../../../web/context.ts';
import { formatDateTime } from '../../../web/dates.ts';
import { AdminLayout, type AdminNavItem } from '../../../web/layout/AdminLayout.tsx';
import type { Ticket, TicketEvent, TicketMessage } from '../read.ts';
import { TICKET_CHANNEL_LABELS, TICKET_STATUS_LABELS, TICKET_TRANSITIONS, type MessageKind, type TicketChannel, type TicketStatus } from '../states.ts';
import { ADMIN_SUPPORT_PATH, actorName, adminOrderPath, adminTicketPath, MessageText, Tags, TicketStatusBadge } from './parts.tsx';

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
}

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
    default:
      return event.kind;
  }
}

export function AdminTicketPage({ ctx, nav, ticket, messages, history, staffNames, mayReply, forms, format }: AdminTicketPageProps) {
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
      <p>
        <strong>{ticket.subject}</strong>
      </p>
      <dl>
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
        <dt>Priority · queue</dt>
        <dd>
          {ticket.priority} · {ticket.queue}
        </dd>
        <dt>Tags</dt>
        <dd>
          <Tags tags={ticket.tags} />
        </dd>
        <dt>Opened</dt>
        <dd>{time(ticket.createdAt)}</dd>
      </dl>

      <section aria-labelledby="conversation-heading">
        <h2 id="conversation-heading">Conversation</h2>
        <ol class="order-list">
          {messages.map((message) => (
            <li key={message.id} class="order-list__item card">
              <p class="small muted">
                <strong>{KIND_LABELS[message.kind]}</strong> · {actorName(message.author, staffNames)} · {time(message.createdAt)}
                {message.channel ? ` · ${TICKET_CHANNEL_LABELS[message.channel]}` : ''}
              </p>
              <MessageText body={message.body} />
            </li>
          ))}
        </ol>
      </section>

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
