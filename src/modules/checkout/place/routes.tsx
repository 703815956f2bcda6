// "Place order": the checkout form's button (POST /checkout/place, with its one-time token)
// and the JSON API (POST /api/v1/checkout/orders, with Idempotency-Key). Both record the order
// before any money moves and answer its number; the browser then lands on the order's page,
// which is the confirmation and where it is paid.
import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { Problem } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import { formBody, text } from '../../../web/forms/form-body.ts';
import { cartForRequest, cartWithLinesForRequest, guestCartIdFrom, guestCartWithLines } from '../../cart/index.ts';
import { orderByCart, orderPagePath, orderPageUrl, type Order, type OrderActor } from '../../orders/index.ts';
import { hostedCardPageUrl, paymentOf, publishableKey } from '../../payments/index.ts';
import { loadDraft, saveDraft, type CheckoutDraft, type DraftFields } from '../draft/drafts.ts';
import { changesFromForm } from '../draft/input.ts';
import { PLACE_ORDER_PATH } from '../pages/routes.tsx';
import { followUpOf } from '../pay/follow-ups.ts';
import { returnUrl } from '../pay/links.ts';
import { placeOrder, summaryOf, type JustPlaced, type PlaceOutcome } from './place-order.ts';
import { verifyPlaceOrderToken } from './token.ts';

export const PLACE_ORDER_API_PATH = '/api/v1/checkout/orders';

const NEEDS_ATTENTION_NOTICE: Record<Extract<PlaceOutcome, { kind: 'needs-attention' }>['reason'], string> = {
  details: 'details',
  availability: 'availability',
  rehold: 'rehold',
  'draft-changed': 'changed',
};

async function whoPlaces(request: FastifyRequest): Promise<{ customerId: string | null; actor: OrderActor }> {
  const principal = await request.principal();
  if (principal?.kind === 'customer') return { customerId: principal.id, actor: { kind: 'customer', id: principal.id } };
  return { customerId: null, actor: { kind: 'customer', id: null } };
}

/** Whether the posted fields change the saved draft: then the shopper has not seen the totals they lead to. */
function changesDraft(draft: CheckoutDraft | null, changes: Partial<DraftFields>): boolean {
  return (Object.keys(changes) as (keyof DraftFields)[]).some((field) => String(changes[field] ?? '').trim() !== String(draft?.[field] ?? '').trim());
}

const PlaceBody = Type.Object(
  { draftVersion: Type.Optional(Type.Integer({ minimum: 0, description: 'The draft version the buyer confirmed (`version` of GET /api/v1/checkout/draft); a newer draft answers 409 `checkout-changed`.' })) },
  { additionalProperties: false },
);

const PlacedJson = Type.Object({
  number: Type.String(),
  status: Type.String(),
  total: Type.Integer(),
  currency: Type.String(),
  paymentDeadline: Type.String({ format: 'date-time' }),
  orderUrl: Type.String({ description: 'The order page (signed link): confirmation, status and paying.' }),
  payment: Type.Object({
    status: Type.String(),
    cardPageUrl: Type.Union([Type.String(), Type.Null()], { description: 'The gateway’s card page (simulator); null with Stripe or while the gateway does not answer.' }),
    clientSecret: Type.Union([Type.String(), Type.Null()], { description: 'For Stripe’s Payment Element.' }),
    publishableKey: Type.Union([Type.String(), Type.Null()]),
    payLinkWhenBack: Type.Boolean({ description: 'Card payments were paused (the gateway failing) when the order was placed: the pay link is emailed once they are back.' }),
  }),
});
type PlacedJson = Static<typeof PlacedJson>;

