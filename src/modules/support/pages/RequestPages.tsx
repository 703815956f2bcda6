// The customer's side of the desk: the contact form (with an order picker for a signed-in
// customer), "My requests", and one request's page with its conversation, status and
// promised time, where the customer can answer. Internal notes never appear here.
import { Alert } from '../../../web/components/Alert.tsx';
import { Button } from '../../../web/components/Button.tsx';
import { Field } from '../../../web/components/Field.tsx';
import { SelectField, TextAreaField } from '../../../web/components/fields.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { Island } from '../../../web/components/Island.tsx';
import { PageLinks } from '../../../web/components/PageLinks.tsx';
import type { PageContext } from '../../../web/context.ts';
import type { FormErrors } from '../../../web/forms/form-errors.ts';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';
import { ticketTopic } from '../live.ts';
import type { Ticket, TicketMessage } from '../read.ts';
import { ACCOUNT_REQUESTS_PATH, requestPath } from '../requests.ts';
import { TICKET_STATUS_CUSTOMER_LABELS } from '../states.ts';
import { MessageText } from './parts.tsx';

export const CONTACT_PATH = '/help/contact';
export const CONTACT_MESSAGE_MAX = 5000;

export interface ContactValues {
  name: string;
  email: string;
  topic: string;
  order: string;
  message: string;
}

export function ContactPage({ ctx, values, topics, orders, signedIn, formToken, errors, notice }: { ctx: PageContext; values: ContactValues; topics: readonly { value: string; label: string }[]; orders: readonly { number: string; label: string }[]; signedIn: boolean; formToken: string; errors?: FormErrors; notice?: string }) {
  const error = (field: string) => errors?.for(field);
  return (
    <StoreLayout ctx={ctx} title="Contact us" canonicalPath={CONTACT_PATH}>
      <h1>Contact us</h1>
      <p>A person reads every message. We tell you by email when we will answer, and you can follow your request {signedIn ? <a href={ACCOUNT_REQUESTS_PATH}>under My requests</a> : 'with the link in that email'}.</p>
      {notice && (
        <Alert tone="warning" title="Not sent yet">
          <p>{notice}</p>
        </Alert>
      )}
      <Form csrfToken={ctx.csrfToken} action={CONTACT_PATH} noValidate>
        <input type="hidden" name="formToken" value={formToken} />
        {!signedIn && (
          <>
            <Field name="name" label="Your name" value={values.name} maxLength={100} autocomplete="name" {...(error('name') ? { error: error('name')! } : {})} />
            <Field name="email" label="Your email address" type="email" value={values.email} maxLength={254} autocomplete="email" required {...(error('email') ? { error: error('email')! } : {})} />
          </>
        )}
        <SelectField name="topic" label="What is it about?" value={values.topic} choices={[{ value: '', label: 'Choose a topic' }, ...topics]} error={error('topic')} />
        {orders.length > 0 && <SelectField name="order" label="Which order? (optional)" value={values.order} choices={[{ value: '', label: 'No order in particular' }, ...orders.map((o) => ({ value: o.number, label: o.label }))]} error={error('order')} />}
        <TextAreaField name="message" label="Your question" value={values.message} rows={8} maxLength={CONTACT_MESSAGE_MAX} required error={error('message')} />
        <div class="button-row">
          <Button>Send</Button>
        </div>
      </Form>
    </StoreLayout>
  );
}

export function MyRequestsPage({ ctx, list, time }: { ctx: PageContext; list: { rows: Ticket[]; page: number; pageCount: number }; time: (d: Date) => string }) {
  return (
    <StoreLayout ctx={ctx} title="My requests" canonicalPath={ACCOUNT_REQUESTS_PATH}>
      <h1>My requests</h1>
      <p>
        <a href={CONTACT_PATH}>Ask us something new</a>
      </p>
      {list.rows.length === 0 ? (
        <p>You have not asked us anything yet.</p>
      ) : (
        <ul class="stack">
          {list.rows.map((ticket) => (
            <li key={ticket.id} class="card">
              <a href={requestPath(ticket.number)}>{ticket.number}</a> · {ticket.subject} · {TICKET_STATUS_CUSTOMER_LABELS[ticket.status]} · {time(ticket.createdAt)}
            </li>
          ))}
        </ul>
      )}
      <PageLinks page={list.page} pageCount={list.pageCount} href={(page) => `${ACCOUNT_REQUESTS_PATH}?page=${page}`} previousLabel="Newer requests" nextLabel="Older requests" />
    </StoreLayout>
  );
}

export interface RequestPageProps {
  ctx: PageContext;
  ticket: Ticket;
  messages: readonly TicketMessage[];
  /** The link token the page was opened with (carried by the reply form); empty when signed in. */
  token: string;
  /** "by Tuesday 8 December, 14:00 (New York time)": the answer or solution still promised. */
  promise: { what: string; when: string } | null;
  time: (d: Date) => string;
  reply: { value: string; error?: string };
}

const AUTHOR: Record<string, string> = { customer: 'You', agent_reply: 'Our team', system: 'The store' };

export function RequestPage({ ctx, ticket, messages, token, promise, time, reply }: RequestPageProps) {
  const shown = messages.filter((message) => message.kind !== 'internal_note');
  return (
    <StoreLayout ctx={ctx} title={`Request ${ticket.number}`} head={<meta name="robots" content="noindex, nofollow" />}>
      <Island name="ticket-live" props={{ topic: ticketTopic(ticket.id), refresh: ['request-status', 'request-conversation'] }} />
      <div class="page-header">
        <p class="order-number__label">Your request</p>
        <h1 class="order-number">{ticket.number}</h1>
      </div>
      <p>
        <strong>{ticket.subject}</strong>
      </p>
      <div id="request-status" aria-live="polite">
        <p>
          Status: <strong>{TICKET_STATUS_CUSTOMER_LABELS[ticket.status]}</strong>
          {promise ? `. ${promise.what} ${promise.when}.` : '.'}
        </p>
      </div>
      <section aria-labelledby="request-conversation-heading">
        <h2 id="request-conversation-heading">Conversation</h2>
        <ol class="conversation" id="request-conversation">
          {shown.map((message) => (
            <li key={message.id} class="card">
              <p class="small muted">
                <strong>{AUTHOR[message.kind] ?? 'Our team'}</strong> · {time(message.createdAt)}
              </p>
              <MessageText body={message.body} />
            </li>
          ))}
        </ol>
      </section>
      {ticket.status === 'closed' ? (
        <p>This request is closed. Something else? <a href="/help/contact">Ask us again</a>.</p>
      ) : (
        <section aria-labelledby="request-reply-heading">
          <h2 id="request-reply-heading">Add to your request</h2>
          <Form csrfToken={ctx.csrfToken} action={`${requestPath(ticket.number)}/reply`} noValidate>
            {token && <input type="hidden" name="t" value={token} />}
            <TextAreaField name="body" label="Your message" value={reply.value} rows={5} maxLength={CONTACT_MESSAGE_MAX} required error={reply.error} />
            <div class="button-row">
              <Button>Send</Button>
            </div>
          </Form>
        </section>
      )}
    </StoreLayout>
  );
}
