// "Something not right?" on the customer's order page, and the form it leads to. Exactly the
// people who may see the order page may ask about the order: its signed-in owner, staff who
// may view orders, and whoever holds its signed link (`t`, carried from the page through the
// form and back). Anyone else, and an unknown number, get the same 404 as the order page.
// The question becomes a ticket linked to the order, once, however often the form is sent.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { Problem } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import { ButtonLink } from '../../../web/components/Button.tsx';
import { formatDateTime } from '../../../web/dates.ts';
import { formBody, text } from '../../../web/forms/form-body.ts';
import type { FormErrors } from '../../../web/forms/form-errors.ts';
import { sendPage } from '../../../web/page-context.ts';
import { linkOpensOrder, orderByNumber, orderPagePath, registerOrderPageSection, viewerOf, type Order, type OrderViewer } from '../../orders/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import type { TicketActor } from '../actor.ts';
import { isOpen, ticketByNumber, ticketsForOrder } from '../read.ts';
import { formatPromisedAnswer, promisedAnswer } from '../sla/promise.ts';
import { TICKET_STATUS_CUSTOMER_LABELS } from '../states.ts';
import { openTicket } from '../tickets.ts';
import { helpFormToken, helpSourceKey, readHelpForm, type HelpValues } from './help-form.ts';
import { HelpPage, helpPath } from './HelpPage.tsx';
import { HelpSentPage } from './HelpSentPage.tsx';

const NumberParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 64 }) });
const SentParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 64 }), ticket: Type.String({ minLength: 1, maxLength: 32 }) });
const TokenQuery = Type.Object({ t: Type.Optional(Type.String({ maxLength: 4096 })) });

const notFound = () => new Problem({ status: 404, type: 'not-found', title: 'We could not find that order', detail: 'The link may be incomplete or out of date. Find your order with its number and your email address at /orders/lookup.' });

/** The token to carry for a viewer who came by link; signed-in viewers need none. */
const carriedToken = (platform: Platform, viewer: OrderViewer, order: Order, typed: string | undefined) =>
  viewer.kind === 'link' && typed && linkOpensOrder(platform, typed, order.id) ? typed : '';

const orderHref = (order: Order, token: string) => (token ? `/orders/${order.number}?t=${encodeURIComponent(token)}` : `/orders/${order.number}`);

function actorOf(viewer: OrderViewer): TicketActor {
  switch (viewer.kind) {
    case 'customer':
      return { kind: 'customer', id: viewer.customerId };
    case 'staff':
      return { kind: 'staff', id: viewer.staffId };
    case 'link':
      return { kind: 'customer' };
  }
}

