// The Fastify application: error model, security headers, compression, request ids and
// one log line per request, access guards, CSRF, sessions and the OpenAPI document.
// Modules add their routes through `register(app, platform)`; nothing here knows a module.
import Fastify, { type FastifyBaseLogger, type FastifyContextConfig, type RawServerDefault, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import compress from '@fastify/compress';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../../config.ts';
import type { Clock } from '../clock.ts';
import type { Database, Db } from '../db/database.ts';
import type { Signer } from '../signing.ts';
import type { Metrics } from '../metrics.ts';
import { OUTAGE_NOTIFY_PATH } from './outage.ts';
import { Problem, problemTypeUri, type FieldError } from './problem.ts';
import type { Principal, Role } from './principal.ts';
import { roleOf } from './principal.ts';
import { resolveApiToken } from './auth/api-tokens.ts';
import { SESSION_COOKIE, findSession, type SessionKind } from './auth/sessions.ts';
import { claimIdempotencyKey, settleIdempotencyKey, type IdempotencyOptions } from './idempotency/idempotency.ts';
import { CSRF_FIELD, CSRF_HEADER, csrfTokenFor, isCrossSite, isSameOrigin, issueCsrfCookie, verifyCsrf } from './csrf.ts';

/** Who may use a route. Every route must say it (checked when the route is added). */
export type Access = 'public' | readonly Role[];

/**
 * What planned maintenance stops on a route: `read` never (pages and reads keep working);
 * `checkout` its checkout and payment writes in every window; `checkout-start` likewise, and
 * also a new checkout while checkouts drain before a window; `site` storefront writes in a
 * whole-store window; `exempt` nothing (staff sign-in, signed webhooks, one-click unsubscribe).
 */
export type MaintenanceClass = 'read' | 'checkout' | 'checkout-start' | 'site' | 'exempt';

/**
 * Decides a request of a class maintenance may stop (set by the maintenance module): answers
 * (503 with Retry-After) and returns the reply, or returns undefined to let it through.
 */
export type MaintenanceGate = (request: FastifyRequest, reply: FastifyReply, kind: 'checkout' | 'checkout-start' | 'site') => Promise<FastifyReply | undefined>;

/** A route as added, for the route table (tests walk it to prove every write is covered). */
export interface RouteEntry {
  method: string;
  url: string;
  config: FastifyContextConfig;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A route's maintenance class: reads are `read` whatever the config says (no GET changes
 * state); a write is as its config says, else by access, so a new write
 * route is covered without anyone remembering to: routes for staff and
 * integrations only keep working (admin and support work on); routes that authenticate
 * otherwise (`csrf: false`: signed webhooks, RFC 8058 unsubscribe) keep working; any other
 * write is a storefront write (`site`).
 */
export function maintenanceClassOf(method: string, config: FastifyContextConfig | undefined): MaintenanceClass {
  if (SAFE_METHODS.has(method)) return 'read';
  if (config?.maintenance) return config.maintenance;
  if (config?.csrf === false) return 'exempt';
  const access = config?.access;
  if (access !== undefined && access !== 'public' && !access.includes('customer')) return 'exempt';
  return 'site';
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /**
     * false: routes that authenticate otherwise (signed webhooks, RFC 8058 unsubscribe) opt out.
     * 'origin': forms on pages cached for every visitor (add to cart) are checked by the
     * browser's Sec-Fetch-Site / Origin headers instead of a per-visitor token.
     */
    csrf?: false | 'origin';
    /** Answer 404 instead of 403 when the role does not fit (existence itself is private). */
    hideWhenForbidden?: boolean;
    /** Honour the Idempotency-Key header (unsafe JSON routes that create something). */
    idempotency?: IdempotencyOptions;
    /** What planned maintenance stops here; unset: by method and access (`maintenanceClassOf`). */
    maintenance?: MaintenanceClass;
  }
  interface FastifyRequest {
    /** The signed-in user, or null. Loaded once per request, on first use. */
    principal(): Promise<Principal | null>;
    /** The CSRF token for forms on the page being rendered (sets its cookie when needed). */
    csrfToken(): string;
    /** True for requests that want a page rather than JSON. */
    wantsHtml(): boolean;
    _principal?: Promise<Principal | null>;
  }
}

export type CspDirective = 'script-src' | 'frame-src' | 'connect-src' | 'form-action';

