// The console's parts of the staff ticket page: who else has it open, the reply form (with
// the macro picker, the preview and the notice when someone wrote meanwhile), the handling
// form (assignee, priority, queue, tags), spam and merge, and the customer's profile with
// their orders, cart and earlier requests. Every form works without JavaScript; the
// ticket-live island only refreshes the presence line and the conversation.
import { formatMoney } from '../../../platform/money.ts';
import { Alert } from '../../../web/components/Alert.tsx';
import { Button } from '../../../web/components/Button.tsx';
import { Field } from '../../../web/components/Field.tsx';
import { SelectField } from '../../../web/components/fields.tsx';
import { Form } from '../../../web/components/Form.tsx';
import type { CartView } from '../../cart/index.ts';
import type { CustomerSpend, Order, OrderSummary, OrderTransition } from '../../orders/index.ts';
import { ORDER_STATUS_LABELS } from '../../orders/index.ts';
import type { Macro } from '../macros.ts';
import type { Ticket, TicketMessage } from '../read.ts';
import { TICKET_PRIORITIES, TICKET_STATUS_LABELS, TICKET_TRANSITIONS, type TicketStatus } from '../states.ts';
import { adminOrderPath, adminTicketPath, MessageText, TicketStatusBadge, TIER_LABELS } from './parts.tsx';

export const REPLY_MAX = 10_000;

export interface PresenceLine {
  name: string;
  replying: boolean;
}

/** "Ada is also viewing", "Ada is replying": the collision notice, refreshed live. */
export function PresenceNotice({ others }: { others: readonly PresenceLine[] }) {
  return (
    <div id="ticket-presence" aria-live="polite">
      {others.length > 0 && (
        <Alert tone="warning" title="Someone else has this ticket open">
          <ul>
            {others.map((other) => (
              <li key={other.name}>{other.replying ? `${other.name} is replying` : `${other.name} is also viewing`}</li>
            ))}
          </ul>
        </Alert>
      )}
    </div>
  );
}

export interface ReplyForm {
  value: string;
  error?: string;
  /** Messages that arrived after the agent's page was drawn: the reply was not sent. */
  newer?: TicketMessage[];
  /** The text as the customer will read it (the preview button). */
  preview?: { text: string; unfilled: string[] };
  then?: string;
}

const THEN_CHOICES = (status: TicketStatus) => [
  { value: '', label: status === 'new' ? 'Open (answered)' : `Keep ${TICKET_STATUS_LABELS[status].toLowerCase()}` },
  ...(['waiting_on_customer', 'solved'] as const).filter((to) => TICKET_TRANSITIONS[status].includes(to)).map((to) => ({ value: to, label: TICKET_STATUS_LABELS[to] })),
];

