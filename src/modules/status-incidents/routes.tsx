// The status-incidents module's routes: the admin pages (any staff member looks;
// maintenance.manage opens, updates and resolves), the status page's sections and JSON
// fields (through site's hook), each part's state from open incidents and running windows,
// one incident's public page and the Atom feed.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../platform/http/app.ts';
import type { Principal, StaffRole } from '../../platform/http/principal.ts';
import { problems } from '../../platform/http/problem.ts';
import type { Platform } from '../../platform/platform.ts';
import { formBody, text } from '../../web/forms/form-body.ts';
import { FormErrors } from '../../web/forms/form-errors.ts';
import { sendPage } from '../../web/page-context.ts';
import { formatSpanWithZone, SCOPE_LABELS, scheduledWindows, windowsBetween, type MaintenanceWindow } from '../maintenance/index.ts';
import { getStoreProfile, registerComponentSignals, registerStatusSection, type StoreProfile } from '../site/index.ts';
import { addAdminNavItem, adminNav, can, signedInStaff, staffWith } from '../staff/index.ts';
import { atomFeed, FEED_PATH } from './feed.ts';
import { dailyHistory, historyStart, signalsAt } from './history.ts';
import { activeIncidents, activeIncidentsNow, incidentById, incidentsBetween, incidentsForAdmin, openIncident, postUpdate, type IncidentProblem, type IncidentWithUpdates } from './incidents.ts';
import { emptyIncidentForm, IncidentAdminPage, IncidentsPage, type IncidentForm } from './pages/admin.tsx';
import { ActiveIncidentsSection, HistorySection, IncidentPage } from './pages/public.tsx';
import { INCIDENT_STATE_LABELS, INCIDENTS_ADMIN_PATH, INCIDENTS_PUBLIC_PATH } from './words.ts';

const STAFF_ROLES: readonly StaffRole[] = ['agent', 'lead', 'admin'];
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const NoticeQuery = Type.Object({ notice: Type.Optional(Type.String({ maxLength: 20 })) });
/** The admin lists this many resolved incidents. */
const RESOLVED_SHOWN = 20;

const NOTICES: Record<string, string> = {
  opened: 'Incident opened: it is on the status page, and confirmed subscribers are being emailed.',
  posted: 'Update posted on the status page.',
  resolved: 'Incident resolved: subscribers are being emailed that it is over.',
};

const toErrors = (list: readonly IncidentProblem[]) => {
  const errors = new FormErrors();
  for (const problem of list) errors.add(problem.field, problem.message);
  return errors;
};

