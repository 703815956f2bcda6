// Signing in at checkout moves a guest's cart into the customer's, under another id, so the
// draft typed as a guest would be left behind with the old cart. The checkout page leaves a
// short-lived signed cookie naming the guest cart; once signed in, a customer whose own
// draft is still empty is shown the guest draft's values (and the form saves them to the
// customer's cart). Only this browser holds the cookie, so only its shopper gets them back.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Platform } from '../../../platform/platform.ts';
import { loadDraft, type CheckoutDraft } from './drafts.ts';

const COOKIE = 'checkout_draft';
const PURPOSE = 'checkout-draft-carry';
const CARRY_TTL_MS = 2 * 60 * 60 * 1000;

/** Called while a guest is at checkout. */
export function rememberGuestDraft(platform: Platform, reply: FastifyReply, cartId: string): void {
  const expires = new Date(platform.clock.now().getTime() + CARRY_TTL_MS);
  reply.setCookie(COOKIE, platform.signer.sign(PURPOSE, { cart: cartId }, expires), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: platform.config.baseUrl.startsWith('https:'),
    expires,
  });
}

/** The draft this browser typed as a guest before signing in, if it still exists. */
export async function carriedDraft(platform: Platform, request: FastifyRequest): Promise<CheckoutDraft | null> {
  const token = request.cookies[COOKIE];
  const claim = token ? platform.signer.verify<{ cart?: unknown }>(PURPOSE, token) : null;
  if (typeof claim?.cart !== 'string') return null;
  return loadDraft(platform.database.db, claim.cart);
}
