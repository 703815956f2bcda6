// /admin/api-tokens: administrators (staff.manage) create, list and revoke the API tokens
// integrations use. The secret is on the create response only; logs name the token, never it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  createApiToken,
  listApiTokens,
  revokeApiToken,
} from '../../platform/http/auth/api-tokens.ts';
import type { App } from '../../platform/http/app.ts';
import { problems } from '../../platform/http/problem.ts';
import type { Principal, StaffRole } from '../../platform/http/principal.ts';
import type { Platform } from '../../platform/platform.ts';
import { formatDateTime } from '../../web/dates.ts';
import { formBody, text } from '../../web/forms/form-body.ts';
import { checkText, FormErrors } from '../../web/forms/form-errors.ts';
import { sendPage } from '../../web/page-context.ts';
import { getStoreProfile } from '../site/index.ts';
import { addAdminNavItem, adminNav } from './nav.ts';
import {
  ApiTokensPage,
  API_TOKENS_PATH,
  TOKEN_NAME_MAX,
  type TokenForm,
} from './pages/ApiTokensPage.tsx';
import { requirePermission, TOKEN_SCOPES } from './permissions.ts';

const STAFF: readonly StaffRole[] = ['agent', 'lead', 'admin'];

/** The signed-in staff member, who must hold staff.manage (401/403 otherwise). */
async function managerOf(request: FastifyRequest): Promise<Principal> {
  const principal = await request.principal();
  requirePermission(principal, 'staff.manage');
  return principal!;
}

/** The ticked scopes that are on offer; anything else in the post is ignored. */
function scopesOf(body: Readonly<Record<string, unknown>>): string[] {
  const given = body.scopes;
  const values = (Array.isArray(given) ? given : [given]).filter(
    (v): v is string => typeof v === 'string',
  );
  return TOKEN_SCOPES.map((s) => s.permission).filter((permission) => values.includes(permission));
}

export function registerApiTokenRoutes(app: App, platform: Platform): void {
  const db = () => platform.database.db;
  addAdminNavItem({
    label: 'API tokens',
    href: API_TOKENS_PATH,
    permission: 'staff.manage',
    order: 800,
  });

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    manager: Principal,
    page: {
      form?: TokenForm;
      errors?: FormErrors;
      created?: { name: string; secret: string };
      notice?: string;
    },
    status = 200,
  ) {
    const [tokens, profile] = await Promise.all([listApiTokens(db()), getStoreProfile(platform)]);
    return sendPage(
      reply,
      <ApiTokensPage
        ctx={await app.pages.context(request)}
        nav={adminNav(manager, API_TOKENS_PATH)}
        tokens={tokens}
        formatDate={(date) => formatDateTime(date, profile.locale, profile.timeZone)}
        form={page.form ?? { name: '', scopes: [] }}
        errors={page.errors}
        created={page.created}
        notice={page.notice}
      />,
      status,
    );
  }

  app.get(API_TOKENS_PATH, { config: { access: STAFF } }, async (request, reply) => {
    const manager = await managerOf(request);
    const revoked = (request.query as Record<string, unknown>).revoked === '1';
    return render(
      request,
      reply,
      manager,
      revoked
        ? { notice: 'The token is revoked. Requests that use it are refused from now on.' }
        : {},
    );
  });

  app.post(
    API_TOKENS_PATH,
    {
      config: { access: STAFF },
      // The secret is in this response only: no browser history or proxy may keep a copy.
      onSend: async (_request, reply, payload) => {
        reply.header('cache-control', 'no-store');
        return payload;
      },
    },
    async (request, reply) => {
      const manager = await managerOf(request);
      const body = formBody(request);
      const form: TokenForm = { name: text(body, 'name').trim(), scopes: scopesOf(body) };
      const errors = new FormErrors();
      checkText(errors, 'name', form.name, { label: 'Name', max: TOKEN_NAME_MAX, required: true });
      if (form.scopes.length === 0)
        errors.add(
          'scopes',
          'Choose at least one scope: a token without one can do nothing.',
          'Scopes',
        );
      if (!errors.empty) return render(request, reply, manager, { form, errors }, 422);
      const { token, secret } = await createApiToken(db(), platform.clock, {
        name: form.name,
        scopes: form.scopes,
        createdBy: manager.id,
      });
      platform.log.info(
        { staffId: manager.id, tokenId: token.id, name: token.name, scopes: token.scopes },
        'API token created',
      );
      return render(request, reply, manager, { created: { name: token.name, secret } });
    },
  );

  app.post<{ Params: { id: string } }>(
    `${API_TOKENS_PATH}/:id/revoke`,
    {
      config: { access: STAFF },
      schema: { params: Type.Object({ id: Type.String({ format: 'uuid' }) }) },
    },
    async (request, reply) => {
      const manager = await managerOf(request);
      if (!(await revokeApiToken(db(), platform.clock, request.params.id)))
        throw problems.notFound('live token');
      platform.log.info({ staffId: manager.id, tokenId: request.params.id }, 'API token revoked');
      return reply.redirect(`${API_TOKENS_PATH}?revoked=1`, 303);
    },
  );
}
