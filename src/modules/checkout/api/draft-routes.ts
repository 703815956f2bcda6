// The checkout draft's JSON API: read the checkout as the form shows it, and save what the
// shopper typed (the form's autosave). Public: the cart is the visitor's (cookie or
// session). A JSON body cannot be sent by another site's page without CORS, and a body that
// is not a JSON object fails the schema, so no CSRF token is needed.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { Problem } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import { cartWithLinesForRequest, readCart, type CartRead } from '../../cart/index.ts';
import { saveDraft } from '../draft/drafts.ts';
import { changesFromJson, DraftSave } from '../draft/input.ts';
import { checkoutProblems } from '../hold.ts';
import { CheckoutJson } from './checkout-json.ts';
import { currentCheckout } from './current.ts';

export const DRAFT_API_PATH = '/api/v1/checkout/draft';
const tags = ['checkout'];

export function registerCheckoutDraftRoutes(app: App, platform: Platform): void {
  // Saving the draft is a checkout write: it stops when a maintenance window starts.
  const config = { access: 'public' as const, maintenance: 'checkout' as const };

  async function requestCart(request: FastifyRequest, reply: FastifyReply): Promise<CartRead> {
    reply.header('cache-control', 'private, no-store');
    const found = await cartWithLinesForRequest(platform, request, reply);
    if (!found) throw checkoutProblems.emptyCart();
    return readCart(platform.database.db, found.id, found.lines);
  }

  app.get(
    DRAFT_API_PATH,
    {
      config,
      schema: {
        tags,
        summary: 'The checkout as the form shows it',
        description: 'The details typed so far with what is wrong with each, the shipping methods to the address with prices and dates, every line with its dates, tax and totals (worked out by the store, never taken from the client), and the order token for “Place order”.',
        response: { 200: CheckoutJson },
      },
    },
    async (request, reply) => (await currentCheckout(platform, request, reply, await requestCart(request, reply))).json,
  );

  app.put(
    DRAFT_API_PATH,
    {
      config,
      schema: {
        tags,
        summary: 'Save checkout details as they are typed',
        description:
          'Saves the fields given (only those), valid or not: problems are answered beside each field, nothing typed is dropped. With `version`, saves only if the draft is still at that version; ' +
          'otherwise 409 `draft-changed` with the draft as it now is in `checkout`, so the client can keep its own edits and send them again.',
        body: DraftSave,
        response: { 200: CheckoutJson },
      },
    },
    async (request, reply) => {
      const read = await requestCart(request, reply);
      const { version, changes } = request.body;
      const saved = await saveDraft(platform.database.db, read.cart.id!, changesFromJson(changes), { now: platform.clock.now(), ...(version === undefined ? {} : { baseVersion: version }) });
      const { json } = await currentCheckout(platform, request, reply, read, { draft: saved.draft });
      if (saved.kind === 'stale') {
        throw new Problem({
          status: 409,
          type: 'draft-changed',
          title: 'Your details were changed elsewhere',
          detail: 'They were saved meanwhile in another window or on another device. Nothing was saved from this request: send your changes again with the version in `checkout`.',
          extensions: { checkout: json },
        });
      }
      return json;
    },
  );
}
