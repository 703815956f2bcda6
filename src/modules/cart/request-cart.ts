// Which cart a request acts on. A signed-in customer has one active cart, the same on every
// device; a guest's cart is named by the signed cookie. A customer whose browser still
// carries a guest cart (they filled it before signing in) gets it merged into theirs on their
// next cart access — the header badge asks on every page, so at once — and the cookie goes.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/database.ts';
import type { Platform } from '../../platform/platform.ts';
import { createGuestCart, ensureCustomerCart, findCustomerCart, findGuestCart } from './carts.ts';
import { clearCartCookie, guestCartIdFrom, hasCartCookie, setCartCookie } from './cookie.ts';
import { cartProblems } from './errors.ts';
import type { LineChange } from './lines.ts';
import { mergeGuestCart } from './merge.ts';
import { cartLinesOf, guestCartWithLines, type FoundCart } from './view.ts';

type Deps = Pick<Platform, 'signer' | 'config' | 'clock' | 'database'>;

async function customerIdOf(request: FastifyRequest): Promise<string | null> {
  const principal = await request.principal();
  return principal?.kind === 'customer' ? principal.id : null;
}

/**
 * The id of the request's cart, or null when it has none yet (a plain visit never creates
 * one). A cookie that is forged, garbled, expired or names a cart that was merged or checked
 * out is cleared, and the visitor simply has no cart.
 */
export async function cartForRequest(platform: Deps, request: FastifyRequest, reply: FastifyReply): Promise<string | null> {
  return (await requestCart(platform, request, reply, findGuestCart))?.id ?? null;
}

/**
 * cartForRequest with the cart's lines, as checkout's steps need them: a guest's cart and its
 * lines in one statement, a customer's lines read once their cart is found.
 */
export async function cartWithLinesForRequest(platform: Deps, request: FastifyRequest, reply: FastifyReply): Promise<FoundCart | null> {
  const found = await requestCart(platform, request, reply, guestCartWithLines);
  if (!found || 'lines' in found) return found;
  return { id: found.id, lines: await cartLinesOf(platform.database.db, found.id) };
}

/** The request's cart as `findGuest` reads a guest's (a customer's by its id alone). */
async function requestCart<G extends { id: string }>(platform: Deps, request: FastifyRequest, reply: FastifyReply, findGuest: (db: Db, id: string, now: Date) => Promise<G | null>): Promise<G | { id: string } | null> {
  const now = platform.clock.now();
  const customerId = await customerIdOf(request);
  const guestId = guestCartIdFrom(platform, request);
  if (customerId) {
    if (guestId) await platform.database.transaction((tx) => mergeGuestCart(tx, guestId, customerId, now));
    if (hasCartCookie(request)) clearCartCookie(platform, request, reply);
    const cart = await findCustomerCart(platform.database.db, customerId);
    return cart ? { id: cart.id } : null;
  }
  const cart = guestId ? await findGuest(platform.database.db, guestId, now) : null;
  if (!cart && hasCartCookie(request)) clearCartCookie(platform, request, reply);
  return cart;
}

/**
 * Runs one change to the request's cart in a transaction. With `create`, a visitor without a
 * cart gets one in the same transaction (so a refused first add leaves no empty cart behind);
 * otherwise there is nothing to change. A guest's cookie is reissued, sliding its 30 days.
 */
export async function changeCart(
  platform: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  options: { create: boolean },
  change: (tx: Db, cartId: string, now: Date, fresh: boolean) => Promise<LineChange>,
): Promise<{ cartId: string; change: LineChange }> {
  const current = await cartForRequest(platform, request, reply);
  if (!current && !options.create) throw cartProblems.lineNotFound();
  const customerId = await customerIdOf(request);
  const now = platform.clock.now();
  const result = await platform.database.transaction(async (tx) => {
    if (current) return { cartId: current, change: await change(tx, current, now, false) };
    if (customerId) {
      const cartId = (await ensureCustomerCart(tx, customerId, now)).id;
      return { cartId, change: await change(tx, cartId, now, false) };
    }
    // A guest's first add: the cart is new in this transaction (see addLine's `fresh`).
    const cartId = (await createGuestCart(tx, now)).id;
    return { cartId, change: await change(tx, cartId, now, true) };
  });
  if (!customerId) setCartCookie(platform, reply, result.cartId, result.change.expiresAt, now);
  return result;
}
