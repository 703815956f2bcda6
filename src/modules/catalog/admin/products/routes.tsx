// The merchant's product pages: the list, the create and edit form, archiving.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../../platform/http/app.ts';
import { problems } from '../../../../platform/http/problem.ts';
import type { Platform } from '../../../../platform/platform.ts';
import { formBody, text } from '../../../../web/forms/form-body.ts';
import type { FormErrors } from '../../../../web/forms/form-errors.ts';
import type { AdminNavItem } from '../../../../web/layout/AdminLayout.tsx';
import { sendPage } from '../../../../web/page-context.ts';
import { getStoreProfile } from '../../../site/index.ts';
import { adminNav } from '../../../staff/index.ts';
import type { Product } from '../../model.ts';
import { actorOf, catalogEditor, STAFF_ROLES, type StaffPrincipal } from '../access.ts';
import { emptyProductForm, parseProductForm, type ProductForm } from './form.ts';
import { isProductStatus, listAdminProducts } from './list.ts';
import { ProductEditPage } from './ProductEditPage.tsx';
import { ProductListPage } from './ProductListPage.tsx';
import { archiveProduct, loadProductForm, saveProductForm, storeDigits } from './save-form.ts';

const LIST_PATH = '/admin/products';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
type IdRequest = { Params: { id: string } };

const NOTICES: Record<string, string> = {
  created: 'Product created.',
  saved: 'Saved.',
  archived: 'Product archived: it is no longer in the shop.',
};

export function registerProductAdminRoutes(app: App, platform: Platform): void {
  const config = { access: STAFF_ROLES };
  const nav = (staff: StaffPrincipal): AdminNavItem[] => adminNav(staff, LIST_PATH);
  const currency = async () => (await getStoreProfile(platform)).currency;

  async function sendForm(
    request: FastifyRequest,
    reply: FastifyReply,
    staff: StaffPrincipal,
    page: { product: Product | null; form: ProductForm; errors?: FormErrors; stale?: boolean; notice?: string | undefined },
    status = 200,
  ) {
    return sendPage(reply, <ProductEditPage ctx={await app.pages.context(request)} nav={nav(staff)} currency={await currency()} {...page} />, status);
  }

  async function stored(id: string) {
    const found = await loadProductForm(platform.database.db, id, await storeDigits(platform));
    if (!found) throw problems.notFound('product');
    return found;
  }

  app.get<{ Querystring: { q?: string; status?: string; page?: number } }>(
    LIST_PATH,
    {
      config,
      schema: {
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200 })),
          status: Type.Optional(Type.String({ maxLength: 20 })),
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
        }),
      },
    },
    async (request, reply) => {
      const staff = await catalogEditor(request);
      const { q = '', status = '', page = 1 } = request.query;
      const query = { q: q.trim(), status: isProductStatus(status) ? status : ('' as const), page };
      const [list, profile] = await Promise.all([listAdminProducts(platform.database.db, query), getStoreProfile(platform)]);
      return sendPage(reply, <ProductListPage ctx={await app.pages.context(request)} nav={nav(staff)} profile={profile} query={query} list={list} />);
    },
  );

  app.get(`${LIST_PATH}/new`, { config }, async (request, reply) => {
    const staff = await catalogEditor(request);
    return sendForm(request, reply, staff, { product: null, form: emptyProductForm() });
  });

  app.post(LIST_PATH, { config }, async (request, reply) => {
    const staff = await catalogEditor(request);
    const outcome = await saveProductForm(platform, null, parseProductForm(formBody(request)), actorOf(staff));
    if (outcome.kind === 'saved') return reply.redirect(`${LIST_PATH}/${outcome.productId}?notice=created`, 303);
    if (outcome.kind === 'invalid') return sendForm(request, reply, staff, { product: null, form: outcome.form, errors: outcome.errors }, 400);
    throw problems.notFound('product');
  });

  app.get<IdRequest & { Querystring: { notice?: string } }>(
    `${LIST_PATH}/:id`,
    { config, schema: { params: IdParams, querystring: Type.Object({ notice: Type.Optional(Type.String({ maxLength: 20 })) }) } },
    async (request, reply) => {
      const staff = await catalogEditor(request);
      const { product, form } = await stored(request.params.id);
      return sendForm(request, reply, staff, { product, form, notice: NOTICES[request.query.notice ?? ''] });
    },
  );

  app.post<IdRequest>(`${LIST_PATH}/:id`, { config, schema: { params: IdParams } }, async (request, reply) => {
    const staff = await catalogEditor(request);
    const { id } = request.params;
    const outcome = await saveProductForm(platform, id, parseProductForm(formBody(request)), actorOf(staff));
    switch (outcome.kind) {
      case 'saved':
        return reply.redirect(`${LIST_PATH}/${id}?notice=saved`, 303);
      case 'invalid':
        return sendForm(request, reply, staff, { product: (await stored(id)).product, form: outcome.form, errors: outcome.errors }, 400);
      case 'conflict':
        return sendForm(request, reply, staff, { product: (await stored(id)).product, form: outcome.form, stale: true }, 409);
      case 'missing':
        throw problems.notFound('product');
    }
  });

  app.post<IdRequest>(`${LIST_PATH}/:id/archive`, { config, schema: { params: IdParams } }, async (request, reply) => {
    const staff = await catalogEditor(request);
    const { id } = request.params;
    const outcome = await archiveProduct(platform, id, text(formBody(request), 'updatedAt'), actorOf(staff));
    if (outcome === 'missing') throw problems.notFound('product');
    if (outcome === 'archived') return reply.redirect(`${LIST_PATH}/${id}?notice=archived`, 303);
    const { product, form } = await stored(id);
    return sendForm(request, reply, staff, { product, form, stale: true }, 409);
  });
}
