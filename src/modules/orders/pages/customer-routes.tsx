// The customer's order pages: finding an order by number and email, the order status page
// (by signed link, as its signed-in owner, or as staff; each opening recorded for the
// where-is-my-order measure) and a signed-in customer's orders.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { Problem } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import { sendPage } from '../../../web/page-context.ts';
import { emailProblem } from '../../customers/index.ts';
import { deliveryEstimate, estimateWords } from '../estimate.ts';
import { getStoreProfile } from '../../site/index.ts';
import { ORDER_PAGE_PREFIX, orderPagePath } from '../links.ts';
import { listOrders } from '../list.ts';
import { lookUpOrder, viewerOf } from '../lookup.ts';
import { normalizeOrderNumber } from '../numbers.ts';
import { orderByNumber, orderHistory } from '../read.ts';
import { renderSections } from '../sections.ts';
import { recordOrderView, writeOrderViews } from '../views/record.ts';
import { ACCOUNT_ORDERS_PATH, AccountOrdersPage } from './AccountOrdersPage.tsx';
import { LOOKUP_PATH, LookupPage } from './LookupPage.tsx';
import { OrderPage } from './OrderPage.tsx';

/** Per address: enough for a few typos, far too few to guess email addresses for a number. */
export const LOOKUP_RATE_LIMIT = { max: 10, timeWindow: '10 minutes' } as const;

type Body = Record<string, unknown> | undefined;
const field = (body: Body, name: string, max: number) => {
  const value = body?.[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
};

const NumberParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 64 }) });
const TokenQuery = Type.Object({ t: Type.Optional(Type.String({ maxLength: 4096 })) });
const PageQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })) });

export function registerCustomerOrderRoutes(app: App, platform: Platform): void {
  // The views still waiting in memory are written before the database closes.
  app.addHook('onClose', () => writeOrderViews(platform));
  const db = () => platform.database.db;
  const format = async () => {
    const profile = await getStoreProfile(platform);
    return { locale: profile.locale, timeZone: profile.timeZone };
  };

  app.get(LOOKUP_PATH, { config: { access: 'public' } }, async (request, reply) => {
    return sendPage(reply, <LookupPage ctx={await app.pages.context(request)} />);
  });

  app.post(LOOKUP_PATH, { config: { access: 'public', rateLimit: LOOKUP_RATE_LIMIT } }, async (request, reply) => {
    const body = request.body as Body;
    const values = { number: field(body, 'number', 64), email: field(body, 'email', 300) };
    const errors = {
      number: values.number.trim() === '' ? 'Enter your order number.' : normalizeOrderNumber(values.number) ? undefined : 'Order numbers look like DS-7K4Q-9P3M: DS and eight letters and digits.',
      email: emailProblem(values.email) ?? undefined,
    };
    if (errors.number || errors.email) {
      return sendPage(reply, <LookupPage ctx={await app.pages.context(request)} values={values} errors={errors} />, 400);
    }
    const order = await lookUpOrder(db(), values.number, values.email);
    if (!order) return sendPage(reply, <LookupPage ctx={await app.pages.context(request)} values={values} notFound />, 404);
    return reply.redirect(orderPagePath(platform, order), 303);
  });

  // The signed link is a credential in the URL: it must not leave in a Referer header, and the
  // access log redacts it (`t=`).
  app.get<{ Params: { number: string }; Querystring: { t?: string } }>(
    `${ORDER_PAGE_PREFIX}/:number`,
    { config: { access: 'public' }, schema: { params: NumberParams, querystring: TokenQuery } },
    async (request, reply) => {
      reply.header('referrer-policy', 'no-referrer');
      const order = await orderByNumber(db(), request.params.number);
      const viewer = order ? await viewerOf(platform, request, order, request.query.t) : null;
      // The same answer for an unknown number and for one this visitor may not see.
      if (!order || !viewer) return orderNotShown(app, request, reply, request.params.number);
      const ctx = await app.pages.context(request);
      recordOrderView(platform, order.id, 'page_view', viewer);
      const [history, sections, estimate, shown] = await Promise.all([
        orderHistory(db(), order.id),
        renderSections('customer', { platform, order, viewer, csrfToken: ctx.csrfToken }),
        deliveryEstimate(platform, order),
        format(),
      ]);
      const words = estimateWords(estimate, shown, platform.clock.now());
      return sendPage(reply, <OrderPage ctx={ctx} order={order} history={history} sections={sections} estimate={words} format={shown} />);
    },
  );

  app.get<{ Querystring: { page?: number } }>(ACCOUNT_ORDERS_PATH, { config: { access: ['customer'] }, schema: { querystring: PageQuery } }, async (request, reply) => {
    const principal = await request.principal();
    const list = await listOrders(db(), { customerId: principal!.id }, request.query.page ?? 1);
    return sendPage(reply, <AccountOrdersPage ctx={await app.pages.context(request)} list={list} format={await format()} />);
  });
}

async function orderNotShown(app: App, request: FastifyRequest, reply: FastifyReply, typed: string) {
  const problem = new Problem({
    status: 404,
    type: 'not-found',
    title: 'We could not find that order',
    detail: 'The link may be incomplete or out of date. Find your order with its number and your email address.',
  });
  if (!request.wantsHtml()) throw problem;
  const number = normalizeOrderNumber(typed) ?? '';
  return sendPage(reply, <LookupPage ctx={await app.pages.context(request)} values={{ number, email: '' }} linkNotValid />, 404);
}
