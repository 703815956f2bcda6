// The guest cart cookie: the cart id, signed (purpose "cart", expiring with the cart), in an
// HttpOnly, SameSite=Lax cookie that is Secure on an https store. A guessed or altered id
// fails the signature and is simply ignored.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Platform } from '../../platform/platform.ts';
import { UUID_PATTERN } from './limits.ts';

export const CART_COOKIE = 'cart';
const TOKEN_PURPOSE = 'cart';

type Deps = Pick<Platform, 'signer' | 'config'>;

function cookieOptions(platform: Deps) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: platform.config.baseUrl.startsWith('https:') };
}

/** The guest cart id the cookie names, or null when there is none or it is not ours. */
export function guestCartIdFrom(platform: Deps, request: FastifyRequest): string | null {
  const token = request.cookies[CART_COOKIE];
  if (!token) return null;
  const id = platform.signer.verify<{ id?: unknown }>(TOKEN_PURPOSE, token)?.id;
  return typeof id === 'string' && UUID_PATTERN.test(id) ? id : null;
}

export function hasCartCookie(request: FastifyRequest): boolean {
  return Boolean(request.cookies[CART_COOKIE]);
}

/** (Re)issues the cookie after a change: it lives as long as the cart, 30 days from now. */
export function setCartCookie(platform: Deps, reply: FastifyReply, cartId: string, expiresAt: Date, now: Date): void {
  const maxAge = Math.max(0, Math.round((expiresAt.getTime() - now.getTime()) / 1000));
  reply.setCookie(CART_COOKIE, platform.signer.sign(TOKEN_PURPOSE, { id: cartId }, expiresAt), { ...cookieOptions(platform), maxAge });
}

export function clearCartCookie(platform: Deps, request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(CART_COOKIE, cookieOptions(platform));
  delete request.cookies[CART_COOKIE];
}
