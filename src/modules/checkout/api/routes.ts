// The checkout hold's JSON API under /api/v1/checkout: start checkout (hold the cart's
// items), keep the hold while the shopper is active, read it, and leave. Public: the cart
// is the visitor's (cookie or session). Refusals are problem+json.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import type { Platform } from '../../../platform/platform.ts';
import { cartForRequest, cartWithLinesForRequest, getCart } from '../../cart/index.ts';
import { checkoutProblems, currentHold, holdCart, keepHold, leaveCheckout } from '../hold.ts';
import { presentHold } from './present.ts';
import { HoldJson, HoldQuery, KeepJson } from './schemas.ts';

const tags = ['checkout'];

function privateAnswer(reply: FastifyReply): void {
  reply.header('cache-control', 'private, no-store');
}

export function registerCheckoutApiRoutes(app: App, platform: Platform): void {
  // Planned maintenance: starting a checkout stops first (while checkouts drain), the rest at the window's start.
  const config = { access: 'public' as const, maintenance: 'checkout' as const };

  async function requireCart(request: FastifyRequest, reply: FastifyReply): Promise<string> {
    const cartId = await cartForRequest(platform, request, reply);
    if (!cartId) throw checkoutProblems.emptyCart();
    return cartId;
  }

  app.post(
    '/api/v1/checkout/hold',
    {
      config: { ...config, maintenance: 'checkout-start' },
      schema: {
        tags,
        summary: 'Start checkout: hold the cart’s items',
        description:
          'Reserves every line of the visitor’s cart for the store’s hold time (default 15 minutes), replacing an earlier hold, and answers each line’s delivery promise. ' +
          'All or nothing. 409 `insufficient-stock` lists each short line with what can be had (`lines[].available`, `alternatives.lowerQuantity`, `alternatives.notifyMeUrl`); ' +
          '409 `empty-cart` or `cart-needs-attention` (an item no longer sold or a changed price).',
        querystring: HoldQuery,
        response: { 200: HoldJson },
      },
    },
    async (request, reply) => {
      privateAnswer(reply);
      const found = await cartWithLinesForRequest(platform, request, reply);
      if (!found) throw checkoutProblems.emptyCart();
      const { cart, reservation, figures } = await holdCart(platform, found.id, found.lines);
      return presentHold(platform, cart, reservation, request.query, figures);
    },
  );

  app.get(
    '/api/v1/checkout/hold',
    {
      config,
      schema: {
        tags,
        summary: 'The visitor’s checkout hold',
        description: 'The items held and until when, with each line’s delivery promise for the destination and method given. 409 `hold-ended` when nothing is held.',
        querystring: HoldQuery,
        response: { 200: HoldJson },
      },
    },
    async (request, reply) => {
      privateAnswer(reply);
      const cartId = await requireCart(request, reply);
      const reservation = await currentHold(platform, cartId);
      if (!reservation) throw checkoutProblems.holdEnded();
      return presentHold(platform, await getCart(platform.database.db, cartId), reservation, request.query);
    },
  );

  app.post(
    '/api/v1/checkout/hold/keep',
    {
      config,
      schema: {
        tags,
        summary: 'The shopper is still here: extend the hold',
        description: 'Moves the hold’s end to the hold time from now. 409 `hold-ended` when it already ran out (start checkout again).',
        response: { 200: KeepJson },
      },
    },
    async (request, reply) => {
      privateAnswer(reply);
      const expiresAt = await keepHold(platform, await requireCart(request, reply));
      if (!expiresAt) throw checkoutProblems.holdEnded();
      return { expiresAt: expiresAt.toISOString() };
    },
  );

  app.delete(
    '/api/v1/checkout/hold',
    {
      config,
      schema: { tags, summary: 'Leave checkout: release the held items', description: 'The items go back on sale at once; the cart is kept.', response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      privateAnswer(reply);
      await leaveCheckout(platform, await requireCart(request, reply));
      return reply.status(204).send(null);
    },
  );
}