export function registerHelpRoutes(app: App, platform: Platform): void {
  const db = () => platform.database.db;

  registerOrderPageSection(platform, async ({ order, viewer }) => {
    // A guest's link to the form carries a fresh order link of the same order: what they already hold.
    const token = viewer.kind === 'link' ? (new URL(orderPagePath(platform, order), platform.config.baseUrl).searchParams.get('t') ?? '') : '';
    const asked = (await ticketsForOrder(db(), order.id)).filter((ticket) => ticket.channel === 'order_page' && isOpen(ticket.status));
    const profile = asked.length > 0 ? await getStoreProfile(platform) : null;
    return (
      <section class="card" aria-labelledby="order-help-title" id="help">
        <h2 id="order-help-title">Something not right?</h2>
        {asked.map((ticket) => (
          <p role="status" key={ticket.id}>
            You asked us on {formatDateTime(ticket.createdAt, profile!.locale, profile!.timeZone)} (request <strong>{ticket.number}</strong>): {TICKET_STATUS_CUSTOMER_LABELS[ticket.status].toLowerCase()}. We answer at{' '}
            {order.email}.
          </p>
        ))}
        <p>Ask us about this order: whoever answers sees this same order, so there is nothing to explain twice.</p>
        <p>
          <ButtonLink href={token ? `${helpPath(order.number)}?t=${encodeURIComponent(token)}` : helpPath(order.number)}>Ask about this order</ButtonLink>
        </p>
      </section>
    );
  });

  /** The order and who is asking, or the order page's 404. */
  async function access(request: FastifyRequest, typedNumber: string, token: string | undefined): Promise<{ order: Order; viewer: OrderViewer }> {
    const order = await orderByNumber(db(), typedNumber);
    const viewer = order ? await viewerOf(platform, request, order, token) : null;
    if (!order || !viewer) throw notFound();
    return { order, viewer };
  }

  async function showForm(request: FastifyRequest, order: Order, token: string, form: { values: HelpValues; formToken: string; errors?: FormErrors; notice?: string }) {
    return (
      <HelpPage
        ctx={await app.pages.context(request)}
        orderNumber={order.number}
        email={order.email}
        orderHref={orderHref(order, token)}
        linkToken={token}
        formToken={form.formToken}
        values={form.values}
        {...(form.errors ? { errors: form.errors } : {})}
        {...(form.notice ? { notice: form.notice } : {})}
      />
    );
  }

  // The link token travels in the URL here: keep it out of Referer headers (the access log redacts `t=`).
  app.get<{ Params: { number: string }; Querystring: { t?: string } }>('/orders/:number/help', { config: { access: 'public' }, schema: { params: NumberParams, querystring: TokenQuery } }, async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const { order, viewer } = await access(request, request.params.number, request.query.t);
    const token = carriedToken(platform, viewer, order, request.query.t);
    return sendPage(reply, await showForm(request, order, token, { values: { topic: '', message: '' }, formToken: helpFormToken(platform, order.id) }));
  });

  app.post<{ Params: { number: string } }>('/orders/:number/help', { config: { access: 'public' }, schema: { params: NumberParams } }, async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const body = formBody(request);
    const typedToken = text(body, 't');
    const { order, viewer } = await access(request, request.params.number, typedToken || undefined);
    const token = carriedToken(platform, viewer, order, typedToken);
    const { values, errors, topic } = readHelpForm(body);
    const sourceKey = helpSourceKey(platform, text(body, 'formToken'), order.id);
    if (!errors.empty || !topic) {
      return sendPage(reply, await showForm(request, order, token, { values, errors, formToken: sourceKey ? text(body, 'formToken') : helpFormToken(platform, order.id) }), 400);
    }
    if (!sourceKey) {
      // Forged, garbled or a day old: nothing was sent. A fresh token, the words kept, one more press.
      const notice = 'The form was open too long to be sent safely. Check your question and send it again.';
      return sendPage(reply, await showForm(request, order, token, { values, formToken: helpFormToken(platform, order.id), notice }), 400);
    }
    const { ticket } = await platform.database.transaction((tx) =>
      openTicket(platform, tx, {
        channel: 'order_page',
        email: order.email,
        customerId: order.customerId,
        subject: `About order ${order.number}: ${topic.label}`,
        body: values.message,
        orderIds: [order.id],
        tags: topic.tag ? [topic.tag] : [],
        actor: actorOf(viewer),
        sourceKey,
      }),
    );
    const sent = `${helpPath(order.number)}/${ticket.number}`;
    return reply.redirect(token ? `${sent}?t=${encodeURIComponent(token)}` : sent, 303);
  });

  app.get<{ Params: { number: string; ticket: string }; Querystring: { t?: string } }>(
    '/orders/:number/help/:ticket',
    { config: { access: 'public' }, schema: { params: SentParams, querystring: TokenQuery } },
    async (request, reply) => {
      reply.header('referrer-policy', 'no-referrer');
      const { order, viewer } = await access(request, request.params.number, request.query.t);
      const ticket = await ticketByNumber(db(), request.params.ticket);
      // Only a request about this order: the order's viewers see nothing of any other ticket.
      if (!ticket || !ticket.orders.some((linked) => linked.orderId === order.id)) throw notFound();
      const token = carriedToken(platform, viewer, order, request.query.t);
      const promised = ticket.firstRespondedAt ? null : await promisedAnswer(db(), ticket.id);
      const promise = promised ? formatPromisedAnswer(promised.dueAt, await getStoreProfile(platform)) : null;
      return sendPage(
        reply,
        <HelpSentPage
          ctx={await app.pages.context(request)}
          ticketNumber={ticket.number}
          subject={ticket.subject}
          orderNumber={order.number}
          email={order.email}
          orderHref={orderHref(order, token)}
          promise={promise}
        />,
      );
    },
  );
}
