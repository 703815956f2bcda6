// The merchant's collection pages: the list, the create and edit form, deleting.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../../platform/http/app.ts';
import { problems } from '../../../../platform/http/problem.ts';
import type { Platform } from '../../../../platform/platform.ts';
import { formBody } from '../../../../web/forms/form-body.ts';
import type { FormErrors } from '../../../../web/forms/form-errors.ts';
import { sendPage } from '../../../../web/page-context.ts';
import { adminNav } from '../../../staff/index.ts';
import { actorOf, catalogEditor, STAFF_ROLES, type StaffPrincipal } from '../access.ts';
import { CollectionDeletePage } from './CollectionDeletePage.tsx';
import { CollectionEditPage } from './CollectionEditPage.tsx';
import { CollectionListPage } from './CollectionListPage.tsx';
import { emptyCollectionForm, parseCollectionForm, type CollectionForm } from './form.ts';
import { collectionMembers, listAdminCollections, productsByIds, type CollectionRow } from './read.ts';
import { deleteCollectionById, loadCollectionForm, saveCollectionForm } from './save-form.ts';

const LIST_PATH = '/admin/collections';
/** How many of a rule-based collection's products its page lists. */
const PREVIEW = 50;

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const NoticeQuery = Type.Object({ notice: Type.Optional(Type.String({ maxLength: 20 })) });
type IdRequest = { Params: { id: string } };

const NOTICES: Record<string, string> = {
  created: 'Collection created.',
  saved: 'Saved.',
  deleted: 'Collection deleted. Its products are still in the shop.',
};

export function registerCollectionAdminRoutes(app: App, platform: Platform): void {
  const config = { access: STAFF_ROLES };
  const db = () => platform.database.db;
  const nav = (staff: StaffPrincipal) => adminNav(staff, LIST_PATH);

  async function sendForm(
    request: FastifyRequest,
    reply: FastifyReply,
    staff: StaffPrincipal,
    page: { collection: CollectionRow | null; form: CollectionForm; errors?: FormErrors; stale?: boolean; notice?: string | undefined },
    status = 200,
  ) {
    const products = await productsByIds(db(), page.form.members.map((m) => m.productId));
    const matches = page.collection?.kind === 'rule' ? await collectionMembers(db(), page.collection.id, PREVIEW) : undefined;
    return sendPage(reply, <CollectionEditPage ctx={await app.pages.context(request)} nav={nav(staff)} products={products} matches={matches} {...page} />, status);
  }

  async function stored(id: string) {
    const found = await loadCollectionForm(db(), id);
    if (!found) throw problems.notFound('collection');
    return found;
  }

  app.get<{ Querystring: { notice?: string } }>(LIST_PATH, { config, schema: { querystring: NoticeQuery } }, async (request, reply) => {
    const staff = await catalogEditor(request);
    const rows = await listAdminCollections(db());
    return sendPage(reply, <CollectionListPage ctx={await app.pages.context(request)} nav={nav(staff)} rows={rows} notice={NOTICES[request.query.notice ?? '']} />);
  });

  app.get(`${LIST_PATH}/new`, { config }, async (request, reply) => {
    const staff = await catalogEditor(request);
    return sendForm(request, reply, staff, { collection: null, form: emptyCollectionForm() });
  });

  app.post(LIST_PATH, { config }, async (request, reply) => {
    const staff = await catalogEditor(request);
    const outcome = await saveCollectionForm(platform, null, parseCollectionForm(formBody(request)), actorOf(staff));
    if (outcome.kind === 'saved') return reply.redirect(`${LIST_PATH}/${outcome.collectionId}?notice=created`, 303);
    if (outcome.kind === 'invalid') return sendForm(request, reply, staff, { collection: null, form: outcome.form, errors: outcome.errors }, 400);
    throw problems.notFound('collection');
  });

  app.get<IdRequest & { Querystring: { notice?: string } }>(`${LIST_PATH}/:id`, { config, schema: { params: IdParams, querystring: NoticeQuery } }, async (request, reply) => {
    const staff = await catalogEditor(request);
    const { row, form } = await stored(request.params.id);
    return sendForm(request, reply, staff, { collection: row, form, notice: NOTICES[request.query.notice ?? ''] });
  });

  app.post<IdRequest>(`${LIST_PATH}/:id`, { config, schema: { params: IdParams } }, async (request, reply) => {
    const staff = await catalogEditor(request);
    const { id } = request.params;
    const outcome = await saveCollectionForm(platform, id, parseCollectionForm(formBody(request)), actorOf(staff));
    switch (outcome.kind) {
      case 'saved':
        return reply.redirect(`${LIST_PATH}/${id}?notice=saved`, 303);
      case 'invalid':
        return sendForm(request, reply, staff, { collection: (await stored(id)).row, form: outcome.form, errors: outcome.errors }, 400);
      case 'conflict':
        return sendForm(request, reply, staff, { collection: (await stored(id)).row, form: outcome.form, stale: true }, 409);
      case 'missing':
        throw problems.notFound('collection');
    }
  });

  app.get<IdRequest>(`${LIST_PATH}/:id/delete`, { config, schema: { params: IdParams } }, async (request, reply) => {
    const staff = await catalogEditor(request);
    const { row } = await stored(request.params.id);
    const { total } = await collectionMembers(db(), row.id, 1);
    return sendPage(reply, <CollectionDeletePage ctx={await app.pages.context(request)} nav={nav(staff)} collection={row} productCount={total} />);
  });

  app.post<IdRequest>(`${LIST_PATH}/:id/delete`, { config, schema: { params: IdParams } }, async (request, reply) => {
    const staff = await catalogEditor(request);
    if (!(await deleteCollectionById(platform, request.params.id, actorOf(staff)))) throw problems.notFound('collection');
    return reply.redirect(`${LIST_PATH}?notice=deleted`, 303);
  });
}
