// The stock locations: the list with the form to add one, and each location's edit form.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { problems } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import { formBody } from '../../../web/forms/form-body.ts';
import { sendPage } from '../../../web/page-context.ts';
import { adminNav } from '../../staff/index.ts';
import { listLocations, locationById, saveLocation } from '../locations.ts';
import { STAFF_ROLES, stockEditor, stockViewer, type StaffPrincipal } from './access.ts';
import { emptyLocationForm, locationErrors, locationForm, parseLocationForm } from './location-form.ts';
import { LocationEditPage } from './pages/LocationEditPage.tsx';
import { LOCATIONS_PATH, LocationsPage, type LocationsPageProps } from './pages/LocationsPage.tsx';
import { INVENTORY_PATH } from './pages/parts.tsx';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const NoticeQuery = Type.Object({ notice: Type.Optional(Type.String({ maxLength: 20 })) });
type IdRequest = { Params: { id: string } };

const NOTICES: Record<string, string> = {
  created: 'Location added.',
  saved: 'Location saved. Delivery dates now count from its processing days and cut-off.',
};

export function registerLocationRoutes(app: App, platform: Platform): void {
  const config = { access: STAFF_ROLES };
  const db = () => platform.database.db;
  const nav = (staff: StaffPrincipal) => adminNav(staff, INVENTORY_PATH);

  async function sendList(request: FastifyRequest, reply: FastifyReply, staff: StaffPrincipal, state: Partial<Pick<LocationsPageProps, 'newLocation' | 'notice'>>, status = 200) {
    const page = (
      <LocationsPage
        ctx={await app.pages.context(request)}
        nav={nav(staff)}
        locations={await listLocations(db())}
        newLocation={state.newLocation ?? { form: emptyLocationForm() }}
        notice={state.notice}
      />
    );
    return sendPage(reply, page, status);
  }

  async function stored(id: string) {
    const location = await locationById(db(), id);
    if (!location) throw problems.notFound('location');
    return location;
  }

  app.get<{ Querystring: { notice?: string } }>(LOCATIONS_PATH, { config, schema: { querystring: NoticeQuery } }, async (request, reply) => {
    const staff = await stockViewer(request);
    return sendList(request, reply, staff, { notice: NOTICES[request.query.notice ?? ''] });
  });

  app.post(LOCATIONS_PATH, { config }, async (request, reply) => {
    const staff = await stockEditor(request);
    const { form, input } = parseLocationForm(formBody(request));
    const outcome = await platform.database.transaction((tx) => saveLocation(platform, tx, null, input));
    if (outcome.kind === 'saved') return reply.redirect(`${LOCATIONS_PATH}?notice=created`, 303);
    if (outcome.kind === 'invalid') return sendList(request, reply, staff, { newLocation: { form, errors: locationErrors(outcome.problems) } }, 400);
    throw problems.notFound('location');
  });

  app.get<IdRequest & { Querystring: { notice?: string } }>(`${LOCATIONS_PATH}/:id`, { config, schema: { params: IdParams, querystring: NoticeQuery } }, async (request, reply) => {
    const staff = await stockViewer(request);
    const location = await stored(request.params.id);
    const page = <LocationEditPage ctx={await app.pages.context(request)} nav={nav(staff)} location={location} edit={{ form: locationForm(location) }} notice={NOTICES[request.query.notice ?? '']} />;
    return sendPage(reply, page);
  });

  app.post<IdRequest>(`${LOCATIONS_PATH}/:id`, { config, schema: { params: IdParams } }, async (request, reply) => {
    const staff = await stockEditor(request);
    const { id } = request.params;
    const { form, input } = parseLocationForm(formBody(request));
    const outcome = await platform.database.transaction((tx) => saveLocation(platform, tx, id, input));
    if (outcome.kind === 'missing') throw problems.notFound('location');
    if (outcome.kind === 'saved') return reply.redirect(`${LOCATIONS_PATH}/${id}?notice=saved`, 303);
    const page = <LocationEditPage ctx={await app.pages.context(request)} nav={nav(staff)} location={await stored(id)} edit={{ form, errors: locationErrors(outcome.problems) }} />;
    return sendPage(reply, page, 400);
  });
}