export function ReplyPanel({ ticket, lastSeq, form, macros, csrfToken, time }: { ticket: Ticket; lastSeq: number; form: ReplyForm; macros: readonly Macro[]; csrfToken: string; time: (d: Date) => string }) {
  const path = adminTicketPath(ticket.number);
  if (ticket.status === 'closed') return <p>This ticket is closed: it takes no more replies.</p>;
  return (
    <>
      {macros.length > 0 && (
        // A plain GET: the page comes back with the macro's text, placeholders filled, in the box below.
        <form method="get" action={path} class="admin-filters" aria-label="Insert a macro">
          <SelectField name="macro" label="Macro" value="" choices={[{ value: '', label: 'Choose a macro' }, ...macros.map((m) => ({ value: m.id, label: m.title }))]} />
          <div class="button-row">
            <Button variant="secondary" accessKey="m" title="Access key M">
              Insert macro
            </Button>
          </div>
        </form>
      )}
      {form.newer && form.newer.length > 0 && (
        <Alert tone="warning" title="Not sent: someone wrote on this ticket meanwhile">
          <p>Read what is new, then send your reply again if it still fits. Your text is kept below.</p>
          <ol>
            {form.newer.map((message) => (
              <li key={message.id}>
                <p class="small muted">{time(message.createdAt)}</p>
                <MessageText body={message.body} />
              </li>
            ))}
          </ol>
        </Alert>
      )}
      {form.preview && (
        <section class="card" aria-labelledby="reply-preview-heading">
          <h3 id="reply-preview-heading">Preview: what {ticket.email} will read</h3>
          {form.preview.unfilled.length > 0 && (
            <Alert tone="warning" title="Some placeholders have no value for this ticket">
              <p>{form.preview.unfilled.map((name) => `{{${name}}}`).join(', ')} would be sent as typed. Replace them before sending.</p>
            </Alert>
          )}
          <MessageText body={form.preview.text} />
        </section>
      )}
      <Form csrfToken={csrfToken} action={`${path}/reply`} noValidate>
        <input type="hidden" name="seen" value={String(lastSeq)} />
        <div class="field field--wide">
          <label class="field__label" for="reply-body">
            Reply to the customer (sent by email)
          </label>
          {form.error && (
            <p class="field__error" id="reply-body-error">
              <span class="visually-hidden">Error: </span>
              {form.error}
            </p>
          )}
          <textarea class="input" id="reply-body" name="body" rows={8} maxLength={REPLY_MAX} accessKey="r" aria-invalid={form.error ? 'true' : undefined} aria-describedby={form.error ? 'reply-body-error' : undefined}>
            {form.value}
          </textarea>
        </div>
        <SelectField name="then" label="Then the ticket is" value={form.then ?? ''} choices={THEN_CHOICES(ticket.status)} />
        <div class="button-row">
          <Button name="intent" value="preview" variant="secondary">
            Preview
          </Button>
          <Button name="intent" value="send">
            Send reply
          </Button>
        </div>
      </Form>
    </>
  );
}

export interface HandlingForm {
  error?: string;
}

export function HandlingPanel({ ticket, staff, mayAssign, meId, form, csrfToken }: { ticket: Ticket; staff: readonly { id: string; name: string }[]; mayAssign: boolean; meId: string; form: HandlingForm; csrfToken: string }) {
  const assignees = mayAssign ? staff : staff.filter((person) => person.id === meId || person.id === ticket.assigneeId);
  return (
    <>
      {form.error && (
        <Alert tone="error" title="Nothing was changed">
          <p>{form.error}</p>
        </Alert>
      )}
      <Form csrfToken={csrfToken} action={`${adminTicketPath(ticket.number)}/handling`} class="admin-filters">
        <SelectField name="assignee" label="Assignee" value={ticket.assigneeId ?? ''} choices={[{ value: '', label: 'Nobody' }, ...assignees.map((person) => ({ value: person.id, label: person.id === meId ? `${person.name} (you)` : person.name }))]} hint={mayAssign ? undefined : 'You may take a ticket yourself; a lead assigns others.'} />
        <SelectField name="priority" label="Priority" value={ticket.priority} choices={TICKET_PRIORITIES.map((p) => ({ value: p, label: p }))} />
        <Field name="queue" label="Queue" value={ticket.queue} maxLength={40} />
        <Field name="tags" label="Tags" value={ticket.tags.join(', ')} maxLength={900} hint="Separated by commas." />
        <div class="button-row">
          <Button variant="secondary">Save</Button>
        </div>
      </Form>
    </>
  );
}

export function SpamMergePanel({ ticket, mayBlock, mergeError, csrfToken }: { ticket: Ticket; mayBlock: boolean; mergeError?: string | undefined; csrfToken: string }) {
  const path = adminTicketPath(ticket.number);
  return (
    <>
      {ticket.spamAt ? (
        <Form csrfToken={csrfToken} action={`${path}/not-spam`}>
          <p>Marked spam: it is out of the queues and no email goes out about it.</p>
          <Button variant="secondary">Not spam</Button>
        </Form>
      ) : (
        <Form csrfToken={csrfToken} action={`${path}/spam`}>
          {mayBlock && (
            <label class="checkbox">
              <input type="checkbox" name="block" value="1" /> Also block {ticket.email}: their next requests go straight to spam
            </label>
          )}
          <div class="button-row">
            <Button variant="secondary">Mark spam or abuse</Button>
          </div>
        </Form>
      )}
      {ticket.status !== 'closed' && (
        <Form csrfToken={csrfToken} action={`${path}/merge`} class="admin-filters">
          <Field name="into" label="Merge this duplicate into ticket" maxLength={32} hint="Its messages, orders and history move there; this one closes." {...(mergeError ? { error: mergeError } : {})} />
          <div class="button-row">
            <Button variant="secondary">Merge</Button>
          </div>
        </Form>
      )}
    </>
  );
}

