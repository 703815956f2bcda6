// The inbound-supply page, a new expected receipt named by SKU, and receiving or cancelling
// a receipt from this page or from its variant's page (the form says which to return to).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { problems } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import { formBody, text } from '../../../web/forms/form-body.ts';
import { sendPage } from '../../../web/page-context.ts';
import { getStoreProfile } from '../../site/index.ts';
import { adminNav } from '../../staff/index.ts';
import { listLocations } from '../locations.ts';
import { cancelSupply, createSupply, openSupply, receiveSupply, storeToday, supplyById, SupplyError } from '../supply.ts';
import { variantDirectory } from '../variant-directory.ts';
import { actorOf, STAFF_ROLES, stockEditor, stockViewer, type StaffPrincipal } from './access.ts';
import { pageOf, ROWS_PER_PAGE } from './overview.ts';
import { INVENTORY_PATH } from './pages/parts.tsx';
import { SUPPLY_PATH, SupplyPage, type SupplyPageProps } from './pages/SupplyPage.tsx';
import { emptySupplyForm, parseSupplyForm, rowTyped, supplyErrors, supplyInput, unknownSkuError, type RowAction } from './supply-forms.ts';
import { sendVariantPage, variantPath } from './variant-view.tsx';
import { wholeNumber } from './whole-number.ts';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
type IdRequest = { Params: { id: string } };

const NOTICES: Record<string, string> = {
  expected: 'Expected receipt added: backorders now count on it.',
  received: 'Receipt recorded: the units are on hand.',
  cancelled: 'Expected receipt cancelled.',
};

export function registerSupplyRoutes(app: App, platform: Platform): void {
  const config = { access: STAFF_ROLES };
  const db = () => platform.database.db;

  async function sendSupplyPage(
    request: FastifyRequest,
    reply: FastifyReply,
    staff: StaffPrincipal,
    state: Partial<Pick<SupplyPageProps, 'newSupply' | 'failedRow' | 'notice'>> & { page?: number },
    status = 200,
  ) {
    const requested = state.page ?? 1;
    const [today, profile, locations, first] = await Promise.all([
      storeToday(platform),
      getStoreProfile(platform),
      listLocations(db()),
      openSupply(db(), { offset: (requested - 1) * ROWS_PER_PAGE, limit: ROWS_PER_PAGE }),
    ]);
    const { page, pageCount } = pageOf(requested, first.total);
    // A page past the end (receipts were received since the link was made) shows the last one.
    const { lines } = page === requested ? first : await openSupply(db(), { offset: (page - 1) * ROWS_PER_PAGE, limit: ROWS_PER_PAGE });
    const labels = await variantDirectory().byIds(db(), lines.map((line) => line.variantId));
    return sendPage(
      reply,
      <SupplyPage
        ctx={await app.pages.context(request)}
        nav={adminNav(staff, INVENTORY_PATH)}
        locale={profile.locale}
        today={today}
        list={{ rows: lines, total: first.total, page, pageCount }}
        labels={labels}
        locations={locations}
        newSupply={state.newSupply ?? { form: emptySupplyForm(locations[0]?.id ?? '') }}
        failedRow={state.failedRow}
        notice={state.notice}
      />,
      status,
    );
  }

  app.get<{ Querystring: { page?: number; notice?: string } }>(
    SUPPLY_PATH,
    {
      config,
      schema: {
        querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })), notice: Type.Optional(Type.String({ maxLength: 20 })) }),
      },
    },
    async (request, reply) => {
      const staff = await stockViewer(request);
      return sendSupplyPage(request, reply, staff, { page: request.query.page ?? 1, notice: NOTICES[request.query.notice ?? ''] });
    },
  );

  app.post(SUPPLY_PATH, { config }, async (request, reply) => {
    const staff = await stockEditor(request);
    const form = parseSupplyForm(formBody(request));
    const variantId = form.sku ? (await variantDirectory().idsBySku(db(), [form.sku])).get(form.sku) : undefined;
    if (!variantId) return sendSupplyPage(request, reply, staff, { newSupply: { form, errors: unknownSkuError(form.sku) } }, 400);
    const today = await storeToday(platform);
    const outcome = await platform.database.transaction((tx) => createSupply(platform, tx, supplyInput(form, variantId), today, actorOf(staff)));
    if (outcome.kind === 'created') return reply.redirect(`${SUPPLY_PATH}?notice=expected`, 303);
    return sendSupplyPage(request, reply, staff, { newSupply: { form, errors: supplyErrors(outcome.problems) } }, 400);
  });

  for (const action of ['receive', 'cancel'] as const) {
    app.post<IdRequest>(`${SUPPLY_PATH}/:id/${action}`, { config, schema: { params: IdParams } }, async (request, reply) => {
      const staff = await stockEditor(request);
      const { id } = request.params;
      const line = await supplyById(db(), id);
      if (!line) throw problems.notFound('expected receipt');
      const body = formBody(request);
      const toVariant = text(body, 'returnTo') === 'variant';
      const typed = rowTyped(body, action);
      try {
        await platform.database.transaction(async (tx) => {
          if (action === 'receive') await receiveSupply(platform, tx, id, wholeNumber(typed) ?? Number.NaN, actorOf(staff));
          else await cancelSupply(platform, tx, id, typed, actorOf(staff));
        });
      } catch (error) {
        if (!(error instanceof SupplyError) || error.code === 'missing') throw error;
        const failedRow: RowAction = { lineId: id, action, typed, error: error.message };
        if (toVariant) return sendVariantPage(app, platform, request, reply, staff, line.variantId, { failedRow }, 400);
        return sendSupplyPage(request, reply, staff, { failedRow }, 400);
      }
      const notice = action === 'receive' ? 'received' : 'cancelled';
      return reply.redirect(toVariant ? `${variantPath(line.variantId)}?notice=${notice}` : `${SUPPLY_PATH}?notice=${notice}`, 303);
    });
  }
}
