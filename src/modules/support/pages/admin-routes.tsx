// The desk's staff pages: the ticket list, one ticket, adding an internal note and moving a
// ticket, the "Support" entry in the admin navigation and the tickets section of the staff
// order page. Every staff role reaches the routes; seeing tickets needs tickets.view and
// writing on them tickets.reply (both checked here, per request).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { remember } from '../../../platform/memo.ts';
import type { StaffRole } from '../../../platform/http/principal.ts';
import { Problem } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import { formBody, text } from '../../../web/forms/form-body.ts';
import { sendPage } from '../../../web/page-context.ts';
import { registerStaffOrderSection, renderOrderSections } from '../../orders/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import { activeStaff, addAdminNavItem, adminNav, can, permissionsOf, staffWith, type StaffPrincipal as Staff } from '../../staff/index.ts';
import { normalizeQueue } from '../edits.ts';
import { fillPlaceholders, listMacros, macroById, placeholderValues } from '../macros.ts';
import { notePresence, othersPresent } from '../presence.ts';
import { listQueue, QUEUE_VIEWS, queueNames, type QueueView } from '../queues.ts';
import { addTicketMessage, TicketClosed } from '../messages.ts';
import { ratingOf } from '../ratings.ts';
import { ticketById, ticketByNumber, ticketHistory, ticketMessagesOf, ticketsForOrder, type Ticket } from '../read.ts';
import { isTicketStatus, TICKET_PRIORITIES, TICKET_STATUS_LABELS, type TicketPriority } from '../states.ts';
import { IllegalTicketTransition, markTicketRead, setTicketStatus } from '../status.ts';
import { normalizeTag } from '../tags.ts';
import { renderTicketSections } from '../sections.ts';
import { AdminTicketPage, NOTE_MAX, type TicketForms } from './AdminTicketPage.tsx';
import { ActiveNotice, activeNoticeFacts } from '../../status-incidents/index.ts';
import { AdminTicketsPage } from './AdminTicketsPage.tsx';
import { registerConsolePages, registerConsoleTicketRoutes, type DeskForms } from './console-routes.tsx';
import { customerProfile } from './profile.ts';
import { inboundEmailsOf } from '../inbound/read.ts';
import { ADMIN_SUPPORT_PATH, adminTicketPath, TicketStatusBadge } from './parts.tsx';

const STAFF_ROLES: readonly StaffRole[] = ['agent', 'lead', 'admin'];

const ListQuery = Type.Object({
  view: Type.Optional(Type.Union(QUEUE_VIEWS.map((view) => Type.Literal(view)))),
  queue: Type.Optional(Type.String({ maxLength: 40 })),
  priority: Type.Optional(Type.Union(TICKET_PRIORITIES.map((priority) => Type.Literal(priority)))),
  tag: Type.Optional(Type.String({ maxLength: 40 })),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
});
const TicketQuery = Type.Object({ macro: Type.Optional(Type.String({ maxLength: 64 })), order: Type.Optional(Type.String({ maxLength: 64 })) });
const NumberParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 32 }) });

const ticketNotFound = () => new Problem({ status: 404, type: 'ticket-not-found', title: 'We could not find that ticket', detail: 'Check the number (it looks like T-48213), or find the ticket in the list.' });

