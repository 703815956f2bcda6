// The console's POST routes on a ticket (reply, handling, spam, merge, presence) and its own
// pages: macros (/admin/support/macros), satisfaction (/admin/support/satisfaction) and the
// escalation setting (/admin/support/escalation). Writing needs tickets.reply; assigning
// someone else and blocking a sender need tickets.assign; macros and the escalation setting
// are the desk's settings (settings.edit), which every agent reads.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import type { Platform } from '../../../platform/platform.ts';
import { checked, formBody, text } from '../../../web/forms/form-body.ts';
import { sendPage } from '../../../web/page-context.ts';
import { activeStaff, adminNav, can, type Permission, type StaffPrincipal as Staff } from '../../staff/index.ts';
import { editTicket } from '../edits.ts';
import { checkMacro, deleteMacro, fillPlaceholders, InvalidMacro, listMacros, macroById, macroNotFound, placeholderValues, saveMacro, unfilledPlaceholders } from '../macros.ts';
import { mergeTicket, MergeRefused } from '../merge.ts';
import { leaveTicket, notePresence } from '../presence.ts';
import type { Ticket } from '../read.ts';
import { ticketByNumber } from '../read.ts';
import { ReplyRaced, replyToTicket } from '../replies.ts';
import { satisfactionReport } from '../satisfaction.ts';
import { escalationPercent, setEscalationPercent } from '../sla/escalation.ts';
import { clearSpam, markSpam } from '../spam.ts';
import { isTicketStatus, TICKET_PRIORITIES, type TicketPriority } from '../states.ts';
import { InvalidTicket } from '../tickets.ts';
import { TicketClosed } from '../messages.ts';
import type { TicketForms } from './AdminTicketPage.tsx';
import { REPLY_MAX, type HandlingForm, type ReplyForm } from './ConsolePanels.tsx';
import { EscalationPage, MacroEditPage, MacrosPage, SatisfactionPage, type Period } from './ConsolePages.tsx';
import { ADMIN_SUPPORT_PATH, adminTicketPath, ESCALATION_PATH, MACROS_PATH, SATISFACTION_PATH } from './parts.tsx';

export interface DeskForms {
  reply?: ReplyForm;
  handling?: HandlingForm;
  mergeError?: string;
}

interface TicketRouteHelpers {
  ticketFor(typed: string): Promise<Ticket>;
  showTicket(request: FastifyRequest, reply: FastifyReply, staff: Staff, ticket: Ticket, forms: TicketForms, status: number, desk: DeskForms): Promise<unknown>;
  staffWith(request: FastifyRequest, permission: Permission): Promise<Staff>;
}