declare module 'fastify' {
  interface FastifyInstance {
    /** Lets the store's pages reach `origin` for `directive` of the Content-Security-Policy. */
    allowOrigin(directive: CspDirective, origin: string): void;
    /** Installs the one gate every request maintenance may stop goes through (at most one). */
    setMaintenanceGate(gate: MaintenanceGate): void;
    /** Every route added so far, in order. */
    readonly routeTable: readonly RouteEntry[];
  }
}

export type PrincipalResolver = (db: Db, subjectId: string) => Promise<Principal | null>;

export interface ErrorPageInput {
  status: number;
  title: string;
  detail: string | undefined;
  errors: FieldError[] | undefined;
  requestId: string;
}

export interface AppOptions {
  config: Config;
  log: Logger;
  database: Database;
  clock: Clock;
  signer: Signer;
  metrics: Metrics;
  /** Turns a session into a user; one resolver per kind of user. */
  principals: Record<SessionKind, PrincipalResolver>;
  /** Renders a friendly HTML error page. */
  renderErrorPage: (request: FastifyRequest, input: ErrorPageInput) => string;
  /** Where a browser is sent to sign in, per role the route wants. */
  signInPath: (roles: readonly Role[]) => string;
  /** Answers 503 until the database is ready (the process starts before it is reachable). */
  isReady: () => boolean;
}

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

/** Answer before the database is reached (the outage page's form writes to a local file). */
const ALWAYS_AVAILABLE = new Set(['/healthz', '/readyz', '/metrics', OUTAGE_NOTIFY_PATH]);