export function registerPlaceOrderRoutes(app: App, platform: Platform): void {
  const db = () => platform.database.db;

  app.post(PLACE_ORDER_PATH, { config: { access: 'public', maintenance: 'checkout' } }, async (request, reply) => {
    const body = formBody(request);
    const claim = verifyPlaceOrderToken(platform, text(body, 'orderToken'));
    if (!claim) return reply.redirect('/checkout?notice=expired', 303);
    // A second press of the button, or the back button and again: the order already stands.
    const placed = await orderByCart(db(), claim.cartId);
    if (placed) return reply.redirect(orderPagePath(platform, placed), 303);
    const cartId = await cartForRequest(platform, request, reply);
    if (cartId !== claim.cartId) return reply.redirect('/checkout?notice=expired', 303);

    // Without JavaScript the form's fields arrive only now: keep them, and if they change what
    // the shopper would pay or how it ships, show that before placing.
    const changes = changesFromForm(body);
    let draftVersion = claim.version;
    if (changesDraft(await loadDraft(db(), cartId), changes)) {
      const before = await summaryOf(platform, cartId);
      const saved = await saveDraft(db(), cartId, changes, { now: platform.clock.now() });
      const after = await summaryOf(platform, cartId);
      const same = before.draftVersion === claim.version && before.totalMinor === after.totalMinor && before.method?.method.id === after.method?.method.id;
      if (!same) return reply.redirect('/checkout?check=1&notice=changed#review', 303);
      draftVersion = saved.draft.version;
    }
    const outcome = await placeOrder(platform, { cartId, ...(await whoPlaces(request)), draftVersion, noOrderYet: true });
    if (outcome.kind === 'needs-attention') return reply.redirect(`/checkout?check=1&notice=${NEEDS_ATTENTION_NOTICE[outcome.reason]}#review`, 303);
    return reply.redirect(orderPagePath(platform, outcome.order), 303);
  });

  /** `placed`: what placing this order just left, not read back. */
  async function placedJson(order: Order, placed?: JustPlaced): Promise<PlacedJson> {
    const [payment, payLinkWhenBack] = placed
      ? [placed.payment, placed.payLinkWhenBack]
      : await Promise.all([paymentOf(db(), order.id), followUpOf(db(), order.id).then((f) => f?.payLinkWhenBackSince != null)]);
    return {
      number: order.number,
      status: order.status,
      total: order.total,
      currency: order.currency,
      paymentDeadline: order.paymentDeadline.toISOString(),
      orderUrl: orderPageUrl(platform, order),
      payment: {
        status: payment?.status ?? 'pending',
        cardPageUrl: payment ? hostedCardPageUrl(platform, payment, returnUrl(platform, order)) : null,
        clientSecret: payment?.clientSecret ?? null,
        publishableKey: publishableKey(platform),
        payLinkWhenBack,
      },
    };
  }

  app.post(
    PLACE_ORDER_API_PATH,
    {
      config: {
        access: 'public',
        maintenance: 'checkout',
        // Keys are the caller's: their cart (even once it became an order) or their account.
        idempotency: { scope: async (request) => guestCartIdFrom(platform, request) ?? (await request.principal())?.id ?? 'nobody' },
      },
      schema: {
        tags: ['checkout'],
        summary: 'Place the order',
        description:
          'Records the visitor’s checkout (the draft saved with PUT /api/v1/checkout/draft, the held cart) as an order before any payment: 201 with its number and where to pay. ' +
          'Prices, tax and totals are the store’s own, never the client’s. The same cart placed again answers 200 with the same order. ' +
          'Send an `Idempotency-Key`: the same key and body replay the first answer; the same key with another body is refused (422); a duplicate while the first runs answers 409. ' +
          '409 `checkout-needs-attention` lists what to fix (`errors`, `availability`); 409 `checkout-changed` when the draft changed since `draftVersion`.',
        body: PlaceBody,
        response: { 200: PlacedJson, 201: PlacedJson },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      const cookieCart = guestCartIdFrom(platform, request);
      // A guest's cart that is still active has no order yet (placing checks the cart out in the
      // order's own transaction), so nothing more is asked. Otherwise the cookie's cart may be an
      // order already: it is answered without touching the cookie (finding the request's cart
      // would clear it), so a retry with the same key still names the same caller and replays.
      const guest = (await request.principal())?.kind !== 'customer';
      const active = cookieCart && guest ? await guestCartWithLines(db(), cookieCart, platform.clock.now()) : null;
      if (!active) {
        const placedFromCookie = cookieCart ? await orderByCart(db(), cookieCart) : null;
        if (placedFromCookie) return reply.code(200).send(await placedJson(placedFromCookie));
      }
      const found = active ?? (await cartWithLinesForRequest(platform, request, reply));
      // A signed-in customer's cart placed already: placeOrder answers its order (200 below).
      if (!found) throw new Problem({ status: 409, type: 'empty-cart', title: 'Your cart is empty', detail: 'Add something to your cart before checking out.' });
      const outcome = await placeOrder(platform, {
        cartId: found.id,
        lines: found.lines,
        ...(await whoPlaces(request)),
        ...(request.body.draftVersion === undefined ? {} : { draftVersion: request.body.draftVersion }),
        noOrderYet: found.id === cookieCart,
      });
      if (outcome.kind === 'needs-attention') throw needsAttention(outcome);
      return reply.code(outcome.created ? 201 : 200).send(await placedJson(outcome.order, outcome.placed));
    },
  );
}

function needsAttention(outcome: Extract<PlaceOutcome, { kind: 'needs-attention' }>): Problem {
  const { summary, reason } = outcome;
  if (reason === 'draft-changed')
    return new Problem({ status: 409, type: 'checkout-changed', title: 'Your checkout changed', detail: 'The details changed since you reviewed them: review the totals and place the order again.', extensions: { draftVersion: summary.draftVersion } });
  const detail =
    reason === 'rehold'
      ? 'Your hold on the items had ended. We held them again: check the delivery dates and place the order again.'
      : [...summary.problems.fields.map((f) => `${f.field}: ${f.message}`), ...summary.problems.availability.map((a) => a.message)].join(' ');
  return new Problem({
    status: 409,
    type: 'checkout-needs-attention',
    title: reason === 'details' ? 'Some details need your attention' : 'Please check your items again',
    detail,
    errors: summary.problems.fields,
    extensions: { availability: summary.problems.availability, reason },
  });
}

