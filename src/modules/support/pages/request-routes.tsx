// The customer's routes: the contact form (/help/contact), "My requests" (/account/requests)
// and one request's page (/support/requests/:number, signed in or with the signed link from
// the desk's emails) with the customer's answer. Who may see a request is requests.ts's
// question: anyone else gets the 404 of a number that does not exist.
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import type { Platform } from '../../../platform/platform.ts';
import { formatDateTime } from '../../../web/dates.ts';
import { formBody, text } from '../../../web/forms/form-body.ts';
import { FormErrors } from '../../../web/forms/form-errors.ts';
import { sendPage } from '../../../web/page-context.ts';
import { emailProblem } from '../../customers/index.ts';
import { listOrders, ORDER_STATUS_LABELS } from '../../orders/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import { addTicketMessage, TicketClosed } from '../messages.ts';
import { ticketMessagesOf, type Ticket } from '../read.ts';
import { ACCOUNT_REQUESTS_PATH, requestFor, requestLink, requestPath, requestsOf, type RequestViewer } from '../requests.ts';
import { formatPromisedAnswer } from '../sla/promise.ts';
import { openTicket } from '../tickets.ts';
import { HELP_TOPICS } from './help-form.ts';
import { CONTACT_MESSAGE_MAX, CONTACT_PATH, ContactPage, MyRequestsPage, RequestPage, type ContactValues } from './RequestPages.tsx';

const NumberParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 32 }) });
const TokenQuery = Type.Object({ t: Type.Optional(Type.String({ maxLength: 4096 })) });
const PageQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })) });

const CONTACT_PURPOSE = 'contact-form';
const CONTACT_TOKEN_MS = 24 * 60 * 60 * 1000;
/** The topics of the order page's form, whose tags agents and analytics already filter by. */
const TOPICS = HELP_TOPICS.map((topic) => ({ value: topic.value, label: topic.label }));

