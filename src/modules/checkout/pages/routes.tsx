// The checkout pages. POST /checkout holds the cart's items and shows the review (or, when
// stock is short, what can be done instead); GET /checkout shows the review while the hold
// lasts and never holds anything itself (no GET changes state).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { localTimeOf } from '../../../platform/calendar.ts';
import type { App } from '../../../platform/http/app.ts';
import { Problem } from '../../../platform/http/problem.ts';
import { formatMoney } from '../../../platform/money.ts';
import type { Platform } from '../../../platform/platform.ts';
import { sendPage } from '../../../web/page-context.ts';
import { cartForRequest, checkoutHolder as holderOf, getCart } from '../../cart/index.ts';
import { holdCovers, holdRanOut } from '../../inventory/index.ts';
import { methodsFor, priceFor, shippingCountries } from '../../shipping/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import { currentHold, holdCart, leaveCheckout, type ShortLine } from '../hold.ts';
import { reviewOf } from '../review.ts';
import { ReviewPage } from './ReviewPage.tsx';
import { ShortPage, StartPage, type StartReason } from './StartPage.tsx';

const ReviewQuery = Type.Object({
  country: Type.Optional(Type.String({ maxLength: 2 })),
  method: Type.Optional(Type.String({ maxLength: 36 })),
});
const COUNTRY = /^[A-Z]{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function registerCheckoutPageRoutes(app: App, platform: Platform): void {
  const open = { access: 'public' as const };

  async function start(request: FastifyRequest, reply: FastifyReply, reason: StartReason) {
    return sendPage(reply, <StartPage ctx={await app.pages.context(request)} reason={reason} />);
  }

  app.get('/checkout', { config: open, schema: { querystring: ReviewQuery } }, async (request, reply) => {
    const cartId = await cartForRequest(platform, request, reply);
    const cart = cartId ? await getCart(platform.database.db, cartId) : null;
    if (!cartId || !cart || cart.lines.length === 0) return reply.redirect('/cart', 303);
    const hold = await currentHold(platform, cartId);
    if (!hold) return start(request, reply, (await holdRanOut(platform.database.db, holderOf(cartId))) ? 'hold-ended' : 'not-held');
    if (!(await holdCovers(platform.database.db, hold, cart.lines))) return start(request, reply, 'cart-changed');

    const country = request.query.country?.toUpperCase();
    const methodId = request.query.method;
    const [profile, review, countries, ctx] = await Promise.all([
      getStoreProfile(platform),
      reviewOf(platform, cart, hold, { country: country && COUNTRY.test(country) ? country : null, methodId: methodId && UUID.test(methodId) ? methodId : null }),
      shippingCountries(platform.database.db),
      app.pages.context(request),
    ]);
    const money = (amount: number) => formatMoney({ amount, currency: profile.currency }, profile.locale);
    const methods = review.country ? await methodsFor(platform.database.db, review.country) : [];
    const names = new Intl.DisplayNames([profile.locale], { type: 'region' });
    const priceText = (m: (typeof methods)[number]) => {
      const { amountMinor } = priceFor(m, cart.subtotalMinor);
      return amountMinor === 0 ? 'free' : money(amountMinor);
    };
    return sendPage(
      reply,
      <ReviewPage
        ctx={ctx}
        review={review}
        hold={{ expiresAt: hold.expiresAt!.toISOString(), untilText: `${localTimeOf(hold.expiresAt!, profile.timeZone)} (${profile.timeZone.replace(/_/g, ' ')} time)` }}
        countries={countries.map((code) => ({ code, name: names.of(code) ?? code }))}
        methods={methods.map((m) => ({ ...m, priceText: priceText(m) }))}
        subtotal={money(cart.subtotalMinor)}
        shipping={review.method ? priceText(review.method) : null}
        locale={profile.locale}
      />,
    );
  });

  app.post('/checkout', { config: open }, async (request, reply) => {
    const cartId = await cartForRequest(platform, request, reply);
    if (!cartId) return reply.redirect('/cart', 303);
    try {
      await holdCart(platform, cartId);
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

  app.post('/checkout/leave', { config: open }, async (request, reply) => {
    const cartId = await cartForRequest(platform, request, reply);
    if (cartId) await leaveCheckout(platform, cartId);
    return reply.redirect('/cart', 303);
  });
}
