// Signed tokens for links that grant access (password reset, order page, pay link, …).
// A token binds a purpose, a payload and an expiry; it cannot be reused for another purpose.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from './clock.ts';

export interface Signer {
  sign(purpose: string, payload: Record<string, unknown>, expiresAt: Date): string;
  /** The payload, or null when the token is forged, for another purpose, or expired. */
  verify<T extends Record<string, unknown>>(purpose: string, token: string): T | null;
  /** A raw HMAC of a value (for CSRF tokens and similar). */
  mac(value: string): string;
}

export function createSigner(secret: string, clock: Clock): Signer {
  const mac = (value: string) => createHmac('sha256', secret).update(value).digest('base64url');
  return {
    mac,
    sign(purpose, payload, expiresAt) {
      const body = Buffer.from(
        JSON.stringify({ p: purpose, d: payload, e: Math.floor(expiresAt.getTime() / 1000) }),
      ).toString('base64url');
      return `${body}.${mac(body)}`;
    },
    verify<T extends Record<string, unknown>>(purpose: string, token: string): T | null {
      const dot = token.indexOf('.');
      if (dot < 1 || token.length > 4096) return null;
      const body = token.slice(0, dot);
      const given = Buffer.from(token.slice(dot + 1));
      const expected = Buffer.from(mac(body));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      try {
        const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
          p: string;
          d: T;
          e: number;
        };
        if (parsed.p !== purpose) return null;
        if (parsed.e * 1000 < clock.now().getTime()) return null;
        return parsed.d;
      } catch {
        return null;
      }
    },
  };
}
