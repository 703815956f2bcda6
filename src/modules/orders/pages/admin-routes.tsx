// The staff order pages: the searchable list (other modules' finders and columns included)
// and one order with its history and the sections other modules add. Every staff role
// reaches the routes; seeing orders needs the orders.view permission.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Db } from '../../../platform/db/database.ts';
import type { App } from '../../../platform/http/app.ts';
import type { Principal, StaffRole } from '../../../platform/http/principal.ts';
import { Problem } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import { sendPage } from '../../../web/page-context.ts';
import { getCustomer } from '../../customers/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import { adminNav, requirePermission, staffPrincipal } from '../../staff/index.ts';
import { orderPageUrl } from '../links.ts';
import { listOrders } from '../list.ts';
import { orderByNumber, orderHistory, type OrderTransition } from '../read.ts';
import { fillListColumns, findOrdersElsewhere } from '../search-hooks.ts';
import { renderSections } from '../sections.ts';
import { ORDER_STATUSES, type OrderStatus } from '../states.ts';
import { isUuid } from '../uuid.ts';
import { AdminOrderPage } from './AdminOrderPage.tsx';
import { ADMIN_ORDERS_PATH, AdminOrdersPage } from './AdminOrdersPage.tsx';

const STAFF_ROLES: readonly StaffRole[] = ['agent', 'lead', 'admin'];

type Staff = Extract<Principal, { kind: 'staff' }>;

async function orderViewer(request: FastifyRequest): Promise<Staff> {
  const principal = await request.principal();
  requirePermission(principal, 'orders.view');
  return principal as Staff;
}

const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  status: Type.Optional(Type.Union([Type.Literal(''), ...ORDER_STATUSES.map((s) => Type.Literal(s))])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
});

/** Names of the customers and staff members in an order's history, by id. */
async function actorNames(db: Db, history: readonly OrderTransition[]): Promise<Map<string, string>> {
  const people = new Map<string, OrderTransition['actorKind']>();
  for (const step of history) if (step.actorId && isUuid(step.actorId)) people.set(step.actorId, step.actorKind);
  const names = new Map<string, string>();
  await Promise.all(
    [...people].map(async ([id, kind]) => {
      const name = kind === 'customer' ? (await getCustomer(db, id))?.name : kind === 'agent' || kind === 'merchant' ? (await staffPrincipal(db, id))?.name : undefined;
      if (name) names.set(id, name);
    }),
  );
  return names;
}

export function registerAdminOrderRoutes(app: App, platform: Platform): void {
  const db = () => platform.database.db;
  const config = { access: STAFF_ROLES };
  const format = async () => {
    const profile = await getStoreProfile(platform);
    return { locale: profile.locale, timeZone: profile.timeZone };
  };

  app.get<{ Querystring: { q?: string; status?: OrderStatus | ''; page?: number } }>(ADMIN_ORDERS_PATH, { config, schema: { querystring: ListQuery } }, async (request, reply) => {
    const staff = await orderViewer(request);
    const query = { q: (request.query.q ?? '').trim(), status: request.query.status ?? '' };
    const foundElsewhere = query.q ? await findOrdersElsewhere(platform, db(), query.q) : [];
    const list = await listOrders(db(), { q: query.q, foundElsewhere, ...(query.status ? { status: query.status } : {}) }, request.query.page ?? 1);
    const columns = await fillListColumns(
      platform,
      db(),
      list.rows.map((row) => row.id),
    );
    return sendPage(reply, <AdminOrdersPage ctx={await app.pages.context(request)} nav={adminNav(staff, ADMIN_ORDERS_PATH)} query={query} list={list} columns={columns} format={await format()} />);
  });

  app.get<{ Params: { number: string } }>(
    `${ADMIN_ORDERS_PATH}/:number`,
    { config, schema: { params: Type.Object({ number: Type.String({ minLength: 1, maxLength: 64 }) }) } },
    async (request, reply) => {
      const staff = await orderViewer(request);
      const order = await orderByNumber(db(), request.params.number);
      if (!order) throw new Problem({ status: 404, type: 'order-not-found', title: 'We could not find that order', detail: 'Check the number, or search by the customer’s email address.' });
      const ctx = await app.pages.context(request);
      const history = await orderHistory(db(), order.id);
      const [names, sections] = await Promise.all([
        actorNames(db(), history),
        renderSections('staff', { platform, order, viewer: { kind: 'staff', staffId: staff.id, role: staff.role }, csrfToken: ctx.csrfToken }),
      ]);
      return sendPage(
        reply,
        <AdminOrderPage
          ctx={ctx}
          nav={adminNav(staff, ADMIN_ORDERS_PATH)}
          order={order}
          history={history}
          actorNames={names}
          sections={sections}
          customerLink={orderPageUrl(platform, order)}
          format={await format()}
        />,
      );
    },
  );
}
