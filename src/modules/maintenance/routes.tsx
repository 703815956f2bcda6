// The maintenance module's routes: the admin pages (any staff member looks; changes need
// maintenance.manage), the status page's section and /status.json's `maintenance` list
// (through site's hook), and the subscription's public pages.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../platform/http/app.ts';
import type { Principal, StaffRole } from '../../platform/http/principal.ts';
import { problems } from '../../platform/http/problem.ts';
import type { Platform } from '../../platform/platform.ts';
import { formBody, text } from '../../web/forms/form-body.ts';
import { FormErrors } from '../../web/forms/form-errors.ts';
import { sendPage } from '../../web/page-context.ts';
import { emailProblem, POST_RATE_LIMIT } from '../customers/index.ts';
import { getStoreProfile, registerStatusSection } from '../site/index.ts';
import { addAdminNavItem, adminNav, can, signedInStaff, staffWith } from '../staff/index.ts';
import { addProblems, emptyWindowForm, endForm, parseEndForm, parseWindowForm, type WindowForm } from './form.ts';
import { MAINTENANCE_PATH, MaintenancePage, WindowPage } from './pages/admin.tsx';
import { parseSettingsForm, SETTINGS_PATH, SettingsSection, settingsForm, type SettingsForm } from './pages/settings.tsx';
import { readMaintenanceSettings, saveMaintenanceSettings } from './state.ts';
import { ConfirmSubscriptionPage, MaintenanceStatusSection, StopSubscriptionPage, SUBSCRIBE_PATH, SubscribeRefusedPage, SubscribeSentPage } from './pages/public.tsx';
import { confirmSubscription, requestSubscription, STATUS_CONFIRM_PATH, STATUS_STOP_PATH, stopSubscription, subscriberToConfirm, subscriberToStop } from './subscribers.ts';
import { formatMoment } from './times.ts';
import { announceWindow, cancelWindow, changeWindowEnd, endWindowNow, scheduledWindows, scheduleWindow, windowById, windowsForAdmin, type ChangeOutcome, type MaintenanceWindow } from './windows.ts';

const STAFF_ROLES: readonly StaffRole[] = ['agent', 'lead', 'admin'];
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const NoticeQuery = Type.Object({ notice: Type.Optional(Type.String({ maxLength: 20 })) });
const TokenQuery = Type.Object({ token: Type.String({ maxLength: 1000 }) });
/** The admin lists this many past windows. */
const PAST_SHOWN = 20;

const NOTICES: Record<string, string> = {
  scheduled: 'Window scheduled. Announce it by email below when you are ready.',
  changed: 'New end saved.',
  ended: 'Window ended.',
  cancelled: 'Window cancelled.',
  announced: 'Announcement on its way: each subscriber and customer concerned gets one email.',
  settings: 'Settings saved.',
};

