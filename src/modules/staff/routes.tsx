// Staff sign-in, the admin shell (dashboard, dead letters, dev mailbox) and /api/v1/me.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../platform/http/app.ts';
import { Problem, problems } from '../../platform/http/problem.ts';
import type { Principal, StaffRole } from '../../platform/http/principal.ts';
import { devMailboxMessage, readDevMailbox } from '../../platform/mail/mailer.ts';
import type { Platform } from '../../platform/platform.ts';
import { sendEmailHtml } from '../../web/email-frame.tsx';
import { sendPage } from '../../web/page-context.ts';
import {
  POST_RATE_LIMIT,
  endSession,
  getCustomer,
  safeNextPath,
  startSession,
} from '../customers/index.ts';
import { adminNav } from './nav.ts';
import { can, permissionsOf, requirePermission } from './permissions.ts';
import { DashboardPage } from './pages/DashboardPage.tsx';
import { DeadLettersPage } from './pages/DeadLettersPage.tsx';
import { MailboxPage } from './pages/MailboxPage.tsx';
import { StaffSignInPage } from './pages/StaffSignInPage.tsx';
import { signInStaff } from './service.ts';

const STAFF: readonly StaffRole[] = ['agent', 'lead', 'admin'];

type Body = Record<string, unknown> | undefined;
const field = (body: Body, name: string, max = 1000) => {
  const value = body?.[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
};
const queryOf = (request: FastifyRequest) => (request.query ?? {}) as Record<string, unknown>;

async function staffOf(request: FastifyRequest): Promise<Extract<Principal, { kind: 'staff' }>> {
  const principal = await request.principal();
  if (principal?.kind !== 'staff')
    throw new Problem({ status: 403, type: 'forbidden', title: 'You are not allowed to do this' });
  return principal;
}

export function registerStaffRoutes(app: App, platform: Platform): void {
  const ctxOf = (request: FastifyRequest) => app.pages.context(request);

  // ---- sign-in ----------------------------------------------------------------------
  app.get('/staff/sign-in', { config: { access: 'public' } }, async (request, reply) => {
    const q = queryOf(request);
    const next = safeNextPath(q.next, '');
    const principal = await request.principal();
    if (principal?.kind === 'staff') return reply.redirect(next || '/admin', 303);
    return sendPage(
      reply,
      <StaffSignInPage
        ctx={await ctxOf(request)}
        next={next || undefined}
        notice={q.signedOut === '1' ? 'You are signed out.' : undefined}
      />,
    );
  });

  app.post(
    '/staff/sign-in',
    // Staff sign in to run the store through its maintenance windows.
    { config: { access: 'public', rateLimit: POST_RATE_LIMIT, maintenance: 'exempt' } },
    async (request, reply) => {
      const body = request.body as Body;
      const email = field(body, 'email', 300);
      const next = safeNextPath(field(body, 'next') || queryOf(request).next, '');
      try {
        const user = await signInStaff(platform, email, field(body, 'password', 300));
        await startSession(platform, request, reply, 'staff', user.id);
        return reply.redirect(next || '/admin', 303);
      } catch (error) {
        if (!(error instanceof Problem) || error.status >= 500) throw error;
        for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
        const errors: Partial<Record<string, string>> = {};
        for (const e of error.errors ?? []) errors[e.field] ??= e.message;
        return sendPage(
          reply,
          <StaffSignInPage
            ctx={await ctxOf(request)}
            email={email}
            next={next || undefined}
            errors={errors}
            message={
              error.type === 'validation'
                ? { title: 'Please check the highlighted fields' }
                : { title: error.title, detail: error.detail }
            }
          />,
          error.status === 401 ? 422 : error.status,
        );
      }
    },
  );

  app.post('/staff/sign-out', { config: { access: 'public', maintenance: 'exempt' } }, async (request, reply) => {
    await endSession(platform, request, reply);
    return reply.redirect('/staff/sign-in?signedOut=1', 303);
  });

  // ---- admin shell ------------------------------------------------------------------
  app.get('/admin', { config: { access: STAFF } }, async (request, reply) => {
    const staff = await staffOf(request);
    const deadLetters = can(staff, 'jobs.view') ? (await platform.jobs.failed()).length : undefined;
    return sendPage(
      reply,
      <DashboardPage
        ctx={await ctxOf(request)}
        nav={adminNav(staff, '/admin')}
        staff={staff}
        permissions={permissionsOf(staff.role)}
        deadLetters={deadLetters}
      />,
    );
  });

  app.get('/admin/jobs/dead-letters', { config: { access: ['admin'] } }, async (request, reply) => {
    const staff = await staffOf(request);
    requirePermission(staff, 'jobs.view');
    const retried = queryOf(request).retried === '1';
    return sendPage(
      reply,
      <DeadLettersPage
        ctx={await ctxOf(request)}
        nav={adminNav(staff, '/admin/jobs/dead-letters')}
        jobs={await platform.jobs.failed()}
        canRetry={can(staff, 'jobs.retry')}
        notice={retried ? 'The job is back in its queue and will run shortly.' : undefined}
      />,
    );
  });

  app.post<{ Params: { queue: string; id: string } }>(
    '/admin/jobs/dead-letters/:queue/:id/retry',
    {
      config: { access: ['admin'] },
      schema: {
        params: Type.Object({
          queue: Type.String({ minLength: 1, maxLength: 200 }),
          id: Type.String({ format: 'uuid' }),
        }),
      },
    },
    async (request, reply) => {
      requirePermission(await request.principal(), 'jobs.retry');
      const { queue, id } = request.params;
      if (!(await platform.jobs.failed(1000)).some((job) => job.id === id && job.queue === queue)) {
        throw new Problem({
          status: 404,
          type: 'not-found',
          title: 'We could not find that failed job',
          detail: 'It may have been retried already.',
        });
      }
      await platform.jobs.retry(queue, id);
      platform.log.info(
        { queue, jobId: id, staffId: (await request.principal())?.id },
        'dead-lettered job retried',
      );
      return reply.redirect('/admin/jobs/dead-letters?retried=1', 303);
    },
  );

  app.get('/admin/mailbox', { config: { access: STAFF } }, async (request, reply) => {
    const staff = await staffOf(request);
    requirePermission(staff, 'mailbox.view');
    const rawTo = queryOf(request).to;
    const to = typeof rawTo === 'string' ? rawTo.trim().slice(0, 254) : '';
    const messages = await readDevMailbox(platform.database.db, to || undefined);
    return sendPage(
      reply,
      <MailboxPage
        ctx={await ctxOf(request)}
        nav={adminNav(staff, '/admin/mailbox')}
        messages={messages}
        to={to}
        smtp={platform.mailer.kind === 'smtp'}
      />,
    );
  });

  // The HTML part alone, for the sandboxed frame on the mailbox page (its own strict policy).
  app.get<{ Params: { id: string } }>(
    '/admin/mailbox/:id/html',
    {
      config: { access: STAFF },
      schema: { params: Type.Object({ id: Type.String({ format: 'uuid' }) }) },
    },
    async (request, reply) => {
      requirePermission(await staffOf(request), 'mailbox.view');
      const message = await devMailboxMessage(platform.database.db, request.params.id);
      if (!message?.html) throw problems.notFound('email');
      return sendEmailHtml(reply, message.html, platform.config.baseUrl);
    },
  );

  // ---- who am I ---------------------------------------------------------------------
  const Tier = Type.Union([
    Type.Literal('standard'),
    Type.Literal('premium'),
    Type.Literal('platinum'),
  ]);
  const Role = Type.Union([Type.Literal('agent'), Type.Literal('lead'), Type.Literal('admin')]);
  app.get(
    '/api/v1/me',
    {
      config: { access: ['customer', ...STAFF] },
      schema: {
        summary: 'The signed-in customer or staff member',
        tags: ['auth'],
        response: {
          200: Type.Union([
            Type.Object({
              kind: Type.Literal('customer'),
              id: Type.String({ format: 'uuid' }),
              email: Type.String(),
              name: Type.String(),
              tier: Tier,
            }),
            Type.Object({
              kind: Type.Literal('staff'),
              id: Type.String({ format: 'uuid' }),
              email: Type.String(),
              name: Type.String(),
              role: Role,
              permissions: Type.Array(Type.String()),
            }),
          ]),
        },
      },
    },
    async (request) => {
      const principal = await request.principal();
      if (principal?.kind === 'staff') {
        const { id, email, name, role } = principal;
        return {
          kind: 'staff' as const,
          id,
          email,
          name,
          role,
          permissions: [...permissionsOf(role)],
        };
      }
      const customer = principal ? await getCustomer(platform.database.db, principal.id) : null;
      if (!customer)
        throw new Problem({ status: 401, type: 'unauthenticated', title: 'Please sign in first' });
      const { id, email, name, tier } = customer;
      return { kind: 'customer' as const, id, email, name, tier };
    },
  );
}
