// The account pages: server-rendered forms that work without JavaScript. A form error
// re-renders the form with the values typed (never the password) and what to fix.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../platform/http/app.ts';
import { Problem, problems } from '../../platform/http/problem.ts';
import type { Platform } from '../../platform/platform.ts';
import { sendPage } from '../../web/page-context.ts';
import { AccountPage, type AccountPageProps } from './pages/AccountPage.tsx';
import { EmailChangeConfirmPage } from './pages/EmailChangeConfirmPage.tsx';
import { ResetPasswordPage } from './pages/ResetPasswordPage.tsx';
import { ResetRequestPage } from './pages/ResetRequestPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { SignUpPage } from './pages/SignUpPage.tsx';
import { fieldErrors } from './pages/shared.tsx';
import { RESET_REQUESTED_MESSAGE } from './routes.ts';
import {
  getCustomer,
  isResetTokenUsable,
  requestPasswordReset,
  resetPassword,
  signIn,
  signUp,
} from './service.ts';
import {
  confirmEmailChange,
  emailChangeForLink,
  pendingEmailChangeOf,
  requestEmailChange,
} from './email-change.ts';
import { POST_RATE_LIMIT, endSession, safeNextPath, startSession } from './session.ts';

type Body = Record<string, unknown> | undefined;

