// The checkout pages. POST /checkout holds the cart's items and shows the checkout (or, when
// stock is short, what can be done instead); GET /checkout shows the checkout form while the
// hold lasts and never holds anything itself (no GET changes state). POST /checkout/details
// saves what was typed, valid or not, and comes back to the form: without JavaScript this is
// how the draft is saved and the shipping options follow the address.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { localTimeOf } from '../../../platform/calendar.ts';
import type { App } from '../../../platform/http/app.ts';
import { Problem } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import { formBody, text } from '../../../web/forms/form-body.ts';
import { sendPage } from '../../../web/page-context.ts';
import { cartForRequest, cartWithLinesForRequest, checkoutHolder as holderOf, getCart, readCart } from '../../cart/index.ts';
import { homeCountry } from '../../shipping/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import { countryChoices, shipToCountries } from '../address/countries.ts';
import { DRAFT_API_PATH } from '../api/draft-routes.ts';
import { currentCheckout } from '../api/current.ts';
import { saveDraft } from '../draft/drafts.ts';
import { changesFromForm } from '../draft/input.ts';
import { holdCart, keepHold, leaveCheckout, type ShortLine } from '../hold.ts';
import { holdOf } from '../summary.ts';
import { paymentsPaused } from '../pay/when-back.ts';
import { CheckoutPage } from './CheckoutPage.tsx';
import { ShortPage, StartPage, type StartReason } from './StartPage.tsx';

const CheckoutQuery = Type.Object({
  check: Type.Optional(Type.String({ maxLength: 1, description: 'Present after "Save and continue": every problem is shown at once.' })),
  notice: Type.Optional(Type.String({ maxLength: 20, description: 'Why "Place order" sent the shopper back (CheckoutPage NOTICES).' })),
});

export const PLACE_ORDER_PATH = '/checkout/place';
const DETAILS_PATH = '/checkout/details';

export function registerCheckoutPageRoutes(app: App, platform: Platform): void {
  const open = { access: 'public' as const };
  // Planned maintenance: starting a checkout stops first (while checkouts drain), the rest at the window's start.
  const checkout = { ...open, maintenance: 'checkout' as const };
  const db = () => platform.database.db;

  async function start(request: FastifyRequest, reply: FastifyReply, reason: StartReason) {
    return sendPage(reply, <StartPage ctx={await app.pages.context(request)} reason={reason} />);
  }

  app.get('/checkout', { config: open, schema: { querystring: CheckoutQuery } }, async (request, reply) => {
    const found = await cartWithLinesForRequest(platform, request, reply);
    if (!found || found.lines.length === 0) return reply.redirect('/cart', 303);
    const read = await readCart(db(), found.id, found.lines);
    const { cart } = read;
    const hold = await holdOf(platform, cart, holderOf(found.id), read.figures);
    if (hold.state !== 'held') return start(request, reply, hold.state);

    const [profile, checkout, countries, home, ctx] = await Promise.all([
      getStoreProfile(platform),
      currentCheckout(platform, request, reply, read, { hold }),
      shipToCountries(db()),
      homeCountry(db()),
      app.pages.context(request),
    ]);
    const expiresAt = hold.reservation!.expiresAt!;
    const holdProps = {
      expiresAt: expiresAt.toISOString(),
      untilText: `${localTimeOf(expiresAt, profile.timeZone)} (${profile.timeZone.replace(/_/g, ' ')} time)`,
      keepUrl: '/api/v1/checkout/hold/keep',
      restartAction: '/checkout',
      csrfToken: ctx.csrfToken,
    };
    const form = {
      state: checkout.json,
      countries: countryChoices(countries, profile.locale, home),
      csrfToken: ctx.csrfToken,
      saveUrl: DRAFT_API_PATH,
      detailsAction: DETAILS_PATH,
      placeAction: PLACE_ORDER_PATH,
      leaveAction: '/checkout/leave',
      signInHref: ctx.principal ? null : `/account/sign-in?next=${encodeURIComponent('/checkout')}`,
      showErrors: request.query.check !== undefined,
      unsaved: checkout.unsaved,
    };
    return sendPage(reply, <CheckoutPage ctx={ctx} hold={holdProps} form={form} notice={request.query.notice} paymentsPaused={paymentsPaused(platform)} />);
  });

  app.post(DETAILS_PATH, { config: checkout }, async (request, reply) => {
    const cartId = await cartForRequest(platform, request, reply);
    if (!cartId) return reply.redirect('/cart', 303);
    const body = formBody(request);
    await saveDraft(db(), cartId, changesFromForm(body), { now: platform.clock.now() });
    // Without JavaScript no keep-alive runs: a post is the shopper being active.
    await keepHold(platform, cartId);
    return reply.redirect(text(body, 'intent') === 'update' ? '/checkout#shipping-method' : '/checkout?check=1#review', 303);
  });

  app.post('/checkout', { config: { ...open, maintenance: 'checkout-start' } }, async (request, reply) => {
    const found = await cartWithLinesForRequest(platform, request, reply);
    if (!found) return reply.redirect('/cart', 303);
    const cartId = found.id;
    try {
      await holdCart(platform, cartId, found.lines);
    } catch (error) {
      if (!(error instanceof Problem) || error.status >= 500) throw error;
      if (error.type !== 'insufficient-stock') return reply.redirect('/cart', 303);
      const cart = await getCart(platform.database.db, cartId);
      const lineIds = new Map(cart.lines.map((l) => [l.variantId, l.id]));
      const ctx = await app.pages.context(request);
      return sendPage(reply, <ShortPage ctx={ctx} title={error.title} lines={error.extensions.lines as ShortLine[]} lineIds={lineIds} />, 409);
    }
    return reply.redirect('/checkout', 303);
  });

  app.post('/checkout/leave', { config: checkout }, async (request, reply) => {
    const cartId = await cartForRequest(platform, request, reply);
    if (cartId) await leaveCheckout(platform, cartId);
    return reply.redirect('/cart', 303);
  });
}
