// The carriers admin page (administrators with settings.edit): the page, saving the
// simulator's fault switches (a CSRF-checked form), and moving a parcel on at the simulator.
import type { FastifyRequest } from 'fastify';
import { desc, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { rows } from '../../../../../platform/db/database.ts';
import type { App } from '../../../../../platform/http/app.ts';
import { Problem } from '../../../../../platform/http/problem.ts';
import type { Platform } from '../../../../../platform/platform.ts';
import { formBody, text } from '../../../../../web/forms/form-body.ts';
import { sendPage } from '../../../../../web/page-context.ts';
import { getStoreProfile } from '../../../../site/index.ts';
import { addAdminNavItem, adminNav, requirePermission } from '../../../../staff/index.ts';
import type { TrackingCode } from '../../../states.ts';
import { ADVANCE_TARGETS, advanceParcel, type AdvanceTarget } from '../advance.ts';
import { readCarrierFaults, saveCarrierFaults } from '../faults.ts';
import { carrierSimulatorDeliveries } from '../schema.ts';
import { CARRIER_ADVANCE_PATH, CARRIER_FAULTS_PATH, CARRIERS_PATH, CarriersPage, type CarriersPageProps, type ParcelInFlight } from './CarriersPage.tsx';
import { carrierFaultsForm, parseCarrierFaultsForm } from './faults-form.ts';

addAdminNavItem({ label: 'Carriers', href: CARRIERS_PATH, permission: 'settings.edit', order: 810 });

async function admin(request: FastifyRequest) {
  const principal = await request.principal();
  requirePermission(principal, 'settings.edit');
  return principal!;
}

const NOTICES: Record<string, string> = {
  saved: 'Faults saved.',
  advanced: 'The parcel moved on; its events were sent to the store.',
  'already-there': 'That parcel’s events had all been sent already.',
};

async function parcelsInFlight(platform: Platform): Promise<ParcelInFlight[]> {
  const found = await rows<{ carrier: string; tracking_number: string; code: TrackingCode; occurred_at: Date | string; pending: number }>(
    platform.database.db,
    sql`select * from (
          select distinct on (carrier, tracking_number) carrier, tracking_number, code, occurred_at, planned_at,
                 count(*) over (partition by carrier, tracking_number)::int as pending
            from carrier_simulator_events
           where sent_at is null and gave_up_at is null
           order by carrier, tracking_number, seq
        ) next order by planned_at desc limit 20`,
  );
  return found.map((r) => ({ carrier: r.carrier, trackingNumber: r.tracking_number, nextCode: r.code, nextAt: new Date(r.occurred_at), pending: r.pending }));
}

export function registerCarrierAdminRoutes(app: App, platform: Platform): void {
  const config = { access: ['admin'] as const };
  const running = platform.config.carriers.simulator;

  async function props(request: FastifyRequest, faults?: NonNullable<CarriersPageProps['simulator']>['faults'], notice?: string): Promise<CarriersPageProps> {
    const staff = await admin(request);
    const profile = await getStoreProfile(platform);
    const db = platform.database.db;
    return {
      ctx: await app.pages.context(request),
      nav: adminNav(staff, CARRIERS_PATH),
      locale: profile.locale,
      timeZone: profile.timeZone,
      webhookUrl: `${platform.config.baseUrl}/webhooks/carriers/{carrier}`,
      simulator: running
        ? {
            faults: faults ?? { form: carrierFaultsForm(await readCarrierFaults(platform, db)) },
            parcels: await parcelsInFlight(platform),
            deliveries: (await db.select().from(carrierSimulatorDeliveries).orderBy(desc(carrierSimulatorDeliveries.attemptedAt)).limit(30)).map((d) => ({
              carrier: d.carrier,
              attemptedAt: d.attemptedAt,
              events: d.eventIds.length,
              outcome: d.outcome,
              status: d.status,
              duplicate: d.duplicate,
              answer: d.answer,
            })),
          }
        : null,
      notice,
    };
  }

  app.get<{ Querystring: { notice?: string } }>(
    CARRIERS_PATH,
    { config, schema: { querystring: Type.Object({ notice: Type.Optional(Type.String({ maxLength: 20 })) }) } },
    async (request, reply) => sendPage(reply, <CarriersPage {...await props(request, undefined, NOTICES[request.query.notice ?? ''])} />),
  );

  app.post(CARRIER_FAULTS_PATH, { config }, async (request, reply) => {
    const staff = await admin(request);
    if (!running) return reply.redirect(CARRIERS_PATH, 303);
    const { form, errors, patch } = parseCarrierFaultsForm(formBody(request));
    if (!patch) return sendPage(reply, <CarriersPage {...await props(request, { form, errors })} />, 400);
    await platform.database.transaction((tx) => saveCarrierFaults(platform, tx, patch, `staff:${staff.id}`));
    platform.log.info({ staffId: staff.id, faults: patch }, 'carrier simulator faults changed');
    return reply.redirect(`${CARRIERS_PATH}?notice=saved`, 303);
  });

  app.post(CARRIER_ADVANCE_PATH, { config }, async (request, reply) => {
    await admin(request);
    if (!running) return reply.redirect(CARRIERS_PATH, 303);
    const body = formBody(request);
    const to = text(body, 'to') as AdvanceTarget;
    if (!(ADVANCE_TARGETS as readonly string[]).includes(to)) throw new Problem({ status: 400, type: 'validation', title: 'Choose how far to move the parcel' });
    const advanced = await advanceParcel(platform, text(body, 'trackingNumber').slice(0, 100), to);
    if (!advanced) throw new Problem({ status: 404, type: 'unknown-parcel', title: 'The carrier simulator has no parcel with that tracking number' });
    return reply.redirect(`${CARRIERS_PATH}?notice=${advanced.advanced > 0 ? 'advanced' : 'already-there'}`, 303);
  });
}
