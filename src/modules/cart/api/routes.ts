// The cart's JSON API under /api/v1/cart. Public: a guest's cart is named by its cookie, a
// customer's by their session. JSON bodies need no CSRF token (a cross-site page cannot send
// them without CORS). Refusals are problem+json with a stable type; the cart is unchanged.
import type { FastifyReply } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import type { Platform } from '../../../platform/platform.ts';
import { getStoreProfile } from '../../site/index.ts';
import { promisedCart } from '../line-promises.ts';
import { acceptLinePrice, addLine, removeLine, setLineQuantity } from '../lines.ts';
import { cartForRequest, changeCart } from '../request-cart.ts';
import { cartItemCount, type CartRead } from '../view.ts';
import { presentCart } from './present.ts';
import { AddLineBody, CartJson, CartSummaryJson, LineParams, SetQuantityBody } from './schemas.ts';

const tags = ['cart'];
const REFUSALS =
  'Refusals are problem+json: 400 `validation`, `invalid-quantity` or `unknown-variant`; 404 `line-not-found`; ' +
  '409 `insufficient-stock`, `sold-out`, `quantity-limit`, `too-many-lines`, `no-longer-available` or `cart-changed`. The cart is then unchanged.';

/** A cart is one visitor's: no shared cache may keep it. */
function privateAnswer(reply: FastifyReply): void {
  reply.header('cache-control', 'private, no-store');
}

export function registerCartApiRoutes(app: App, platform: Platform): void {
  const config = { access: 'public' as const };

  async function cartJson(cartId: string | null, read?: CartRead) {
    const [cart, profile] = await Promise.all([
      promisedCart(platform, cartId, read),
      getStoreProfile(platform),
    ]);
    return presentCart(cart, profile);
  }

  app.get(
    '/api/v1/cart',
    {
      config,
      schema: {
        tags,
        summary: 'The visitor’s cart',
        description: 'Each line with its price now, availability, delivery promise (with dates) and issues. An empty cart (id null) until something is added.',
        response: { 200: CartJson },
      },
    },
    async (request, reply) => {
      privateAnswer(reply);
      return cartJson(await cartForRequest(platform, request, reply));
    },
  );

  app.get(
    '/api/v1/cart/summary',
    {
      config,
      schema: { tags, summary: 'Units in the visitor’s cart', description: 'For the header badge: cheap, and never creates a cart.', response: { 200: CartSummaryJson } },
    },
    async (request, reply) => {
      privateAnswer(reply);
      const cartId = await cartForRequest(platform, request, reply);
      return { itemCount: cartId ? await cartItemCount(platform.database.db, cartId) : 0 };
    },
  );

  app.post(
    '/api/v1/cart/lines',
    {
      config,
      schema: {
        tags,
        summary: 'Add an item',
        description: `Adding a variant already in the cart adds to its quantity. Creates the cart (and a guest's cookie) on first add. ${REFUSALS}`,
        body: AddLineBody,
        response: { 201: CartJson },
      },
    },
    async (request, reply) => {
      const { variantId, quantity } = request.body;
      const { cartId, change } = await changeCart(platform, request, reply, { create: true }, (tx, id, now, fresh) => addLine(tx, id, variantId, quantity, now, fresh));
      privateAnswer(reply);
      return reply.status(201).send(await cartJson(cartId, change.read));
    },
  );

  app.patch(
    '/api/v1/cart/lines/:lineId',
    {
      config,
      schema: { tags, summary: 'Change a line’s quantity', description: `0 removes the line. ${REFUSALS}`, params: LineParams, body: SetQuantityBody, response: { 200: CartJson } },
    },
    async (request, reply) => {
      const { cartId } = await changeCart(platform, request, reply, { create: false }, (tx, id, now) =>
        setLineQuantity(tx, id, request.params.lineId, request.body.quantity, now),
      );
      privateAnswer(reply);
      return cartJson(cartId);
    },
  );

  app.delete(
    '/api/v1/cart/lines/:lineId',
    { config, schema: { tags, summary: 'Remove a line', description: REFUSALS, params: LineParams, response: { 200: CartJson } } },
    async (request, reply) => {
      const { cartId } = await changeCart(platform, request, reply, { create: false }, (tx, id, now) => removeLine(tx, id, request.params.lineId, now));
      privateAnswer(reply);
      return cartJson(cartId);
    },
  );

  app.post(
    '/api/v1/cart/lines/:lineId/accept-price',
    {
      config,
      schema: {
        tags,
        summary: 'Accept a changed price',
        description: `A line keeps the price seen when it was added until the shopper accepts the catalogue's new one; checkout refuses lines with an unaccepted change. ${REFUSALS}`,
        params: LineParams,
        response: { 200: CartJson },
      },
    },
    async (request, reply) => {
      const { cartId } = await changeCart(platform, request, reply, { create: false }, (tx, id, now) => acceptLinePrice(tx, id, request.params.lineId, now));
      privateAnswer(reply);
      return cartJson(cartId);
    },
  );
}