export async function buildApp(options: AppOptions): Promise<App> {
  const { config, database, clock, signer, metrics } = options;
  const app = Fastify({
    loggerInstance: options.log,
    disableRequestLogging: true,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{8,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    trustProxy: config.env === 'production',
    return503OnClosing: true,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    if (route.config?.access === undefined && !route.url.startsWith('/api/v1/docs')) {
      throw new Error(`Route ${route.method} ${route.url} does not declare who may use it (config.access)`);
    }
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url, config: route.config ?? {} });
  });

  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 256 * 1024 });
  // Origins other pages of the store must reach: the payment gateway's card page (a form that
  // redirects there) or its script and frames. Added at start by the module that knows them.
  const allowed: Record<CspDirective, Set<string>> = { 'script-src': new Set(), 'frame-src': new Set(), 'connect-src': new Set(), 'form-action': new Set() };
  app.decorate('allowOrigin', (directive: CspDirective, origin: string) => {
    allowed[directive].add(new URL(origin).origin);
  });
  const selfAnd = (directive: CspDirective) => () => ["'self'", ...allowed[directive]].join(' ');
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: [selfAnd('script-src')],
        frameSrc: [selfAnd('frame-src')],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: [selfAnd('connect-src')],
        fontSrc: ["'self'"],
        formAction: [selfAnd('form-action')],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: config.baseUrl.startsWith('https:') ? [] : null,
      },
    },
    // Cross-origin isolation would block the payment gateway's hosted page later on.
    crossOriginEmbedderPolicy: false,
    hsts: config.baseUrl.startsWith('https:'),
  });
  await app.register(compress, { threshold: 1024, encodings: ['br', 'gzip', 'deflate'] });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new Problem({
        status: 429,
        type: 'rate-limited',
        title: 'Too many attempts',
        detail: `Please wait ${seconds} seconds and try again.`,
        headers: { 'retry-after': String(seconds) },
      });
    },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Doorstep API', version: '1', description: 'The store’s JSON API. Errors are application/problem+json (RFC 9457).' },
      servers: [{ url: config.baseUrl }],
      components: {
        securitySchemes: {
          apiToken: { type: 'http', scheme: 'bearer', description: 'An API token from Admin → API tokens, with the scopes the endpoint needs.' },
        },
      },
    },
    hideUntagged: true,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/v1/docs',
    staticCSP: true,
    uiConfig: { docExpansion: 'list', deepLinking: true },
  });
  app.get('/api/v1/openapi.json', { config: { access: 'public' } }, async () => app.swagger());

  // ---- per-request helpers ----------------------------------------------------------
  app.decorateRequest('principal', function (this: FastifyRequest) {
    this._principal ??= loadPrincipal(this);
    return this._principal;
  });
  app.decorateRequest('csrfToken', function (this: FastifyRequest) {
    const existing = this.cookies[CSRF_FIELD];
    if (existing && verifyCsrf(signer, existing, existing)) return existing;
    const token = csrfTokenFor(signer);
    issueCsrfCookie(replyOf.get(this)!, token, config.baseUrl.startsWith('https:'));
    this.cookies[CSRF_FIELD] = token;
    return token;
  });
  app.decorateRequest('wantsHtml', function (this: FastifyRequest) {
    if (this.url.startsWith('/api/')) return false;
    const accept = this.headers.accept ?? '';
    return accept.includes('text/html') || (this.method !== 'GET' && isForm(this));
  });
  const replyOf = new WeakMap<FastifyRequest, FastifyReply>();

  async function loadPrincipal(request: FastifyRequest): Promise<Principal | null> {
    // An integration authenticates with its token alone: a bearer request never falls back
    // to the session cookie, and a token that does not resolve is refused outright.
    const bearer = bearerToken(request.headers.authorization);
    if (bearer !== undefined) {
      const token = await resolveApiToken(database.db, clock, bearer);
      if (!token) throw invalidToken();
      return { kind: 'integration', ...token };
    }
    const id = request.cookies[SESSION_COOKIE];
    if (!id) return null;
    const session = await findSession(database.db, clock, id);
    if (!session) return null;
    return options.principals[session.kind](database.db, session.subjectId);
  }

  // ---- hooks ------------------------------------------------------------------------
  app.addHook('onRequest', async (request, reply) => {
    replyOf.set(request, reply);
    reply.header('x-request-id', request.id);
    if (!options.isReady() && !ALWAYS_AVAILABLE.has(request.url.split('?')[0]!)) {
      throw new Problem({
        status: 503,
        type: 'starting',
        title: 'The store is starting',
        detail: 'Please try again in a few seconds.',
        headers: { 'retry-after': '5' },
      });
    }
  });

  app.addHook('preValidation', async (request) => {
    const method = request.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return;
    const mode = request.routeOptions.config.csrf;
    if (mode === false) return;
    if (isCrossSite(request.headers)) throw problemsCsrf();
    if (mode === 'origin') {
      if (!isSameOrigin(request.headers)) throw problemsCsrf();
      return;
    }
    if (!isForm(request)) return; // JSON: a cross-site page cannot send it without CORS
    const body = request.body as Record<string, unknown> | undefined;
    const given = typeof body?.[CSRF_FIELD] === 'string' ? (body[CSRF_FIELD] as string) : request.headers[CSRF_HEADER];
    if (typeof given !== 'string' || !verifyCsrf(signer, request.cookies[CSRF_FIELD], given)) throw problemsCsrf();
  });

  // Planned maintenance, once the body is read and its CSRF check passed, and before the
  // body is validated or the caller's access checked: whatever was sent, a write that cannot
  // proceed hears first that it is closed and when to come back. A request let through here
  // runs to its end even if the window starts meanwhile, so an order being placed is never
  // cut off mid-way.
  let maintenanceGate: MaintenanceGate | undefined;
  app.decorate('setMaintenanceGate', (gate: MaintenanceGate) => {
    if (maintenanceGate) throw new Error('A maintenance gate is already installed');
    maintenanceGate = gate;
  });
  app.addHook('preValidation', async (request, reply) => {
    if (!maintenanceGate) return;
    const kind = maintenanceClassOf(request.method, request.routeOptions.config);
    if (kind === 'read' || kind === 'exempt') return;
    if (await maintenanceGate(request, reply, kind)) return reply;
  });

  app.addHook('preHandler', async (request, reply) => {
    const access = request.routeOptions.config.access;
    if (access === undefined || access === 'public') return;
    const principal = await request.principal();
    if (!principal) {
      if (request.wantsHtml() && request.method === 'GET') {
        const next = encodeURIComponent(request.url);
        return reply.redirect(`${options.signInPath(access)}?next=${next}`, 303);
      }
      throw new Problem({ status: 401, type: 'unauthenticated', title: 'Please sign in first' });
    }
    if (!access.includes(roleOf(principal))) {
      if (request.routeOptions.config.hideWhenForbidden) throw new Problem({ status: 404, type: 'not-found', title: 'We could not find that page' });
      throw new Problem({ status: 403, type: 'forbidden', title: 'You are not allowed to do this' });
    }
  });

  // After the access guard: a caller who may not use the route never claims a key.
  app.addHook('preHandler', async (request, reply) => {
    const idempotency = request.routeOptions.config.idempotency;
    if (idempotency && (await claimIdempotencyKey(database, clock, idempotency, request, reply))) return reply;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.routeOptions.config.idempotency) await settleIdempotencyKey(database, clock, request, reply, payload);
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.observeRequest(request.method, route, reply.statusCode, seconds);
    request.log.info(
      { reqId: request.id, method: request.method, url: redactUrl(request.url), route, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 },
      'request',
    );
  });

  // ---- errors -----------------------------------------------------------------------
  app.setNotFoundHandler(async (request, reply) =>
    sendProblem(request, reply, new Problem({ status: 404, type: 'not-found', title: 'We could not find that page', detail: `Nothing lives at ${request.url.split('?')[0]}.` })),
  );

  app.setErrorHandler(async (error: FastifyError | Problem | Error, request, reply) => {
    return sendProblem(request, reply, toProblem(error, request));
  });

  function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem) {
    for (const [name, value] of Object.entries(problem.headers)) reply.header(name, value);
    reply.status(problem.status);
    if (request.wantsHtml()) {
      return reply.type('text/html; charset=utf-8').send(
        options.renderErrorPage(request, {
          status: problem.status,
          title: problem.title,
          detail: problem.detail,
          errors: problem.errors,
          requestId: request.id,
        }),
      );
    }
    return reply.type('application/problem+json').send({
      type: problemTypeUri(problem.type),
      title: problem.title,
      status: problem.status,
      ...(problem.detail ? { detail: problem.detail } : {}),
      ...(problem.errors ? { errors: problem.errors } : {}),
      instance: request.url.split('?')[0],
      requestId: request.id,
      ...problem.extensions,
    });
  }

  return app;
}

