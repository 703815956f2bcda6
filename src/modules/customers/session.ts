// Starting and ending a signed-in session from a route: the opaque session id goes in an
// HttpOnly, SameSite=Lax cookie; the previous session of the browser is destroyed first, so
// a session id planted before sign-in is worthless after it (session fixation).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Platform } from '../../platform/platform.ts';
import {
  SESSION_COOKIE,
  SESSION_TTL_MS,
  createSession,
  destroySession,
  type SessionKind,
} from '../../platform/http/auth/sessions.ts';

function cookieOptions(platform: Platform) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: platform.config.baseUrl.startsWith('https:'),
  };
}

export async function startSession(
  platform: Platform,
  request: FastifyRequest,
  reply: FastifyReply,
  kind: SessionKind,
  subjectId: string,
): Promise<void> {
  const previous = request.cookies[SESSION_COOKIE];
  if (previous) await destroySession(platform.database.db, previous);
  const { id } = await createSession(platform.database.db, platform.clock, kind, subjectId);
  reply.setCookie(SESSION_COOKIE, id, {
    ...cookieOptions(platform),
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
  // Later reads in this request see the new user.
  request.cookies[SESSION_COOKIE] = id;
  request._principal = undefined;
}

export async function endSession(
  platform: Platform,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const current = request.cookies[SESSION_COOKIE];
  if (current) await destroySession(platform.database.db, current);
  reply.clearCookie(SESSION_COOKIE, cookieOptions(platform));
  delete request.cookies[SESSION_COOKIE];
  request._principal = undefined;
}

/**
 * A same-site path to go to after signing in, or the fallback. Only a path starting with a
 * single "/" is accepted: "//evil.example" and "/\evil.example" would leave the site.
 */
export function safeNextPath(next: unknown, fallback: string): string {
  if (typeof next !== 'string' || next.length > 2000) return fallback;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
  return next;
}

export const POST_RATE_LIMIT = { max: 10, timeWindow: '1 minute' } as const;
