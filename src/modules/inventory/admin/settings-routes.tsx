// The inventory settings form.
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import type { Platform } from '../../../platform/platform.ts';
import { formBody } from '../../../web/forms/form-body.ts';
import { sendPage } from '../../../web/page-context.ts';
import { adminNav } from '../../staff/index.ts';
import { STOCK_CACHE_TAG } from '../events.ts';
import { readInventorySettings, saveInventorySettings } from '../settings.ts';
import { STAFF_ROLES, stockEditor, stockViewer } from './access.ts';
import { INVENTORY_PATH } from './pages/parts.tsx';
import { SETTINGS_PATH, SettingsPage } from './pages/SettingsPage.tsx';
import { parseSettingsForm, settingsForm } from './settings-form.ts';

export function registerSettingsRoutes(app: App, platform: Platform): void {
  const config = { access: STAFF_ROLES };

  app.get<{ Querystring: { notice?: string } }>(
    SETTINGS_PATH,
    { config, schema: { querystring: Type.Object({ notice: Type.Optional(Type.String({ maxLength: 20 })) }) } },
    async (request, reply) => {
      const staff = await stockViewer(request);
      const settings = settingsForm(await readInventorySettings(platform.database.db));
      const notice = request.query.notice === 'saved' ? 'Settings saved. They apply from the next request.' : undefined;
      return sendPage(reply, <SettingsPage ctx={await app.pages.context(request)} nav={adminNav(staff, INVENTORY_PATH)} settings={{ form: settings }} notice={notice} />);
    },
  );

  app.post(SETTINGS_PATH, { config }, async (request, reply) => {
    const staff = await stockEditor(request);
    const { form, errors, settings } = parseSettingsForm(formBody(request));
    if (!settings) return sendPage(reply, <SettingsPage ctx={await app.pages.context(request)} nav={adminNav(staff, INVENTORY_PATH)} settings={{ form, errors }} />, 400);
    await platform.database.transaction(async (tx) => {
      await saveInventorySettings(platform.database, tx, settings, platform.clock.now());
      // Cached pages read "only N left" and date backorders from these settings.
      platform.database.afterCommit(() => platform.cache.invalidate(STOCK_CACHE_TAG));
    });
    return reply.redirect(`${SETTINGS_PATH}?notice=saved`, 303);
  });
}