const values = (body: Readonly<Record<string, unknown>>, name: string): string[] => {
  const value = body[name];
  return (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
};

export function describeWindow(window: MaintenanceWindow, profile: StoreProfile): string {
  return `${formatSpanWithZone(window.startsAt, window.endsAt, profile)}. ${SCOPE_LABELS[window.scope]}: ${window.message}`;
}

/** What the status page and its JSON show: incidents now and of the last 90 days, windows, the history. */
async function statusFacts(platform: Platform) {
  const db = platform.database.db;
  const now = platform.clock.now();
  const profile = await getStoreProfile(platform);
  const from = historyStart(now, profile.timeZone);
  const [active, past, windows] = await Promise.all([activeIncidents(db), incidentsBetween(db, from, now), windowsBetween(db, from, now)]);
  return { now, profile, active, past, windows, history: dailyHistory(now, profile.timeZone, past, windows) };
}

const incidentJson = (incident: IncidentWithUpdates, baseUrl: string) => ({
  id: incident.id,
  url: `${baseUrl}${INCIDENTS_PUBLIC_PATH}/${incident.id}`,
  title: incident.title,
  components: incident.components,
  impact: incident.impact,
  state: incident.state,
  openedAt: incident.openedAt.toISOString(),
  resolvedAt: incident.resolvedAt?.toISOString() ?? null,
  updates: incident.updates.map((update) => ({ state: update.state, message: update.message, postedAt: update.postedAt.toISOString() })),
});

export function registerIncidentRoutes(app: App, platform: Platform): void {
  addAdminNavItem({ label: 'Incidents', href: INCIDENTS_ADMIN_PATH, order: 760 });
  const db = () => platform.database.db;
  const config = { access: STAFF_ROLES };
  const store = () => getStoreProfile(platform);

  const staff = signedInStaff;
  const manager = (request: FastifyRequest) => staffWith(request, 'maintenance.manage');

  async function sendList(request: FastifyRequest, reply: FastifyReply, viewer: Principal, form: IncidentForm, errors?: FormErrors, notice?: string, status = 200) {
    const [list, profile, ctx] = await Promise.all([incidentsForAdmin(db(), RESOLVED_SHOWN), store(), app.pages.context(request)]);
    return sendPage(reply, <IncidentsPage ctx={ctx} nav={adminNav(viewer, INCIDENTS_ADMIN_PATH)} store={profile} canManage={can(viewer, 'maintenance.manage')} notice={notice} list={list} form={form} errors={errors} />, status);
  }

  async function sendIncident(request: FastifyRequest, reply: FastifyReply, viewer: Principal, id: string, options: { form?: { state: string; message: string }; errors?: FormErrors; notice?: string | undefined; status?: number } = {}) {
    const [incident, profile, ctx] = await Promise.all([incidentById(db(), id), store(), app.pages.context(request)]);
    if (!incident) throw problems.notFound('incident');
    const form = options.form ?? { state: incident.state === 'resolved' ? 'resolved' : incident.state, message: '' };
    return sendPage(reply, <IncidentAdminPage ctx={ctx} nav={adminNav(viewer, INCIDENTS_ADMIN_PATH)} store={profile} canManage={can(viewer, 'maintenance.manage')} notice={options.notice} incident={incident} form={form} errors={options.errors} />, options.status);
  }

  app.get<{ Querystring: { notice?: string } }>(INCIDENTS_ADMIN_PATH, { config, schema: { querystring: NoticeQuery } }, async (request, reply) => {
    const viewer = await staff(request);
    return sendList(request, reply, viewer, emptyIncidentForm(), undefined, NOTICES[request.query.notice ?? '']);
  });

  app.post(INCIDENTS_ADMIN_PATH, { config }, async (request, reply) => {
    const viewer = await manager(request);
    const body = formBody(request);
    const form: IncidentForm = { title: text(body, 'title'), components: values(body, 'components'), impact: text(body, 'impact'), state: text(body, 'state') || 'investigating', message: text(body, 'message') };
    const outcome = await platform.database.transaction((tx) => openIncident(platform, tx, form, `staff:${viewer.id}`));
    if (outcome.kind === 'refused') return sendList(request, reply, viewer, form, toErrors(outcome.problems), undefined, 400);
    return reply.redirect(`${INCIDENTS_ADMIN_PATH}/${outcome.incident.id}?notice=opened`, 303);
  });

  app.get<{ Params: { id: string }; Querystring: { notice?: string } }>(`${INCIDENTS_ADMIN_PATH}/:id`, { config, schema: { params: IdParams, querystring: NoticeQuery } }, async (request, reply) => {
    const viewer = await staff(request);
    return sendIncident(request, reply, viewer, request.params.id, { notice: NOTICES[request.query.notice ?? ''] });
  });

  app.post<{ Params: { id: string } }>(`${INCIDENTS_ADMIN_PATH}/:id/updates`, { config, schema: { params: IdParams } }, async (request, reply) => {
    const viewer = await manager(request);
    const body = formBody(request);
    const form = { state: text(body, 'state'), message: text(body, 'message') };
    const outcome = await platform.database.transaction((tx) => postUpdate(platform, tx, request.params.id, form, `staff:${viewer.id}`));
    if (outcome.kind === 'missing') throw problems.notFound('incident');
    if (outcome.kind === 'refused') return sendIncident(request, reply, viewer, request.params.id, { form, errors: toErrors(outcome.problems), status: 400 });
    if (outcome.kind === 'resolved') return sendIncident(request, reply, viewer, request.params.id, { notice: 'It is resolved already: nothing was posted.', status: 409 });
    return reply.redirect(`${INCIDENTS_ADMIN_PATH}/${request.params.id}?notice=${outcome.incident.resolvedAt ? 'resolved' : 'posted'}`, 303);
  });

  const open = { config: { access: 'public' as const } };

  app.get<{ Params: { id: string } }>(`${INCIDENTS_PUBLIC_PATH}/:id`, { ...open, schema: { params: IdParams } }, async (request, reply) => {
    const [incident, profile, ctx] = await Promise.all([incidentById(db(), request.params.id), store(), app.pages.context(request)]);
    if (!incident) throw problems.notFound('incident');
    return sendPage(reply, <IncidentPage ctx={ctx} incident={incident} store={profile} />);
  });

  app.get(FEED_PATH, open, async (_request, reply) => {
    const now = platform.clock.now();
    const profile = await store();
    const [past, windows] = await Promise.all([incidentsBetween(db(), historyStart(now, profile.timeZone), now), scheduledWindows(db(), now)]);
    const body = atomFeed({
      storeName: profile.name,
      baseUrl: platform.config.baseUrl,
      incidents: past,
      windows,
      describeWindow: (window) => ({ title: `Planned maintenance: ${formatSpanWithZone(window.startsAt, window.endsAt, profile)}`, text: describeWindow(window, profile) }),
      stateLabel: (state) => INCIDENT_STATE_LABELS[state],
      incidentUrl: (incident) => `${platform.config.baseUrl}${INCIDENTS_PUBLIC_PATH}/${incident.id}`,
      now,
    });
    return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=60').send(body);
  });

  // Incidents now come first on the status page, before planned maintenance (order 0);
  // the history and the past after it.
  registerStatusSection(platform, {
    order: -1,
    async json() {
      const { active, past, history } = await statusFacts(platform);
      const baseUrl = platform.config.baseUrl;
      return {
        incidents: active.map((incident) => incidentJson(incident, baseUrl)),
        pastIncidents: past.filter((incident) => incident.resolvedAt).map((incident) => incidentJson(incident, baseUrl)),
        history: history.map((day) => ({ date: day.date, components: day.states, incidents: day.incidentIds, maintenance: day.windowIds })),
      };
    },
    async page() {
      const [active, profile] = await Promise.all([activeIncidentsNow(platform), store()]);
      return <ActiveIncidentsSection active={active} store={profile} />;
    },
  });
  registerStatusSection(platform, {
    order: 1,
    json: async () => ({}),
    async page() {
      const { profile, past, windows, history } = await statusFacts(platform);
      return <HistorySection store={profile} history={history} past={past} windows={windows} describeWindow={(window) => describeWindow(window, profile)} />;
    },
  });

  registerComponentSignals(platform, async () => {
    const now = platform.clock.now();
    const [active, windows] = await Promise.all([activeIncidents(db()), scheduledWindows(db(), now)]);
    return signalsAt(now, active, windows);
  });
}