/** The token of an `Authorization: Bearer …` header; undefined for no header or another scheme. */
function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined || !/^bearer(\s|$)/i.test(header)) return undefined;
  return header.slice('bearer'.length).trim();
}

function invalidToken() {
  return new Problem({
    status: 401,
    type: 'invalid-token',
    title: 'The API token is not valid',
    detail: 'It may have been revoked or mistyped. Ask the store’s administrator for a new token.',
    headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
  });
}

function problemsCsrf() {
  return new Problem({
    status: 403,
    type: 'csrf',
    title: 'This form has expired',
    detail: 'For your safety the form could not be sent. Please go back, reload the page and try again.',
  });
}

function isForm(request: FastifyRequest): boolean {
  const type = request.headers['content-type'] ?? '';
  return type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data');
}

/** Tokens in query strings (signed links) are not written to logs. */
function redactUrl(url: string): string {
  return url.replace(/([?&](?:token|t|sig|key)=)[^&]*/gi, '$1[redacted]');
}

/** Maps anything thrown to a problem; unexpected errors are logged and never leak. */
export function toProblem(error: FastifyError | Problem | Error, request: FastifyRequest): Problem {
  if (error instanceof Problem) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const errors: FieldError[] = fastifyError.validation.map((v) => {
      const missing = (v.params as { missingProperty?: string } | undefined)?.missingProperty;
      const path = `${v.instancePath ?? ''}${missing ? `/${missing}` : ''}`.replace(/^\//, '').replace(/\//g, '.');
      return { field: path || fastifyError.validationContext || 'body', message: missing ? 'is required' : (v.message ?? 'is not valid') };
    });
    return new Problem({ status: 400, type: 'validation', title: 'Some of the input is not valid', detail: errors.map((e) => `${e.field} ${e.message}`).join('; '), errors });
  }
  const status = fastifyError.statusCode;
  if (status === 413 || fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new Problem({ status: 413, type: 'too-large', title: 'The request is too large' });
  }
  if (status === 415 || fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new Problem({ status: 415, type: 'unsupported-media-type', title: 'This content type is not accepted', detail: 'Send application/json (or a form).' });
  }
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error instanceof SyntaxError) {
    return new Problem({ status: 400, type: 'malformed-body', title: 'The request body is not valid JSON' });
  }
  if (status === 429) return new Problem({ status: 429, type: 'rate-limited', title: 'Too many attempts' });
  if (status && status >= 400 && status < 500) {
    return new Problem({ status, type: 'bad-request', title: 'The request could not be understood' });
  }
  request.log.error({ err: error, reqId: request.id }, 'unhandled error');
  return new Problem({
    status: 500,
    type: 'internal',
    title: 'Something went wrong on our side',
    detail: 'Nothing you entered was lost. Please try again; if it keeps happening, contact us and mention the request id.',
  });
}
