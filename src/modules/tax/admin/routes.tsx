// The tax admin: the rates and the prices-include-tax setting. Any staff member reaches the
// routes (so the guard can tell staff from strangers); the pages need settings.edit, which
// only administrators hold: agents and team leads get 403.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import type { Principal, StaffRole } from '../../../platform/http/principal.ts';
import { problems } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import { checked, formBody } from '../../../web/forms/form-body.ts';
import { FormErrors } from '../../../web/forms/form-errors.ts';
import { sendPage } from '../../../web/page-context.ts';
import { getStoreProfile } from '../../site/index.ts';
import { addAdminNavItem, adminNav, requirePermission } from '../../staff/index.ts';
import { deleteTaxRate, listTaxRates, saveTaxRate, taxRateById, type SaveOutcome, type StoredTaxRate } from '../rates.ts';
import { readTaxSettings, saveTaxSettings } from '../settings.ts';
import { emptyRateForm, parseRateForm, rateForm, type TaxRateForm } from './rate-form.ts';
import { destinationOf, TAX_PATH, TaxPage } from './pages/TaxPage.tsx';
import { TaxRatePage } from './pages/TaxRatePage.tsx';

const STAFF_ROLES: readonly StaffRole[] = ['agent', 'lead', 'admin'];
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const NoticeQuery = Type.Object({ notice: Type.Optional(Type.String({ maxLength: 20 })) });

const NOTICES: Record<string, string> = {
  added: 'Rate added. It applies to the next checkout.',
  saved: 'Rate saved. It applies to the next checkout.',
  removed: 'Rate removed.',
  settings: 'Setting saved. It applies to the next checkout.',
};

/** The second rate for one destination is refused beside the fields that name it. */
function duplicateErrors(): FormErrors {
  const errors = new FormErrors();
  errors.add('region', 'This destination has a rate already: change that one instead.', 'Region');
  return errors;
}

export function registerTaxAdminRoutes(app: App, platform: Platform): void {
  addAdminNavItem({ label: 'Tax', href: TAX_PATH, permission: 'settings.edit', order: 300 });
  const config = { access: STAFF_ROLES };
  const db = () => platform.database.db;

  async function merchant(request: FastifyRequest): Promise<Principal> {
    const principal = await request.principal();
    requirePermission(principal, 'settings.edit');
    return principal!;
  }

  async function countryNamer(): Promise<(code: string) => string> {
    const names = new Intl.DisplayNames([(await getStoreProfile(platform)).locale], { type: 'region' });
    return (code) => names.of(code) ?? code;
  }

  async function sendList(request: FastifyRequest, reply: FastifyReply, staff: Principal, newRate: { form: TaxRateForm; errors?: FormErrors }, notice?: string, status = 200) {
    const [settings, rates, countryName, ctx] = await Promise.all([readTaxSettings(db()), listTaxRates(db()), countryNamer(), app.pages.context(request)]);
    return sendPage(reply, <TaxPage ctx={ctx} nav={adminNav(staff, TAX_PATH)} settings={settings} rates={rates} countryName={countryName} newRate={newRate} notice={notice} />, status);
  }

  async function sendRate(request: FastifyRequest, reply: FastifyReply, staff: Principal, rate: StoredTaxRate, edit: { form: TaxRateForm; errors?: FormErrors }, status = 200) {
    const title = `Tax: ${destinationOf(rate, await countryNamer())}`;
    return sendPage(reply, <TaxRatePage ctx={await app.pages.context(request)} nav={adminNav(staff, TAX_PATH)} rate={rate} title={title} edit={edit} />, status);
  }

  async function stored(id: string): Promise<StoredTaxRate> {
    const rate = await taxRateById(db(), id);
    if (!rate) throw problems.notFound('tax rate');
    return rate;
  }

  app.get<{ Querystring: { notice?: string } }>(TAX_PATH, { config, schema: { querystring: NoticeQuery } }, async (request, reply) => {
    const staff = await merchant(request);
    return sendList(request, reply, staff, { form: emptyRateForm() }, NOTICES[request.query.notice ?? '']);
  });

  app.post(TAX_PATH, { config }, async (request, reply) => {
    const staff = await merchant(request);
    const { form, errors, input } = parseRateForm(formBody(request));
    if (!input) return sendList(request, reply, staff, { form, errors }, undefined, 400);
    const outcome = await platform.database.transaction((tx) => saveTaxRate(platform.database, tx, null, input, platform.clock.now()));
    if (outcome.kind === 'saved') return reply.redirect(`${TAX_PATH}?notice=added`, 303);
    return sendList(request, reply, staff, { form, errors: duplicateErrors() }, undefined, 409);
  });

  app.post(`${TAX_PATH}/settings`, { config }, async (request, reply) => {
    await merchant(request);
    const pricesIncludeTax = checked(formBody(request), 'pricesIncludeTax');
    await platform.database.transaction((tx) => saveTaxSettings(platform.database, tx, { pricesIncludeTax }, platform.clock.now()));
    return reply.redirect(`${TAX_PATH}?notice=settings`, 303);
  });

  app.get<{ Params: { id: string } }>(`${TAX_PATH}/:id`, { config, schema: { params: IdParams } }, async (request, reply) => {
    const staff = await merchant(request);
    const rate = await stored(request.params.id);
    return sendRate(request, reply, staff, rate, { form: rateForm(rate) });
  });

  app.post<{ Params: { id: string } }>(`${TAX_PATH}/:id`, { config, schema: { params: IdParams } }, async (request, reply) => {
    const staff = await merchant(request);
    const rate = await stored(request.params.id);
    const { form, errors, input } = parseRateForm(formBody(request));
    if (!input) return sendRate(request, reply, staff, rate, { form, errors }, 400);
    const outcome: SaveOutcome = await platform.database.transaction((tx) => saveTaxRate(platform.database, tx, rate.id, input, platform.clock.now()));
    if (outcome.kind === 'missing') throw problems.notFound('tax rate');
    if (outcome.kind === 'duplicate') return sendRate(request, reply, staff, rate, { form, errors: duplicateErrors() }, 409);
    return reply.redirect(`${TAX_PATH}?notice=saved`, 303);
  });

  app.post<{ Params: { id: string } }>(`${TAX_PATH}/:id/delete`, { config, schema: { params: IdParams } }, async (request, reply) => {
    await merchant(request);
    const removed = await platform.database.transaction((tx) => deleteTaxRate(platform.database, tx, request.params.id));
    if (!removed) throw problems.notFound('tax rate');
    return reply.redirect(`${TAX_PATH}?notice=removed`, 303);
  });
}
