// The two lists: every variant's stock (searchable, fifty to a page) and the low-stock list.
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import type { Platform } from '../../../platform/platform.ts';
import { sendPage } from '../../../web/page-context.ts';
import { getStoreProfile } from '../../site/index.ts';
import { adminNav } from '../../staff/index.ts';
import { listLocations } from '../locations.ts';
import { STAFF_ROLES, stockViewer } from './access.ts';
import { lowStock } from './low-stock.ts';
import { inventoryOverview } from './overview.ts';
import { LowStockPage } from './pages/LowStockPage.tsx';
import { OverviewPage } from './pages/OverviewPage.tsx';
import { INVENTORY_PATH } from './pages/parts.tsx';

const Page = Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 }));

export function registerListRoutes(app: App, platform: Platform): void {
  const config = { access: STAFF_ROLES };
  const db = () => platform.database.db;

  app.get<{ Querystring: { q?: string; page?: number } }>(
    INVENTORY_PATH,
    { config, schema: { querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), page: Page }) } },
    async (request, reply) => {
      const staff = await stockViewer(request);
      const q = (request.query.q ?? '').trim();
      const [list, locations] = await Promise.all([inventoryOverview(db(), { q, page: request.query.page ?? 1 }), listLocations(db())]);
      return sendPage(reply, <OverviewPage ctx={await app.pages.context(request)} nav={adminNav(staff, INVENTORY_PATH)} query={{ q }} list={list} locations={locations} />);
    },
  );

  app.get<{ Querystring: { page?: number } }>(`${INVENTORY_PATH}/low-stock`, { config, schema: { querystring: Type.Object({ page: Page }) } }, async (request, reply) => {
    const staff = await stockViewer(request);
    const [list, profile] = await Promise.all([lowStock(db(), request.query.page ?? 1), getStoreProfile(platform)]);
    return sendPage(reply, <LowStockPage ctx={await app.pages.context(request)} nav={adminNav(staff, INVENTORY_PATH)} locale={profile.locale} list={list} />);
  });
}