export function registerMaintenanceRoutes(app: App, platform: Platform): void {
  addAdminNavItem({ label: 'Maintenance', href: MAINTENANCE_PATH, order: 750 });
  const db = () => platform.database.db;
  const config = { access: STAFF_ROLES };
  const store = () => getStoreProfile(platform);

  const staff = signedInStaff;
  const manager = (request: FastifyRequest) => staffWith(request, 'maintenance.manage');

  async function sendList(request: FastifyRequest, reply: FastifyReply, viewer: Principal, schedule: { form: WindowForm; errors?: FormErrors }, notice?: string, status = 200, settingsEdit?: { form: SettingsForm; errors: FormErrors }) {
    const now = platform.clock.now();
    const [windows, profile, ctx, settings] = await Promise.all([windowsForAdmin(db(), now, PAST_SHOWN), store(), app.pages.context(request), readMaintenanceSettings(db())]);
    const canManage = can(viewer, 'maintenance.manage');
    const settingsSection = <SettingsSection csrfToken={ctx.csrfToken} canManage={canManage} settings={settings} form={settingsEdit?.form ?? settingsForm(settings)} errors={settingsEdit?.errors} />;
    return sendPage(reply, <MaintenancePage ctx={ctx} nav={adminNav(viewer, MAINTENANCE_PATH)} store={profile} now={now} canManage={canManage} notice={notice} windows={windows} schedule={schedule} settings={settingsSection} />, status);
  }

  async function sendWindow(request: FastifyRequest, reply: FastifyReply, viewer: Principal, window: MaintenanceWindow, options: { errors?: FormErrors; form?: WindowForm; notice?: string | undefined; status?: number } = {}) {
    const [profile, ctx] = await Promise.all([store(), app.pages.context(request)]);
    const form = options.form ?? { ...emptyWindowForm(), ...endForm(window, profile.timeZone) };
    const edit = { form, ...(options.errors ? { errors: options.errors } : {}) };
    return sendPage(reply, <WindowPage ctx={ctx} nav={adminNav(viewer, MAINTENANCE_PATH)} store={profile} now={platform.clock.now()} canManage={can(viewer, 'maintenance.manage')} notice={options.notice} window={window} edit={edit} />, options.status);
  }

  async function stored(id: string): Promise<MaintenanceWindow> {
    const window = await windowById(db(), id);
    if (!window) throw problems.notFound('maintenance window');
    return window;
  }

  /** A change refused for the window's state: its page says why. */
  function closedNotice(outcome: ChangeOutcome): string | undefined {
    if (outcome.kind !== 'closed') return undefined;
    if (outcome.phase === 'upcoming') return 'It has not started: cancel it instead.';
    if (outcome.phase === 'running') return 'It has started: end it now instead.';
    return `It is ${outcome.phase === 'cancelled' ? 'cancelled' : 'over'}: nothing was changed.`;
  }

  async function afterChange(request: FastifyRequest, reply: FastifyReply, viewer: Principal, id: string, outcome: ChangeOutcome, notice: string, form?: WindowForm) {
    if (outcome.kind === 'missing') throw problems.notFound('maintenance window');
    if (outcome.kind === 'saved') return reply.redirect(`${MAINTENANCE_PATH}/${id}?notice=${notice}`, 303);
    const window = await stored(id);
    if (outcome.kind === 'refused') return sendWindow(request, reply, viewer, window, { errors: addProblems(new FormErrors(), outcome.problems), ...(form ? { form } : {}), status: 400 });
    return sendWindow(request, reply, viewer, window, { notice: closedNotice(outcome), status: 409 });
  }

  app.get<{ Querystring: { notice?: string } }>(MAINTENANCE_PATH, { config, schema: { querystring: NoticeQuery } }, async (request, reply) => {
    const viewer = await staff(request);
    return sendList(request, reply, viewer, { form: emptyWindowForm() }, NOTICES[request.query.notice ?? '']);
  });

  app.post(MAINTENANCE_PATH, { config }, async (request, reply) => {
    const viewer = await manager(request);
    const profile = await store();
    const { form, errors, input } = parseWindowForm(formBody(request), profile.timeZone);
    if (!input) return sendList(request, reply, viewer, { form, errors }, undefined, 400);
    const outcome = await platform.database.transaction((tx) => scheduleWindow(platform, tx, input, profile, viewer.id));
    if (outcome.kind === 'refused') return sendList(request, reply, viewer, { form, errors: addProblems(errors, outcome.problems) }, undefined, 400);
    return reply.redirect(`${MAINTENANCE_PATH}/${outcome.window.id}?notice=scheduled`, 303);
  });

  app.get<{ Params: { id: string }; Querystring: { notice?: string } }>(`${MAINTENANCE_PATH}/:id`, { config, schema: { params: IdParams, querystring: NoticeQuery } }, async (request, reply) => {
    const viewer = await staff(request);
    return sendWindow(request, reply, viewer, await stored(request.params.id), { notice: NOTICES[request.query.notice ?? ''] });
  });

  app.post(SETTINGS_PATH, { config }, async (request, reply) => {
    const viewer = await manager(request);
    const { form, errors, settings } = parseSettingsForm(formBody(request));
    if (!settings) return sendList(request, reply, viewer, { form: emptyWindowForm() }, undefined, 400, { form, errors });
    await platform.database.transaction((tx) => saveMaintenanceSettings(platform.database, tx, settings, platform.clock.now()));
    return reply.redirect(`${MAINTENANCE_PATH}?notice=settings`, 303);
  });

  app.post<{ Params: { id: string } }>(`${MAINTENANCE_PATH}/:id`, { config, schema: { params: IdParams } }, async (request, reply) => {
    const viewer = await manager(request);
    const profile = await store();
    const { form, errors, endsAt } = parseEndForm(formBody(request), profile.timeZone);
    if (!endsAt) return sendWindow(request, reply, viewer, await stored(request.params.id), { form, errors, status: 400 });
    const outcome = await platform.database.transaction((tx) => changeWindowEnd(platform, tx, request.params.id, endsAt, profile, viewer.id));
    return afterChange(request, reply, viewer, request.params.id, outcome, 'changed', form);
  });

  app.post<{ Params: { id: string } }>(`${MAINTENANCE_PATH}/:id/end`, { config, schema: { params: IdParams } }, async (request, reply) => {
    const viewer = await manager(request);
    const profile = await store();
    const outcome = await platform.database.transaction((tx) => endWindowNow(platform, tx, request.params.id, profile, viewer.id));
    return afterChange(request, reply, viewer, request.params.id, outcome, 'ended');
  });

  app.post<{ Params: { id: string } }>(`${MAINTENANCE_PATH}/:id/cancel`, { config, schema: { params: IdParams } }, async (request, reply) => {
    const viewer = await manager(request);
    const outcome = await platform.database.transaction((tx) => cancelWindow(platform, tx, request.params.id, viewer.id));
    return afterChange(request, reply, viewer, request.params.id, outcome, 'cancelled');
  });

  app.post<{ Params: { id: string } }>(`${MAINTENANCE_PATH}/:id/announce`, { config, schema: { params: IdParams } }, async (request, reply) => {
    const viewer = await manager(request);
    const outcome = await platform.database.transaction((tx) => announceWindow(platform, tx, request.params.id, viewer.id));
    if (outcome.kind === 'missing') throw problems.notFound('maintenance window');
    if (outcome.kind === 'announced') return reply.redirect(`${MAINTENANCE_PATH}/${request.params.id}?notice=announced`, 303);
    const window = await stored(request.params.id);
    const profile = await store();
    const notice =
      outcome.kind === 'already'
        ? `It was already announced, on ${formatMoment(outcome.at, profile)}: nobody was emailed again.`
        : closedNotice(outcome);
    return sendWindow(request, reply, viewer, window, { notice, status: 409 });
  });

  registerStatusSection(platform, {
    async json() {
      const [windows, profile] = await Promise.all([scheduledWindows(db(), platform.clock.now()), store()]);
      return {
        maintenance: windows.map((window) => ({ id: window.id, startsAt: window.startsAt.toISOString(), endsAt: window.endsAt.toISOString(), timeZone: profile.timeZone, scope: window.scope, message: window.message })),
      };
    },
    async page({ csrfToken }) {
      const now = platform.clock.now();
      const [windows, profile] = await Promise.all([scheduledWindows(db(), now), store()]);
      return <MaintenanceStatusSection windows={windows} store={profile} now={now} csrfToken={csrfToken} />;
    },
  });

  const open = { access: 'public' as const };
  // Links in emails stay out of the access log, like the other signed links.
  const quiet = { logLevel: 'warn' as const };

  app.post(SUBSCRIBE_PATH, { config: { ...open, rateLimit: POST_RATE_LIMIT } }, async (request, reply) => {
    const email = text(formBody(request), 'email').trim();
    const problem = emailProblem(email);
    const ctx = await app.pages.context(request);
    if (problem) return sendPage(reply, <SubscribeRefusedPage ctx={ctx} email={email.slice(0, 254)} error={problem} />, 400);
    await platform.database.transaction((tx) => requestSubscription(platform, tx, email));
    return sendPage(reply, <SubscribeSentPage ctx={ctx} />);
  });

  app.get<{ Querystring: { token: string } }>(STATUS_CONFIRM_PATH, { config: open, ...quiet, schema: { querystring: TokenQuery } }, async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const subscriber = await subscriberToConfirm(platform, db(), request.query.token);
    return sendPage(reply, <ConfirmSubscriptionPage ctx={await app.pages.context(request)} token={request.query.token} subscriber={subscriber} done={false} />, subscriber ? 200 : 410);
  });

  app.post<{ Querystring: { token: string } }>(STATUS_CONFIRM_PATH, { config: { ...open, rateLimit: POST_RATE_LIMIT }, ...quiet, schema: { querystring: TokenQuery } }, async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const subscriber = await platform.database.transaction((tx) => confirmSubscription(platform, tx, request.query.token));
    return sendPage(reply, <ConfirmSubscriptionPage ctx={await app.pages.context(request)} token={request.query.token} subscriber={subscriber} done />, subscriber ? 200 : 410);
  });

  app.get<{ Querystring: { token: string } }>(STATUS_STOP_PATH, { config: open, ...quiet, schema: { querystring: TokenQuery } }, async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const subscriber = await subscriberToStop(platform, db(), request.query.token);
    return sendPage(reply, <StopSubscriptionPage ctx={await app.pages.context(request)} token={request.query.token} subscriber={subscriber} />, subscriber ? 200 : 410);
  });

  app.post<{ Querystring: { token: string } }>(STATUS_STOP_PATH, { config: { ...open, rateLimit: POST_RATE_LIMIT }, ...quiet, schema: { querystring: TokenQuery } }, async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const subscriber = await platform.database.transaction((tx) => stopSubscription(platform, tx, request.query.token));
    return sendPage(reply, <StopSubscriptionPage ctx={await app.pages.context(request)} token={request.query.token} subscriber={subscriber} />, subscriber ? 200 : 410);
  });
}
