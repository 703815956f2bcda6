// The payment gateway's admin page (administrators with settings.edit): what is active,
// the circuit, and the simulator's fault switches, posted as a form (CSRF-checked) and
// passed on to the simulator's control API.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import type { Platform } from '../../../platform/platform.ts';
import { formBody } from '../../../web/forms/form-body.ts';
import { sendPage } from '../../../web/page-context.ts';
import { addAdminNavItem, adminNav, requirePermission } from '../../staff/index.ts';
import { runtimeOf } from '../gateway/runtime.ts';
import { readFaults, SimulatorUnreachable, writeFaults } from '../simulator/control-client.ts';
import { faultsForm, parseFaultsForm } from './faults-form.ts';
import { FAULTS_PATH, GATEWAY_PATH, GatewayPage, type GatewayPageProps } from './GatewayPage.tsx';

addAdminNavItem({ label: 'Payment gateway', href: GATEWAY_PATH, permission: 'settings.edit', order: 800 });

async function admin(request: FastifyRequest) {
  const principal = await request.principal();
  requirePermission(principal, 'settings.edit');
  return principal;
}

export function registerGatewayAdminRoutes(app: App, platform: Platform): void {
  const config = { access: ['admin'] as const };

  async function render(request: FastifyRequest, faults?: GatewayPageProps['faults'], notice?: string): Promise<GatewayPageProps> {
    const staff = await admin(request);
    const runtime = runtimeOf(platform);
    let shown: GatewayPageProps['faults'] = faults ?? null;
    if (faults === undefined && runtime.simulator) {
      try {
        shown = { form: faultsForm(await readFaults(runtime.simulator)) };
      } catch (error) {
        if (!(error instanceof SimulatorUnreachable)) throw error;
        shown = 'unreachable';
      }
    }
    return {
      ctx: await app.pages.context(request),
      nav: adminNav(staff, GATEWAY_PATH),
      mode: runtime.mode,
      webhooksVerified: runtime.webhookSecret !== null,
      circuit: runtime.gateway.circuit(),
      faults: shown,
      notice,
    };
  }

  app.get<{ Querystring: { notice?: string } }>(
    GATEWAY_PATH,
    { config, schema: { querystring: Type.Object({ notice: Type.Optional(Type.String({ maxLength: 20 })) }) } },
    async (request, reply) => {
      const notice = request.query.notice === 'saved' ? 'Faults saved. They apply from the next call to the gateway.' : undefined;
      return sendPage(reply, <GatewayPage {...await render(request, undefined, notice)} />);
    },
  );

  app.post(FAULTS_PATH, { config }, async (request, reply) => {
    await admin(request);
    const { simulator } = runtimeOf(platform);
    if (!simulator) return reply.redirect(GATEWAY_PATH, 303);
    const { form, errors, patch } = parseFaultsForm(formBody(request));
    if (!patch) return sendPage(reply, <GatewayPage {...await render(request, { form, errors })} />, 400);
    try {
      await writeFaults(simulator, patch);
    } catch (error) {
      if (!(error instanceof SimulatorUnreachable)) throw error;
      return sendPage(reply, <GatewayPage {...await render(request, 'unreachable')} />, 502);
    }
    platform.log.info({ staffId: (await request.principal())?.id, faults: patch }, 'gateway simulator faults changed');
    return reply.redirect(`${GATEWAY_PATH}?notice=saved`, 303);
  });
}
