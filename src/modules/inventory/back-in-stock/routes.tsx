// "Email me when it's back": the product page's form (POST /stock-alerts, checked by origin
// because product pages are cached without a per-visitor token), its thanks page, and the
// same request as JSON for the page's island and for integrations.
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { Problem } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import { sendPage } from '../../../web/page-context.ts';
import { variantDirectory, variantTitle } from '../variant-directory.ts';
import { StockAlertFormPage, StockAlertThanksPage, STOCK_ALERTS_PATH, THANKS_PATH, type AlertItem } from './pages.tsx';
import { requestBackInStock } from './requests.ts';

export const STOCK_ALERTS_API_PATH = '/api/v1/stock-alerts';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RECORDED = 'We will send one email to that address as soon as it is back in stock. Asking again changes nothing: it is still one email.';

// Loose on purpose: a bad value is explained on the page, not with a bare 400.
const FormField = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
const FormBody = Type.Object({ variantId: FormField(200), email: FormField(1000), _csrf: FormField(500) });
const JsonBody = Type.Object(
  { variantId: Type.String({ format: 'uuid', maxLength: 36 }), email: Type.String({ minLength: 1, maxLength: 320, description: 'Where the one email goes.' }) },
  { additionalProperties: false },
);
const Recorded = Type.Object({ status: Type.Literal('recorded'), message: Type.String() });

export function registerStockAlertRoutes(app: App, platform: Platform): void {
  const open = { access: 'public' as const };

  async function alertItem(variantId: string): Promise<AlertItem | null> {
    const id = variantId.trim().toLowerCase();
    if (!UUID.test(id)) return null;
    const label = (await variantDirectory().byIds(platform.database.db, [id])).get(id);
    return label ? { variantId: id, title: variantTitle(label), productPath: `/products/${label.productHandle}?variant=${id}` } : null;
  }

  app.post(STOCK_ALERTS_PATH, { config: { ...open, csrf: 'origin' }, schema: { body: FormBody } }, async (request, reply) => {
    const variantId = request.body.variantId ?? '';
    const email = request.body.email ?? '';
    try {
      await requestBackInStock(platform, { variantId, email });
    } catch (error) {
      if (!(error instanceof Problem) || error.status >= 500) throw error;
      return refused(reply, error, await alertItem(variantId), email.slice(0, 254), await app.pages.context(request));
    }
    return reply.redirect(`${THANKS_PATH}?variant=${encodeURIComponent(variantId.trim().toLowerCase())}`, 303);
  });

  app.get<{ Querystring: { variant?: string } }>(
    THANKS_PATH,
    { config: open, schema: { querystring: Type.Object({ variant: Type.Optional(Type.String({ maxLength: 100 })) }) } },
    async (request, reply) => {
      const [item, ctx] = await Promise.all([alertItem(request.query.variant ?? ''), app.pages.context(request)]);
      return sendPage(reply, <StockAlertThanksPage ctx={ctx} item={item} />);
    },
  );

  app.post(
    STOCK_ALERTS_API_PATH,
    {
      config: open,
      schema: {
        tags: ['inventory'],
        summary: 'Email me when it’s back in stock',
        description:
          'Records one request per variant and address; asking again changes nothing, and the answer does not say whether the address asked before. ' +
          'Refusals (problem+json): 400 `invalid-email` or `validation`, 404 `unknown-variant`, 409 `in-stock` (nothing to wait for), 429 `rate-limited`.',
        body: JsonBody,
        response: { 202: Recorded },
      },
    },
    async (request, reply) => {
      await requestBackInStock(platform, request.body);
      return reply.status(202).header('cache-control', 'no-store').send({ status: 'recorded' as const, message: RECORDED });
    },
  );
}

function refused(reply: FastifyReply, problem: Problem, item: AlertItem | null, email: string, ctx: Parameters<typeof StockAlertFormPage>[0]['ctx']) {
  for (const [name, value] of Object.entries(problem.headers)) reply.header(name, value);
  const field = problem.type === 'invalid-email' ? ('email' as const) : null;
  return sendPage(reply, <StockAlertFormPage ctx={ctx} item={item} email={email} problem={{ title: problem.title, detail: problem.detail ?? problem.title, field }} />, problem.status);
}