export function registerRequestRoutes(app: App, platform: Platform): void {
  const db = () => platform.database.db;
  const timeOf = async () => {
    const profile = await getStoreProfile(platform);
    return (date: Date) => formatDateTime(date, profile.locale, profile.timeZone);
  };
  const formToken = () => platform.signer.sign(CONTACT_PURPOSE, { n: randomUUID() }, new Date(platform.clock.now().getTime() + CONTACT_TOKEN_MS));

  /** The request page's path with a fresh signed link (what the desk's emails carry). */
  const signedPath = (ticket: Ticket) => {
    const link = new URL(requestLink(platform, ticket));
    return `${link.pathname}${link.search}`;
  };

  async function signedInCustomer(request: FastifyRequest) {
    const principal = await request.principal();
    return principal?.kind === 'customer' ? principal : null;
  }

  async function customerOrders(customerId: string) {
    const list = await listOrders(db(), { customerId }, 1);
    return list.rows.map((order) => ({ id: order.id, number: order.number, label: `${order.number} · ${ORDER_STATUS_LABELS[order.status]}` }));
  }

  app.get(CONTACT_PATH, { config: { access: 'public' } }, async (request, reply) => {
    const customer = await signedInCustomer(request);
    const orders = customer ? await customerOrders(customer.id) : [];
    const values: ContactValues = { name: '', email: '', topic: '', order: '', message: '' };
    return sendPage(reply, <ContactPage ctx={await app.pages.context(request)} values={values} topics={TOPICS} orders={orders} signedIn={customer !== null} formToken={formToken()} />);
  });

  app.post(CONTACT_PATH, { config: { access: 'public', rateLimit: { max: 10, timeWindow: '10 minutes' } } }, async (request, reply) => {
    const customer = await signedInCustomer(request);
    const body = formBody(request);
    const values: ContactValues = {
      name: text(body, 'name').slice(0, 100),
      email: customer ? customer.email : text(body, 'email').trim().slice(0, 254),
      topic: text(body, 'topic').slice(0, 40),
      order: text(body, 'order').slice(0, 64),
      message: text(body, 'message').slice(0, CONTACT_MESSAGE_MAX * 2),
    };
    const orders = customer ? await customerOrders(customer.id) : [];
    const errors = new FormErrors();
    if (!customer) {
      const problem = values.email ? emailProblem(values.email) : 'Enter your email address: we answer there.';
      if (problem) errors.add('email', values.email ? `Check the address: it ${problem}.` : problem, 'Email');
    }
    const topic = HELP_TOPICS.find((t) => t.value === values.topic);
    if (!topic) errors.add('topic', 'Choose what your question is about.', 'Topic');
    // Only the signed-in customer's own orders are offered, and only those are accepted.
    const order = values.order ? orders.find((o) => o.number === values.order) : undefined;
    if (values.order && !order) errors.add('order', 'Choose one of your orders from the list.', 'Order');
    const length = values.message.trim().length;
    if (length === 0) errors.add('message', 'Write your question.', 'Your question');
    else if (length > CONTACT_MESSAGE_MAX) errors.add('message', `Use at most ${CONTACT_MESSAGE_MAX.toLocaleString('en-US')} characters: this has ${length.toLocaleString('en-US')}.`, 'Your question');
    const claim = platform.signer.verify<{ n?: unknown }>(CONTACT_PURPOSE, text(body, 'formToken'));
    const page = async (extra: { errors?: FormErrors; notice?: string }, token: string) =>
      sendPage(reply, <ContactPage ctx={await app.pages.context(request)} values={values} topics={TOPICS} orders={orders} signedIn={customer !== null} formToken={token} {...extra} />, 400);
    if (!errors.empty || !topic) return page({ errors }, claim ? text(body, 'formToken') : formToken());
    if (typeof claim?.n !== 'string') return page({ notice: 'The form was open too long to be sent safely. Check your question and send it again.' }, formToken());
    const { ticket } = await platform.database.transaction((tx) =>
      openTicket(platform, tx, {
        channel: 'web',
        email: values.email,
        name: customer ? customer.name : values.name,
        customerId: customer?.id ?? null,
        subject: order ? `About order ${order.number}: ${topic.label}` : topic.label,
        body: values.message,
        orderIds: order ? [order.id] : [],
        tags: topic.tag ? [topic.tag] : [],
        actor: customer ? { kind: 'customer', id: customer.id } : { kind: 'customer' },
        sourceKey: `contact:${claim.n}`,
      }),
    );
    // A guest sees their request through the same signed link their acknowledgement email carries.
    return reply.redirect(customer ? requestPath(ticket.number) : signedPath(ticket), 303);
  });

  app.get<{ Querystring: { page?: number } }>(ACCOUNT_REQUESTS_PATH, { config: { access: ['customer'] }, schema: { querystring: PageQuery } }, async (request, reply) => {
    const customer = (await signedInCustomer(request))!;
    const list = await requestsOf(db(), customer.id, request.query.page ?? 1);
    return sendPage(reply, <MyRequestsPage ctx={await app.pages.context(request)} list={list} time={await timeOf()} />);
  });

  async function viewerOf(request: FastifyRequest, token: string | undefined): Promise<RequestViewer | null> {
    if (token) return { kind: 'link', token };
    const customer = await signedInCustomer(request);
    return customer ? { kind: 'customer', customerId: customer.id } : null;
  }

  async function showRequest(request: FastifyRequest, ticket: Ticket, token: string, form: { value: string; error?: string } = { value: '' }) {
    const [messages, time, profile] = await Promise.all([ticketMessagesOf(db(), ticket.id), timeOf(), getStoreProfile(platform)]);
    const open = ticket.status !== 'solved' && ticket.status !== 'closed';
    const promise =
      open && !ticket.firstRespondedAt && ticket.firstResponseDueAt
        ? { what: 'We promised to answer', when: formatPromisedAnswer(ticket.firstResponseDueAt, profile) }
        : open && ticket.status !== 'waiting_on_customer' && ticket.resolutionDueAt
          ? { what: 'We aim to solve it', when: formatPromisedAnswer(ticket.resolutionDueAt, profile) }
          : null;
    return <RequestPage ctx={await app.pages.context(request)} ticket={ticket} messages={messages} token={token} promise={promise} time={time} reply={form} />;
  }

  // The link token travels in the URL here: keep it out of Referer headers (the access log redacts `t=`).
  app.get<{ Params: { number: string }; Querystring: { t?: string } }>('/support/requests/:number', { config: { access: 'public' }, schema: { params: NumberParams, querystring: TokenQuery } }, async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const token = request.query.t ?? '';
    const ticket = await requestFor(platform, db(), request.params.number, await viewerOf(request, token || undefined));
    if (ticket.number !== request.params.number) {
      // A merged duplicate: its link and number land on the ticket that holds the conversation now.
      return reply.redirect(token ? signedPath(ticket) : requestPath(ticket.number), 303);
    }
    return sendPage(reply, await showRequest(request, ticket, token));
  });

  app.post<{ Params: { number: string } }>('/support/requests/:number/reply', { config: { access: 'public' }, schema: { params: NumberParams } }, async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const body = formBody(request);
    const token = text(body, 't');
    const ticket = await requestFor(platform, db(), request.params.number, await viewerOf(request, token || undefined));
    const typed = text(body, 'body').slice(0, CONTACT_MESSAGE_MAX * 2);
    const length = typed.trim().length;
    const error = length === 0 ? 'Write your message first.' : length > CONTACT_MESSAGE_MAX ? `Use at most ${CONTACT_MESSAGE_MAX.toLocaleString('en-US')} characters.` : null;
    if (error) return sendPage(reply, await showRequest(request, ticket, token, { value: typed, error }), 400);
    const customer = await signedInCustomer(request);
    try {
      await platform.database.transaction((tx) => addTicketMessage(platform, tx, ticket.id, { kind: 'customer', body: typed, channel: 'web', actor: customer ? { kind: 'customer', id: customer.id } : { kind: 'customer' } }));
    } catch (problem) {
      if (!(problem instanceof TicketClosed)) throw problem;
      return sendPage(reply, await showRequest(request, ticket, token, { value: typed, error: 'This request was closed meanwhile. Ask us again with the contact form.' }), 409);
    }
    return reply.redirect(`${requestPath(ticket.number)}${token ? `?t=${encodeURIComponent(token)}` : ''}#request-conversation-heading`, 303);
  });
}