export interface CustomerProfile {
  name: string | null;
  email: string;
  tier: keyof typeof TIER_LABELS | null;
  spend: CustomerSpend[];
  orders: OrderSummary[];
  ordersTotal: number;
  cart: CartView | null;
  previous: Ticket[];
  /** The linked order shown in full, with its timeline. */
  focus: { order: Order; history: OrderTransition[] } | null;
}

export function ProfilePanel({ profile, locale, time, orderSections }: { profile: CustomerProfile; locale: string; time: (d: Date) => string; orderSections: preact.JSX.Element[] }) {
  const money = (amount: number, currency: string) => formatMoney({ amount, currency }, locale);
  return (
    <section aria-labelledby="profile-heading" id="customer-profile">
      <h2 id="profile-heading">The customer</h2>
      <dl>
        <dt>Who</dt>
        <dd>
          {profile.name ? `${profile.name} · ` : ''}
          {profile.email}
        </dd>
        <dt>Tier</dt>
        <dd>{profile.tier ? TIER_LABELS[profile.tier] : 'Standard'}</dd>
        <dt>Lifetime value</dt>
        <dd>{profile.spend.length === 0 ? 'No orders yet' : profile.spend.map((s) => `${money(s.total, s.currency)} over ${s.orders} order${s.orders === 1 ? '' : 's'}`).join('; ')}</dd>
      </dl>
      <h3>Orders{profile.ordersTotal > profile.orders.length ? ` (the latest ${profile.orders.length} of ${profile.ordersTotal})` : ''}</h3>
      {profile.orders.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul>
          {profile.orders.map((order) => (
            <li key={order.id}>
              <a href={adminOrderPath(order.number)}>{order.number}</a> · {ORDER_STATUS_LABELS[order.status]} · payment {order.paymentStatus} · {money(order.total, order.currency)} · {time(order.placedAt)}
            </li>
          ))}
        </ul>
      )}
      {profile.focus && (
        <section class="card" aria-labelledby="focus-order-heading">
          <h3 id="focus-order-heading">
            Order <a href={adminOrderPath(profile.focus.order.number)}>{profile.focus.order.number}</a>: {ORDER_STATUS_LABELS[profile.focus.order.status]}
          </h3>
          <ol>
            {profile.focus.history.map((step) => (
              <li key={step.seq}>
                {time(step.at)}: {ORDER_STATUS_LABELS[step.to]}
              </li>
            ))}
          </ol>
          <p class="small">The same actions as on the order's page (what your role allows); each one brings you to the order's page to show what it did.</p>
          {orderSections}
        </section>
      )}
      <h3>Cart</h3>
      {!profile.cart || profile.cart.lines.length === 0 ? (
        <p>Empty.</p>
      ) : (
        <ul>
          {profile.cart.lines.map((line) => (
            <li key={line.id}>
              {line.quantity} × {line.product?.title ?? line.sku}
              {line.available ? '' : ' (no longer available)'}
            </li>
          ))}
        </ul>
      )}
      <h3>Earlier requests</h3>
      {profile.previous.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul>
          {profile.previous.map((ticket) => (
            <li key={ticket.id}>
              <a href={adminTicketPath(ticket.number)}>{ticket.number}</a> {ticket.subject} <TicketStatusBadge status={ticket.status} /> · {time(ticket.createdAt)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
