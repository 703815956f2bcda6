// /admin/notifications/suppressions, a tab of the Emails section: agents see which addresses
// we no longer write to and why (mailbox.view, like the section's other pages); leads and
// admins lift a suppression with a POST (email.unsuppress).
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import type { Principal, StaffRole } from '../../../platform/http/principal.ts';
import type { Platform } from '../../../platform/platform.ts';
import { formBody, text } from '../../../web/forms/form-body.ts';
import { sendPage } from '../../../web/page-context.ts';
import { getStoreProfile } from '../../site/index.ts';
import { adminNav, can, requirePermission } from '../../staff/index.ts';
import { NOTIFICATIONS_PATH } from '../admin/pages/parts.tsx';
import { normalizeAddress } from '../preferences/preferences.ts';
import { LIFT_PATH, SUPPRESSIONS_PATH, SuppressionsPage } from './SuppressionsPage.tsx';
import { liftSuppression, listSuppressions } from './suppressions.ts';

const STAFF_ROLES: readonly StaffRole[] = ['agent', 'lead', 'admin'];
const SHOWN = 200;

const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 254 })),
  lifted: Type.Optional(Type.String({ maxLength: 320 })),
  missing: Type.Optional(Type.String({ maxLength: 320 })),
});

async function staffWith(request: FastifyRequest, permission: 'mailbox.view' | 'email.unsuppress'): Promise<Principal> {
  const principal = await request.principal();
  requirePermission(principal, permission);
  return principal!;
}

export function registerSuppressionAdminRoutes(app: App, platform: Platform): void {
  const db = () => platform.database.db;

  app.get<{ Querystring: { q?: string; lifted?: string; missing?: string } }>(
    SUPPRESSIONS_PATH,
    { config: { access: STAFF_ROLES }, schema: { querystring: ListQuery } },
    async (request, reply) => {
      const staff = await staffWith(request, 'mailbox.view');
      const search = (request.query.q ?? '').trim();
      const { lifted, missing } = request.query;
      const [suppressions, profile] = await Promise.all([listSuppressions(db(), search, SHOWN), getStoreProfile(platform)]);
      return sendPage(
        reply,
        <SuppressionsPage
          ctx={await app.pages.context(request)}
          nav={adminNav(staff, NOTIFICATIONS_PATH)}
          suppressions={suppressions}
          search={search}
          limit={SHOWN}
          canLift={can(staff, 'email.unsuppress')}
          canManage={can(staff, 'settings.edit')}
          outcome={lifted ? { lifted } : missing ? { missing } : null}
          format={{ locale: profile.locale, timeZone: profile.timeZone }}
        />,
      );
    },
  );

  app.post(LIFT_PATH, { config: { access: STAFF_ROLES } }, async (request, reply) => {
    const staff = await staffWith(request, 'email.unsuppress');
    const address = normalizeAddress(text(formBody(request), 'address')).slice(0, 320);
    const lifted = address !== '' && (await liftSuppression(db(), address));
    if (lifted) platform.log.info({ staffId: staff.id, reqId: request.id }, 'email suppression lifted');
    return reply.redirect(`${SUPPRESSIONS_PATH}?${lifted ? 'lifted' : 'missing'}=${encodeURIComponent(address)}`, 303);
  });
}