export function registerAdminSupportRoutes(app: App, platform: Platform): void {
  const db = () => platform.database.db;
  const config = { access: STAFF_ROLES };
  const format = async () => {
    const profile = await getStoreProfile(platform);
    return { locale: profile.locale, timeZone: profile.timeZone };
  };

  addAdminNavItem({ label: 'Support', href: ADMIN_SUPPORT_PATH, permission: 'tickets.view', order: 20 });

  registerStaffOrderSection(platform, async ({ order, viewer }) => {
    if (viewer.kind !== 'staff' || !permissionsOf(viewer.role).includes('tickets.view')) return null;
    const found = await ticketsForOrder(db(), order.id);
    return (
      <section class="card" aria-labelledby="order-tickets-title">
        <h2 id="order-tickets-title">Support tickets</h2>
        {found.length === 0 ? (
          <p>No ticket is about this order.</p>
        ) : (
          <ul>
            {found.map((ticket) => (
              <li key={ticket.id}>
                <a href={adminTicketPath(ticket.number)}>{ticket.number}</a> {ticket.subject} <TicketStatusBadge status={ticket.status} />
              </li>
            ))}
          </ul>
        )}
      </section>
    );
  });

  app.get<{ Querystring: { view?: QueueView; queue?: string; priority?: TicketPriority; tag?: string; q?: string; page?: number } }>(ADMIN_SUPPORT_PATH, { config, schema: { querystring: ListQuery } }, async (request, reply) => {
    const staff = await staffWith(request, 'tickets.view');
    const view = request.query.view ?? 'open';
    const queue = view === 'queue' ? (normalizeQueue(request.query.queue ?? 'general') ?? 'general') : '';
    const typedTag = (request.query.tag ?? '').trim();
    const tag = typedTag ? normalizeTag(typedTag) : null;
    const q = (request.query.q ?? '').trim();
    const query = { view, queue, priority: request.query.priority ?? ('' as const), tag: typedTag, q };
    // A tag that normalises to nothing can match nothing: say so rather than list everything.
    const [list, queues, people, notice] = await Promise.all([
      typedTag && !tag
        ? { rows: [], total: 0, more: false, page: 1, pageCount: 1 }
        : listQueue(db(), { view, queue, ...(request.query.priority ? { priority: request.query.priority } : {}), ...(tag ? { tag } : {}), q, page: request.query.page ?? 1 }, staff.id),
      // The queue picker is drawn only on the queue view.
      view === 'queue' ? remember(db(), 'support.queues', 'names', () => queueNames(db())) : Promise.resolve([queue]),
      // Names for the assignee column: a list read on every queue page, a few seconds old at most.
      remember(db(), 'support.staff', 'active', () => activeStaff(db())),
      activeNoticeFacts(platform),
    ]);
    return sendPage(
      reply,
      <AdminTicketsPage
        statusNotice={<ActiveNotice facts={notice} />}
        ctx={await app.pages.context(request)}
        nav={adminNav(staff, ADMIN_SUPPORT_PATH)}
        query={query}
        list={list}
        queues={queues}
        staffNames={new Map(people.map((person) => [person.id, person.name]))}
        now={platform.clock.now()}
        format={await format()}
        mayConfigure={can(staff, 'settings.edit')}
      />,
    );
  });

  async function showTicket(request: FastifyRequest, reply: FastifyReply, staff: Staff, ticket: Ticket, forms: TicketForms = {}, status = 200, desk: DeskForms = {}) {
    const ctx = await app.pages.context(request);
    const mayReply = can(staff, 'tickets.reply');
    const focusNumber = (request.query as { order?: string } | undefined)?.order;
    const [messages, history, rating, sections, others, people, macros, profile, emails] = await Promise.all([
      ticketMessagesOf(db(), ticket.id),
      ticketHistory(db(), ticket.id),
      ratingOf(db(), ticket.id),
      renderTicketSections({ platform, ticket, staff, csrfToken: ctx.csrfToken }),
      othersPresent(platform, db(), ticket.id, staff.id),
      activeStaff(db()),
      mayReply ? listMacros(db()) : Promise.resolve([]),
      customerProfile(platform, ticket, focusNumber),
      inboundEmailsOf(db(), ticket.id),
    ]);
    const notice = await activeNoticeFacts(platform);
    const staffNames = new Map(people.map((person) => [person.id, person.name]));
    const orderSections = profile?.focus ? await renderOrderSections('staff', { platform, order: profile.focus.order, viewer: { kind: 'staff', staffId: staff.id, role: staff.role }, csrfToken: ctx.csrfToken }) : [];
    const merged = ticket.mergedIntoId ? await ticketById(db(), ticket.mergedIntoId) : null;
    return sendPage(
      reply,
      <AdminTicketPage
        ctx={ctx}
        nav={adminNav(staff, ADMIN_SUPPORT_PATH)}
        ticket={ticket}
        messages={messages}
        history={history}
        staffNames={staffNames}
        mayReply={mayReply}
        forms={forms}
        format={await format()}
        rating={rating}
        now={platform.clock.now()}
        sections={sections}
        emails={emails}
        others={others.map((other) => ({ name: staffNames.get(other.staffId) ?? 'A staff member', replying: other.replying }))}
        profile={profile}
        orderSections={orderSections}
        mergedInto={merged?.number ?? null}
        statusNotice={<ActiveNotice facts={notice} />}
        {...(mayReply
          ? {
              console: {
                meId: staff.id,
                mayAssign: can(staff, 'tickets.assign'),
                staff: people.map((person) => ({ id: person.id, name: person.name })),
                macros,
                reply: desk.reply ?? { value: '' },
                handling: desk.handling ?? {},
                ...(desk.mergeError ? { mergeError: desk.mergeError } : {}),
              },
            }
          : {})}
      />,
      status,
    );
  }

  async function ticketFor(typed: string): Promise<Ticket> {
    const ticket = await ticketByNumber(db(), typed);
    if (!ticket) throw ticketNotFound();
    return ticket;
  }

  app.get<{ Params: { number: string }; Querystring: { macro?: string; order?: string } }>(`${ADMIN_SUPPORT_PATH}/:number`, { config, schema: { params: NumberParams, querystring: TicketQuery } }, async (request, reply) => {
    const staff = await staffWith(request, 'tickets.view');
    let ticket = await ticketFor(request.params.number);
    if (can(staff, 'tickets.reply')) await notePresence(platform, db(), ticket.id, staff.id, false);
    // A read receipt, not a change anyone asked for: the first time someone who answers tickets
    // opens it is recorded once and announced (support.ticket_read: "we have read your question").
    // Staff pages sit behind sign-in, so no mail scanner or prefetch can trigger it.
    if (!ticket.firstReadAt && can(staff, 'tickets.reply')) {
      const first = await platform.database.transaction((tx) => markTicketRead(platform, tx, ticket.id, staff.id));
      if (first) ticket = await ticketFor(ticket.number);
    }
    // "Insert macro": the reply box comes back holding the macro's text, placeholders filled.
    if (request.query.macro && can(staff, 'tickets.reply')) {
      const macro = await macroById(db(), request.query.macro);
      if (!macro) return showTicket(request, reply, staff, ticket, {}, 404, { reply: { value: '', error: 'That macro is gone: it may have been deleted. Choose another.' } });
      const values = await placeholderValues(platform, db(), ticket, staff.name);
      return showTicket(request, reply, staff, ticket, {}, 200, { reply: { value: fillPlaceholders(macro.body, values) } });
    }
    return showTicket(request, reply, staff, ticket);
  });

  registerConsoleTicketRoutes(app, platform, { ticketFor, showTicket, staffWith });
  registerConsolePages(app, platform, staffWith);

  app.post<{ Params: { number: string } }>(`${ADMIN_SUPPORT_PATH}/:number/notes`, { config, schema: { params: NumberParams } }, async (request, reply) => {
    const staff = await staffWith(request, 'tickets.reply');
    const ticket = await ticketFor(request.params.number);
    const typed = text(formBody(request), 'body').slice(0, NOTE_MAX * 2);
    const length = typed.trim().length;
    const error = length === 0 ? 'Write the note first.' : length > NOTE_MAX ? `Use at most ${NOTE_MAX.toLocaleString('en-US')} characters: this has ${length.toLocaleString('en-US')}.` : null;
    if (error) return showTicket(request, reply, staff, ticket, { note: { value: typed, error } }, 400);
    try {
      await platform.database.transaction((tx) => addTicketMessage(platform, tx, ticket.id, { kind: 'internal_note', body: typed, actor: { kind: 'staff', id: staff.id } }));
    } catch (problem) {
      if (!(problem instanceof TicketClosed)) throw problem;
      return showTicket(request, reply, staff, await ticketFor(ticket.number), { note: { value: typed, error: 'This ticket was closed meanwhile: it takes no more notes.' } }, 409);
    }
    return reply.redirect(`${adminTicketPath(ticket.number)}#conversation-heading`, 303);
  });

  app.post<{ Params: { number: string } }>(`${ADMIN_SUPPORT_PATH}/:number/status`, { config, schema: { params: NumberParams } }, async (request, reply) => {
    const staff = await staffWith(request, 'tickets.reply');
    const ticket = await ticketFor(request.params.number);
    const body = formBody(request);
    const to = text(body, 'status');
    const from = text(body, 'from');
    if (!isTicketStatus(to)) return showTicket(request, reply, staff, ticket, { status: { error: 'Choose a status from the list.' } }, 400);
    // The form was made for the status the agent saw; if someone moved the ticket since, show them where it is now.
    if (from !== ticket.status) {
      return showTicket(request, reply, staff, ticket, { status: { error: `Someone moved it to ${TICKET_STATUS_LABELS[ticket.status]} meanwhile. Check the history, then choose again.` } }, 409);
    }
    try {
      await platform.database.transaction((tx) => setTicketStatus(platform, tx, ticket.id, to, { actor: { kind: 'staff', id: staff.id }, reason: text(body, 'reason').slice(0, 500) }));
    } catch (problem) {
      if (!(problem instanceof IllegalTicketTransition)) throw problem;
      return showTicket(request, reply, staff, await ticketFor(ticket.number), { status: { error: problem.title } }, 409);
    }
    return reply.redirect(`${adminTicketPath(ticket.number)}#status-heading`, 303);
  });
}