/** A form field as a string ('' when absent or not a string), bounded in length. */
function field(body: Body, name: string, max = 1000): string {
  const value = body?.[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
}

function query(request: FastifyRequest): Record<string, unknown> {
  return (request.query ?? {}) as Record<string, unknown>;
}

/** A problem the form can explain is shown on the form; anything else goes to the error page. */
function formProblem(error: unknown): Problem {
  if (error instanceof Problem && error.status < 500 && error.type !== 'csrf') return error;
  throw error;
}

/** Page status for a problem: 401 asks for HTTP authentication, so a wrong password is 422. */
function pageStatus(problem: Problem): number {
  return problem.status === 401 ? 422 : problem.status;
}

function messageOf(problem: Problem) {
  return problem.type === 'validation'
    ? { title: 'Please check the highlighted fields' }
    : { title: problem.title, detail: problem.detail };
}

export function registerPageRoutes(app: App, platform: Platform): void {
  const open = { config: { access: 'public' as const } };
  const openPost = { config: { access: 'public' as const, rateLimit: POST_RATE_LIMIT } };
  const ctxOf = (request: FastifyRequest) => app.pages.context(request);
  const send = (reply: FastifyReply, page: Parameters<typeof sendPage>[1], status?: number) => {
    return sendPage(reply, page, status);
  };
  const applyHeaders = (reply: FastifyReply, problem: Problem) => {
    for (const [name, value] of Object.entries(problem.headers)) reply.header(name, value);
  };

  // ---- sign-up ----------------------------------------------------------------------
  app.get('/account/sign-up', open, async (request, reply) => {
    const next = safeNextPath(query(request).next, '');
    return send(reply, <SignUpPage ctx={await ctxOf(request)} next={next || undefined} />);
  });

  app.post('/account/sign-up', openPost, async (request, reply) => {
    const body = request.body as Body;
    const values = { email: field(body, 'email', 300), name: field(body, 'name', 200) };
    const next = safeNextPath(field(body, 'next') || query(request).next, '');
    try {
      const customer = await signUp(platform, {
        ...values,
        password: field(body, 'password', 300),
      });
      await startSession(platform, request, reply, 'customer', customer.id);
      return reply.redirect(next || '/account?welcome=1', 303);
    } catch (error) {
      const problem = formProblem(error);
      return send(
        reply,
        <SignUpPage
          ctx={await ctxOf(request)}
          values={values}
          next={next || undefined}
          errors={fieldErrors(problem.errors)}
          message={messageOf(problem)}
          accountExists={problem.type === 'account-exists'}
        />,
        pageStatus(problem),
      );
    }
  });

  // ---- sign-in ----------------------------------------------------------------------
  app.get('/account/sign-in', open, async (request, reply) => {
    const q = query(request);
    const next = safeNextPath(q.next, '');
    const principal = await request.principal();
    if (principal?.kind === 'customer') return reply.redirect(next || '/account', 303);
    return send(
      reply,
      <SignInPage
        ctx={await ctxOf(request)}
        next={next || undefined}
        notice={
          q.signedOut === '1'
            ? 'You are signed out. See you soon.'
            : q.emailChanged === '1'
              ? 'Your email address is changed. Sign in with the new one.'
              : undefined
        }
      />,
    );
  });

  app.post('/account/sign-in', openPost, async (request, reply) => {
    const body = request.body as Body;
    const email = field(body, 'email', 300);
    const next = safeNextPath(field(body, 'next') || query(request).next, '');
    try {
      const customer = await signIn(platform, email, field(body, 'password', 300));
      await startSession(platform, request, reply, 'customer', customer.id);
      return reply.redirect(next || '/account', 303);
    } catch (error) {
      const problem = formProblem(error);
      applyHeaders(reply, problem);
      return send(
        reply,
        <SignInPage
          ctx={await ctxOf(request)}
          email={email}
          next={next || undefined}
          errors={fieldErrors(problem.errors)}
          message={messageOf(problem)}
        />,
        pageStatus(problem),
      );
    }
  });

  app.post('/account/sign-out', open, async (request, reply) => {
    await endSession(platform, request, reply);
    return reply.redirect('/account/sign-in?signedOut=1', 303);
  });

  // ---- password reset ---------------------------------------------------------------
  app.get('/account/reset', open, async (request, reply) => {
    return send(reply, <ResetRequestPage ctx={await ctxOf(request)} />);
  });

  app.post('/account/reset', openPost, async (request, reply) => {
    const email = field(request.body as Body, 'email', 300);
    try {
      await requestPasswordReset(platform, email);
      return send(
        reply,
        <ResetRequestPage
          ctx={await ctxOf(request)}
          email={email}
          sentMessage={RESET_REQUESTED_MESSAGE}
        />,
      );
    } catch (error) {
      const problem = formProblem(error);
      return send(
        reply,
        <ResetRequestPage
          ctx={await ctxOf(request)}
          email={email}
          errors={fieldErrors(problem.errors)}
        />,
        pageStatus(problem),
      );
    }
  });

  // A wildcard, not `:token`: a signed token is longer than a route parameter may be.
  // The URL holds a credential, so these requests skip the info-level access log line
  // (which redacts query tokens only); warnings and errors are still logged.
  const quiet = { logLevel: 'warn' as const };
  app.get<{ Params: { '*': string } }>(
    '/account/reset/*',
    { ...open, ...quiet },
    async (request, reply) => {
      const token = request.params['*'];
      // The token is a credential: this page must not be kept by shared caches or referrers.
      reply.header('referrer-policy', 'no-referrer');
      const usable = await isResetTokenUsable(platform, token);
      return send(
        reply,
        <ResetPasswordPage ctx={await ctxOf(request)} token={token} unusable={!usable} />,
        usable ? 200 : 410,
      );
    },
  );

  app.post<{ Params: { '*': string } }>(
    '/account/reset/*',
    { ...openPost, ...quiet },
    async (request, reply) => {
      const token = request.params['*'];
      reply.header('referrer-policy', 'no-referrer');
      try {
        const customer = await resetPassword(
          platform,
          token,
          field(request.body as Body, 'password', 300),
        );
        await startSession(platform, request, reply, 'customer', customer.id);
        return reply.redirect('/account?passwordChanged=1', 303);
      } catch (error) {
        const problem = formProblem(error);
        const unusable = problem.type === 'reset-link-invalid';
        return send(
          reply,
          <ResetPasswordPage
            ctx={await ctxOf(request)}
            token={token}
            unusable={unusable}
            errors={fieldErrors(problem.errors)}
          />,
          unusable ? 410 : pageStatus(problem),
        );
      }
    },
  );

  // ---- the account ------------------------------------------------------------------
  const accountPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    props: Pick<AccountPageProps, 'notice' | 'emailForm'>,
    status?: number,
  ) => {
    const principal = await request.principal();
    const customer = principal ? await getCustomer(platform.database.db, principal.id) : null;
    if (!customer) throw problems.unauthorized();
    const pendingChange = await pendingEmailChangeOf(platform, customer.id);
    return send(
      reply,
      <AccountPage
        ctx={await ctxOf(request)}
        customer={customer}
        pendingChange={pendingChange}
        {...props}
      />,
      status,
    );
  };
  app.get('/account', { config: { access: ['customer'] } }, async (request, reply) => {
    const q = query(request);
    const notice =
      q.welcome === '1'
        ? 'Welcome to Doorstep! Your account is ready.'
        : q.passwordChanged === '1'
          ? 'Your new password is saved. You were signed out on every other device.'
          : q.emailChangeSent === '1'
            ? 'Check your new mailbox: the link we sent there confirms the change.'
            : q.emailChanged === '1'
              ? 'Your email address is changed. Sign in with it from now on.'
              : undefined;
    return accountPage(request, reply, { notice });
  });

  // ---- changing the email address ---------------------------------------------------
  app.post(
    '/account/email',
    { config: { access: ['customer' as const], rateLimit: POST_RATE_LIMIT } },
    async (request, reply) => {
      const principal = await request.principal();
      const body = request.body as Body;
      const email = field(body, 'email', 300);
      if (!principal) throw problems.unauthorized();
      try {
        await requestEmailChange(platform, principal.id, {
          email,
          password: field(body, 'password', 300),
        });
        return reply.redirect('/account?emailChangeSent=1#email', 303);
      } catch (error) {
        const problem = formProblem(error);
        applyHeaders(reply, problem);
        const emailForm = {
          email,
          errors: fieldErrors(problem.errors),
          message: messageOf(problem),
          contactUs: problem.type === 'email-known-as-guest',
        };
        return accountPage(request, reply, { emailForm }, pageStatus(problem));
      }
    },
  );

  // The link comes by email to the new address, maybe opened on another device: it needs no
  // session, only the signed token. Like the reset link, it stays out of the access log.
  app.get<{ Params: { '*': string } }>(
    '/account/email/confirm/*',
    { ...open, ...quiet },
    async (request, reply) => {
      const token = request.params['*'];
      reply.header('referrer-policy', 'no-referrer');
      const change = await emailChangeForLink(platform, token);
      return send(
        reply,
        <EmailChangeConfirmPage ctx={await ctxOf(request)} token={token} change={change} />,
        change ? 200 : 410,
      );
    },
  );

  app.post<{ Params: { '*': string } }>(
    '/account/email/confirm/*',
    { ...openPost, ...quiet },
    async (request, reply) => {
      const token = request.params['*'];
      reply.header('referrer-policy', 'no-referrer');
      try {
        const change = await confirmEmailChange(platform, token);
        const principal = await request.principal();
        return reply.redirect(
          principal?.kind === 'customer' && principal.id === change.customerId
            ? '/account?emailChanged=1'
            : '/account/sign-in?emailChanged=1',
          303,
        );
      } catch (error) {
        const problem = formProblem(error);
        const change =
          problem.type === 'email-change-link-invalid'
            ? null
            : await emailChangeForLink(platform, token);
        return send(
          reply,
          <EmailChangeConfirmPage
            ctx={await ctxOf(request)}
            token={token}
            change={change}
            message={change ? messageOf(problem) : undefined}
          />,
          change ? pageStatus(problem) : 410,
        );
      }
    },
  );
}
