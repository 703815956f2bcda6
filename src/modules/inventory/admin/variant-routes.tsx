// A variant's stock page and its forms: count or correct stock, move it between locations,
// set the selling policy, expect a receipt. Each post is one transaction; a refused one
// shows the page again with what was typed and why.
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { problems } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import { formBody } from '../../../web/forms/form-body.ts';
import { changeStock, StockChangeError } from '../adjust.ts';
import { listLocations } from '../locations.ts';
import { savePolicy } from '../policies.ts';
import { createSupply, storeToday } from '../supply.ts';
import { TransferError, transferStock } from '../transfer.ts';
import { variantDirectory } from '../variant-directory.ts';
import { actorOf, STAFF_ROLES, stockEditor, stockViewer } from './access.ts';
import { parsePolicyForm } from './policy-form.ts';
import { parseAdjustForm, parseTransferForm } from './stock-forms.ts';
import { parseSupplyForm, supplyErrors, supplyInput } from './supply-forms.ts';
import { sendVariantPage, variantPath } from './variant-view.tsx';

const Params = Type.Object({ variantId: Type.String({ format: 'uuid' }) });
type VariantRequest = { Params: { variantId: string } };

const NOTICES: Record<string, string> = {
  adjusted: 'Stock saved.',
  moved: 'Stock moved.',
  policy: 'Selling policy saved.',
  expected: 'Expected receipt added: backorders now count on it.',
  received: 'Receipt recorded: the units are on hand.',
  cancelled: 'Expected receipt cancelled.',
};

export function registerVariantRoutes(app: App, platform: Platform): void {
  const config = { access: STAFF_ROLES };
  const db = () => platform.database.db;
  const path = `${variantPath(':variantId')}`;

  /** Changes are only for variants the catalog knows (a stock page of a deleted one is read-only). */
  async function known(variantId: string): Promise<void> {
    if (!(await variantDirectory().byIds(db(), [variantId])).has(variantId)) throw problems.notFound('variant');
  }

  app.get<VariantRequest & { Querystring: { notice?: string; olderThan?: string } }>(
    path,
    {
      config,
      schema: {
        params: Params,
        querystring: Type.Object({ notice: Type.Optional(Type.String({ maxLength: 20 })), olderThan: Type.Optional(Type.String({ format: 'uuid' })) }),
      },
    },
    async (request, reply) => {
      const staff = await stockViewer(request);
      const { notice, olderThan } = request.query;
      return sendVariantPage(app, platform, request, reply, staff, request.params.variantId, { notice: NOTICES[notice ?? ''], olderThan: olderThan ?? null });
    },
  );

  app.post<VariantRequest>(`${path}/adjust`, { config, schema: { params: Params } }, async (request, reply) => {
    const staff = await stockEditor(request);
    const { variantId } = request.params;
    await known(variantId);
    const { form, errors, change } = parseAdjustForm(formBody(request), variantId, await listLocations(db()));
    if (change) {
      try {
        await platform.database.transaction((tx) => changeStock(platform, tx, [change], actorOf(staff), ''));
        return reply.redirect(`${variantPath(variantId)}?notice=adjusted`, 303);
      } catch (error) {
        if (!(error instanceof StockChangeError)) throw error;
        errors.add('adjustQuantity', error.message, 'Quantity');
      }
    }
    return sendVariantPage(app, platform, request, reply, staff, variantId, { adjust: { form, errors } }, 400);
  });

  app.post<VariantRequest>(`${path}/transfer`, { config, schema: { params: Params } }, async (request, reply) => {
    const staff = await stockEditor(request);
    const { variantId } = request.params;
    await known(variantId);
    const { form, errors, transfer } = parseTransferForm(formBody(request), variantId, await listLocations(db()));
    if (transfer) {
      try {
        await platform.database.transaction((tx) => transferStock(platform, tx, transfer, actorOf(staff)));
        return reply.redirect(`${variantPath(variantId)}?notice=moved`, 303);
      } catch (error) {
        if (error instanceof TransferError && error.code === 'same-location') errors.add('transferTo', error.message, 'To');
        else if (error instanceof TransferError || error instanceof StockChangeError) errors.add('transferQuantity', error.message, 'Units');
        else throw error;
      }
    }
    return sendVariantPage(app, platform, request, reply, staff, variantId, { transfer: { form, errors } }, 400);
  });

  app.post<VariantRequest>(`${path}/policy`, { config, schema: { params: Params } }, async (request, reply) => {
    const staff = await stockEditor(request);
    const { variantId } = request.params;
    await known(variantId);
    const { form, errors, setting } = parsePolicyForm(formBody(request));
    if (!setting) return sendVariantPage(app, platform, request, reply, staff, variantId, { policy: { form, errors } }, 400);
    await platform.database.transaction((tx) => savePolicy(platform, tx, variantId, setting, actorOf(staff)));
    return reply.redirect(`${variantPath(variantId)}?notice=policy`, 303);
  });

  app.post<VariantRequest>(`${path}/supply`, { config, schema: { params: Params } }, async (request, reply) => {
    const staff = await stockEditor(request);
    const { variantId } = request.params;
    await known(variantId);
    const form = parseSupplyForm(formBody(request));
    const today = await storeToday(platform);
    const outcome = await platform.database.transaction((tx) => createSupply(platform, tx, supplyInput(form, variantId), today, actorOf(staff)));
    if (outcome.kind === 'created') return reply.redirect(`${variantPath(variantId)}?notice=expected`, 303);
    return sendVariantPage(app, platform, request, reply, staff, variantId, { newSupply: { form, errors: supplyErrors(outcome.problems) } }, 400);
  });
}