const STAFF_ROLES = ['agent', 'lead', 'admin'] as const;
const NumberParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 32 }) });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const PresenceBody = Type.Object({ replying: Type.Optional(Type.Boolean()), leaving: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
const PeriodQuery = Type.Object({ from: Type.Optional(Type.String({ maxLength: 10 })), to: Type.Optional(Type.String({ maxLength: 10 })) });
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

export function registerConsoleTicketRoutes(app: App, platform: Platform, { ticketFor, showTicket, staffWith }: TicketRouteHelpers): void {
  const db = () => platform.database.db;
  const config = { access: STAFF_ROLES };
  const back = (ticket: Ticket, anchor: string) => `${adminTicketPath(ticket.number)}#${anchor}`;

  app.post<{ Params: { number: string } }>(`${ADMIN_SUPPORT_PATH}/:number/reply`, { config, schema: { params: NumberParams } }, async (request, reply) => {
    const staff = await staffWith(request, 'tickets.reply');
    const ticket = await ticketFor(request.params.number);
    const body = formBody(request);
    const typed = text(body, 'body').slice(0, REPLY_MAX * 2);
    const thenTyped = text(body, 'then');
    const then = isTicketStatus(thenTyped) ? thenTyped : null;
    const form: ReplyForm = { value: typed, then: thenTyped };
    const length = typed.trim().length;
    const error = length === 0 ? 'Write the reply first.' : length > REPLY_MAX ? `Use at most ${REPLY_MAX.toLocaleString('en-US')} characters: this has ${length.toLocaleString('en-US')}.` : null;
    if (error) return showTicket(request, reply, staff, ticket, {}, 400, { reply: { ...form, error } });
    if (text(body, 'intent') === 'preview') {
      const filled = fillPlaceholders(typed, await placeholderValues(platform, db(), ticket, staff.name));
      return showTicket(request, reply, staff, ticket, {}, 200, { reply: { ...form, value: filled, preview: { text: filled.trim(), unfilled: unfilledPlaceholders(filled) } } });
    }
    const seen = Number.parseInt(text(body, 'seen'), 10);
    if (!Number.isInteger(seen) || seen < 0) return showTicket(request, reply, staff, ticket, {}, 400, { reply: { ...form, error: 'The form is incomplete: reload the page and send again.' } });
    try {
      await platform.database.transaction((tx) => replyToTicket(platform, tx, ticket.id, { body: typed, seenSeq: seen, staffId: staff.id, then }));
    } catch (problem) {
      if (problem instanceof ReplyRaced) return showTicket(request, reply, staff, await ticketFor(ticket.number), {}, 409, { reply: { ...form, newer: problem.newer } });
      if (problem instanceof TicketClosed) return showTicket(request, reply, staff, await ticketFor(ticket.number), {}, 409, { reply: { ...form, error: 'This ticket was closed meanwhile: it takes no more replies.' } });
      throw problem;
    }
    await notePresence(platform, db(), ticket.id, staff.id, false);
    return reply.redirect(back(ticket, 'conversation-heading'), 303);
  });

  app.post<{ Params: { number: string } }>(`${ADMIN_SUPPORT_PATH}/:number/handling`, { config, schema: { params: NumberParams } }, async (request, reply) => {
    const staff = await staffWith(request, 'tickets.reply');
    const ticket = await ticketFor(request.params.number);
    const body = formBody(request);
    const assignee = text(body, 'assignee') || null;
    // Taking a ticket yourself, or leaving it as it is, is anyone's; handing it to someone else is a lead's.
    if (assignee !== ticket.assigneeId && assignee !== null && assignee !== staff.id && !can(staff, 'tickets.assign')) {
      return showTicket(request, reply, staff, ticket, {}, 403, { handling: { error: 'Only a lead assigns a ticket to someone else: take it yourself, or ask a lead.' } });
    }
    if (assignee !== null && assignee !== ticket.assigneeId && !(await activeStaff(db())).some((person) => person.id === assignee)) {
      return showTicket(request, reply, staff, ticket, {}, 400, { handling: { error: 'Choose a staff member from the list.' } });
    }
    const priority = text(body, 'priority');
    try {
      await platform.database.transaction((tx) =>
        editTicket(
          platform,
          tx,
          ticket.id,
          {
            assigneeId: assignee,
            priority: (TICKET_PRIORITIES as readonly string[]).includes(priority) ? (priority as TicketPriority) : ticket.priority,
            queue: text(body, 'queue'),
            tags: text(body, 'tags')
              .split(',')
              .map((tag) => tag.trim())
              .filter((tag) => tag !== ''),
          },
          { kind: 'staff', id: staff.id },
        ),
      );
    } catch (problem) {
      if (!(problem instanceof InvalidTicket)) throw problem;
      return showTicket(request, reply, staff, ticket, {}, 400, { handling: { error: problem.detail ?? problem.title } });
    }
    return reply.redirect(back(ticket, 'handling-heading'), 303);
  });

  app.post<{ Params: { number: string } }>(`${ADMIN_SUPPORT_PATH}/:number/spam`, { config, schema: { params: NumberParams } }, async (request, reply) => {
    const staff = await staffWith(request, 'tickets.reply');
    const ticket = await ticketFor(request.params.number);
    const block = checked(formBody(request), 'block');
    if (block && !can(staff, 'tickets.assign')) return showTicket(request, reply, staff, ticket, {}, 403, { handling: { error: 'Only a lead blocks a sender. The ticket was not marked.' } });
    await platform.database.transaction((tx) => markSpam(platform, tx, ticket.id, { block }, { kind: 'staff', id: staff.id }));
    return reply.redirect(ADMIN_SUPPORT_PATH, 303);
  });

  app.post<{ Params: { number: string } }>(`${ADMIN_SUPPORT_PATH}/:number/not-spam`, { config, schema: { params: NumberParams } }, async (request, reply) => {
    const staff = await staffWith(request, 'tickets.assign');
    const ticket = await ticketFor(request.params.number);
    await platform.database.transaction((tx) => clearSpam(platform, tx, ticket.id, { kind: 'staff', id: staff.id }));
    return reply.redirect(back(ticket, 'handling-heading'), 303);
  });

  app.post<{ Params: { number: string } }>(`${ADMIN_SUPPORT_PATH}/:number/merge`, { config, schema: { params: NumberParams } }, async (request, reply) => {
    const staff = await staffWith(request, 'tickets.reply');
    const ticket = await ticketFor(request.params.number);
    const typed = text(formBody(request), 'into').slice(0, 32);
    const target = typed ? await ticketByNumber(db(), typed) : null;
    if (!target) return showTicket(request, reply, staff, ticket, {}, 400, { mergeError: typed ? `There is no ticket ${typed}.` : 'Type the number of the ticket to merge into.' });
    try {
      await platform.database.transaction((tx) => mergeTicket(platform, tx, ticket.id, target.id, { kind: 'staff', id: staff.id }));
    } catch (problem) {
      if (!(problem instanceof MergeRefused)) throw problem;
      return showTicket(request, reply, staff, await ticketFor(ticket.number), {}, 409, { mergeError: `${problem.title}. ${problem.detail ?? ''}`.trim() });
    }
    return reply.redirect(back(target, 'conversation-heading'), 303);
  });

  // The page's beat (JSON from the ticket-live island; a JSON body cannot come from a cross-site form).
  app.post<{ Params: { number: string }; Body: { replying?: boolean; leaving?: boolean } }>(
    `${ADMIN_SUPPORT_PATH}/:number/presence`,
    { config: { ...config, csrf: false }, schema: { params: NumberParams, body: PresenceBody } },
    async (request, reply) => {
      const staff = await staffWith(request, 'tickets.reply');
      if (request.headers['content-type']?.split(';')[0]?.trim() !== 'application/json') return reply.code(415).send();
      const ticket = await ticketFor(request.params.number);
      if (request.body.leaving) await leaveTicket(platform, db(), ticket.id, staff.id);
      else await notePresence(platform, db(), ticket.id, staff.id, request.body.replying === true);
      return reply.code(204).send();
    },
  );
}

export function registerConsolePages(app: App, platform: Platform, staffWith: TicketRouteHelpers['staffWith']): void {
  const db = () => platform.database.db;
  const config = { access: STAFF_ROLES };

  app.get(MACROS_PATH, { config }, async (request, reply) => {
    const staff = await staffWith(request, 'tickets.view');
    return sendPage(reply, <MacrosPage ctx={await app.pages.context(request)} nav={adminNav(staff, ADMIN_SUPPORT_PATH)} macros={await listMacros(db())} mayEdit={can(staff, 'settings.edit')} />);
  });

  const editPage = async (request: FastifyRequest, staff: Staff, id: string | null, values: { title: string; body: string }, errors: { field: string; message: string }[] = []) =>
    <MacroEditPage ctx={await app.pages.context(request)} nav={adminNav(staff, ADMIN_SUPPORT_PATH)} id={id} values={values} errors={errors} />;

  app.get(`${MACROS_PATH}/new`, { config }, async (request, reply) => {
    const staff = await staffWith(request, 'settings.edit');
    return sendPage(reply, await editPage(request, staff, null, { title: '', body: '' }));
  });

  app.get<{ Params: { id: string } }>(`${MACROS_PATH}/:id`, { config, schema: { params: IdParams } }, async (request, reply) => {
    const staff = await staffWith(request, 'settings.edit');
    const macro = await macroById(db(), request.params.id);
    if (!macro) throw macroNotFound();
    return sendPage(reply, await editPage(request, staff, macro.id, macro));
  });

  const save = async (request: FastifyRequest, reply: FastifyReply, id: string | null) => {
    const staff = await staffWith(request, 'settings.edit');
    const body = formBody(request);
    const values = { title: text(body, 'title').slice(0, 200), body: text(body, 'body').slice(0, 40_000) };
    const errors = checkMacro(values);
    if (errors.length > 0) return sendPage(reply, await editPage(request, staff, id, values, errors), 400);
    try {
      await platform.database.transaction((tx) => saveMacro(platform, tx, id, values, { kind: 'staff', id: staff.id }));
    } catch (problem) {
      if (!(problem instanceof InvalidMacro)) throw problem;
      return sendPage(reply, await editPage(request, staff, id, values, problem.errors ?? []), 409);
    }
    return reply.redirect(MACROS_PATH, 303);
  };
  app.post(`${MACROS_PATH}/new`, { config }, (request, reply) => save(request, reply, null));
  app.post<{ Params: { id: string } }>(`${MACROS_PATH}/:id`, { config, schema: { params: IdParams } }, async (request, reply) => {
    if (!(await macroById(db(), request.params.id))) {
      await staffWith(request, 'settings.edit');
      throw macroNotFound();
    }
    return save(request, reply, request.params.id);
  });
  app.post<{ Params: { id: string } }>(`${MACROS_PATH}/:id/delete`, { config, schema: { params: IdParams } }, async (request, reply) => {
    await staffWith(request, 'settings.edit');
    await platform.database.transaction((tx) => deleteMacro(tx, request.params.id));
    return reply.redirect(MACROS_PATH, 303);
  });

  app.get<{ Querystring: { from?: string; to?: string } }>(SATISFACTION_PATH, { config, schema: { querystring: PeriodQuery } }, async (request, reply) => {
    const staff = await staffWith(request, 'tickets.view');
    const today = new Date(Math.floor(platform.clock.now().getTime() / DAY_MS) * DAY_MS);
    const day = (typed: string | undefined, fallback: Date) => (typed && DAY.test(typed) && !Number.isNaN(Date.parse(`${typed}T00:00:00Z`)) ? new Date(`${typed}T00:00:00Z`) : fallback);
    const from = day(request.query.from, new Date(today.getTime() - 29 * DAY_MS));
    const until = day(request.query.to, today);
    const period: Period = { from, to: until, error: until < from ? 'The end of the period is before its start: showing nothing.' : null };
    const report = await satisfactionReport(db(), from, new Date(until.getTime() + DAY_MS));
    const people = await activeStaff(db());
    return sendPage(reply, <SatisfactionPage ctx={await app.pages.context(request)} nav={adminNav(staff, ADMIN_SUPPORT_PATH)} period={period} report={report} staffNames={new Map(people.map((p) => [p.id, p.name]))} />);
  });

  app.get(ESCALATION_PATH, { config }, async (request, reply) => {
    const staff = await staffWith(request, 'tickets.view');
    return sendPage(reply, <EscalationPage ctx={await app.pages.context(request)} nav={adminNav(staff, ADMIN_SUPPORT_PATH)} percent={await escalationPercent(db())} mayEdit={can(staff, 'settings.edit')} />);
  });

  app.post(ESCALATION_PATH, { config }, async (request, reply) => {
    const staff = await staffWith(request, 'settings.edit');
    const typed = text(formBody(request), 'percent').trim();
    const percent = /^\d{1,3}$/.test(typed) ? Number(typed) : NaN;
    if (!(percent >= 1 && percent <= 100)) {
      return sendPage(reply, <EscalationPage ctx={await app.pages.context(request)} nav={adminNav(staff, ADMIN_SUPPORT_PATH)} percent={await escalationPercent(db())} mayEdit error={`Type a whole number from 1 to 100, not “${typed.slice(0, 20)}”. Nothing was changed.`} />, 400);
    }
    await platform.database.transaction((tx) => setEscalationPercent(platform, tx, percent));
    return reply.redirect(`${ESCALATION_PATH}?saved=1`, 303);
  });
}
