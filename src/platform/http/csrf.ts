// Signed double-submit CSRF tokens: the token sits in a cookie and in every form; a post is
// accepted only when both are present, equal, and signed by us. A cross-site page can make
// the browser send the cookie but can neither read it nor forge a signed one.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import type { Signer } from '../signing.ts';

export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function csrfTokenFor(signer: Signer): string {
  const nonce = randomBytes(18).toString('base64url');
  return `${nonce}.${signer.mac(`csrf:${nonce}`)}`;
}

export function verifyCsrf(signer: Signer, cookieToken: string | undefined, given: string): boolean {
  if (!cookieToken || cookieToken.length !== given.length || cookieToken.length > 200) return false;
  if (!timingSafeEqual(Buffer.from(cookieToken), Buffer.from(given))) return false;
  const [nonce, mac] = given.split('.');
  if (!nonce || !mac) return false;
  const expected = signer.mac(`csrf:${nonce}`);
  return expected.length === mac.length && timingSafeEqual(Buffer.from(expected), Buffer.from(mac));
}

export function issueCsrfCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(CSRF_FIELD, token, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

/** Browsers say where a request comes from; a cross-site unsafe request is refused outright. */
export function isCrossSite(headers: IncomingHttpHeaders): boolean {
  return headers['sec-fetch-site'] === 'cross-site';
}

/**
 * For forms on pages cached for every visitor (which cannot carry a per-visitor token):
 * the browser's own Sec-Fetch-Site, or else its Origin header, must say the post comes
 * from this site. A request with neither is not from a browser, so not a forgery risk.
 */
export function isSameOrigin(headers: IncomingHttpHeaders): boolean {
  const site = headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  const origin = headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === headers.host;
  } catch {
    return false;
  }
}
