// The cart page and its forms. Every form posts and is answered 303 → /cart; a refused
// change shows the cart again with the reason (status 4xx), the cart unchanged.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { Problem } from '../../../platform/http/problem.ts';
import { formatMoney } from '../../../platform/money.ts';
import type { Platform } from '../../../platform/platform.ts';
import { sendPage } from '../../../web/page-context.ts';
import { variantsByIds } from '../../catalog/index.ts';
import { promiseDatesNote } from '../../inventory/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import { promisedCart } from '../line-promises.ts';
import { acceptLinePrice, addLine, removeLine, setLineQuantity } from '../lines.ts';
import { UUID_PATTERN } from '../limits.ts';
import { cartForRequest, changeCart } from '../request-cart.ts';
import { CartPage, type CartPageError } from './CartPage.tsx';

// Loose on purpose: a bad value is explained on the cart page, not with a bare 400.
const FormField = Type.Optional(Type.String({ maxLength: 200 }));
const AddForm = Type.Object({ variantId: FormField, quantity: FormField, _csrf: FormField });
const QuantityForm = Type.Object({ quantity: FormField, _csrf: FormField });
const LineParams = Type.Object({ lineId: Type.String({ maxLength: 100 }) });

/** A form quantity: digits only, else NaN (which every quantity check refuses). */
function formQuantity(value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  return /^\s*\d{1,6}\s*$/.test(value) ? Number(value) : Number.NaN;
}

export function registerCartPageRoutes(app: App, platform: Platform): void {
  const open = { access: 'public' as const };

  async function showCart(request: FastifyRequest, reply: FastifyReply, status = 200, error?: CartPageError) {
    const cartId = await cartForRequest(platform, request, reply);
    const [cart, profile, ctx] = await Promise.all([
      promisedCart(platform, cartId),
      getStoreProfile(platform),
      app.pages.context(request),
    ]);
    const money = (amount: number) => formatMoney({ amount, currency: profile.currency }, profile.locale);
    const datesNote = promiseDatesNote(cart.promisedFor, profile.locale);
    return sendPage(reply, <CartPage ctx={ctx} cart={cart} money={money} datesNote={datesNote} error={error} />, status);
  }

  /** Runs a form's change; on a refusal the cart is shown again with the reason. */
  async function submit(request: FastifyRequest, reply: FastifyReply, change: () => Promise<unknown>, backTo?: () => Promise<CartPageError['backTo']>) {
    try {
      await change();
    } catch (error) {
      if (!(error instanceof Problem) || error.status >= 500) throw error;
      const back = await backTo?.();
      return showCart(request, reply, error.status, { title: error.title, message: error.detail ?? error.title, ...(back ? { backTo: back } : {}) });
    }
    return reply.redirect('/cart', 303);
  }

  app.get('/cart', { config: open }, (request, reply) => showCart(request, reply));

  // Product pages are cached for every visitor alike and carry no per-visitor token, so this
  // form is checked by the browser's Sec-Fetch-Site / Origin headers instead.
  app.post('/cart/add', { config: { ...open, csrf: 'origin' }, schema: { body: AddForm } }, (request, reply) => {
    const variantId = request.body.variantId?.trim() ?? '';
    const quantity = formQuantity(request.body.quantity, 1);
    return submit(
      request,
      reply,
      () => changeCart(platform, request, reply, { create: true }, (tx, cartId, now, fresh) => addLine(tx, cartId, variantId, quantity, now, fresh)),
      async () => {
        const variant = UUID_PATTERN.test(variantId) ? (await variantsByIds(platform.database.db, [variantId])).get(variantId) : undefined;
        return variant?.productStatus === 'active' ? { href: `/products/${variant.productHandle}`, label: `Back to ${variant.productTitle}` } : undefined;
      },
    );
  });

  app.post('/cart/lines/:lineId', { config: open, schema: { params: LineParams, body: QuantityForm } }, (request, reply) => {
    const quantity = formQuantity(request.body.quantity, Number.NaN);
    return submit(request, reply, () =>
      changeCart(platform, request, reply, { create: false }, (tx, cartId, now) => setLineQuantity(tx, cartId, request.params.lineId, quantity, now)),
    );
  });

  app.post('/cart/lines/:lineId/remove', { config: open, schema: { params: LineParams } }, (request, reply) =>
    submit(request, reply, () =>
      changeCart(platform, request, reply, { create: false }, (tx, cartId, now) => removeLine(tx, cartId, request.params.lineId, now)),
    ),
  );

  app.post('/cart/lines/:lineId/accept-price', { config: open, schema: { params: LineParams } }, (request, reply) =>
    submit(request, reply, () =>
      changeCart(platform, request, reply, { create: false }, (tx, cartId, now) => acceptLinePrice(tx, cartId, request.params.lineId, now)),
    ),
  );
}
