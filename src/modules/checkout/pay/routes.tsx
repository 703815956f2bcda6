// Paying for a placed order, from its page: open the gateway's card page, come back from it,
// ask for a pay link by email, or ask for a person. Each action carries the order's pay token
// (minted on the page for whoever may see it) and answers with the order page again, which
// shows where the payment now stands.
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { Problem } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import { Alert } from '../../../web/components/Alert.tsx';
import { formBody, text } from '../../../web/forms/form-body.ts';
import { normalizeOrderNumber, orderByNumber, orderPagePath, registerOrderPageSection, type Order } from '../../orders/index.ts';
import { ensureIntent, GatewayUnavailable, hostedCardPageUrl, paymentOf, publishableKey, syncPayment } from '../../payments/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import { isPaid } from '../place/settle.ts';
import { followUpOf, NOTE_MAX, PHONE_MAX, requestAssistance, sendPayLink } from './follow-ups.ts';
import { payToken, payTokenOpens, returnUrl } from './links.ts';
import { PaySection } from './PaySection.tsx';

/** A pay link is not emailed again within this long (a double click, an impatient reload). */
const RESEND_AFTER_MS = 60_000;
const PHONE = /^[+()\d][\d\s().+-]{5,39}$/;

const NumberParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 64 }) });
const ReturnQuery = Type.Object({ t: Type.String({ maxLength: 4096 }), payment_intent: Type.Optional(Type.String({ maxLength: 255 })), redirect_status: Type.Optional(Type.String({ maxLength: 40 })) });

const notFound = () => new Problem({ status: 404, type: 'not-found', title: 'We could not find that order' });

export function registerPayRoutes(app: App, platform: Platform): void {
  registerOrderPageSection(platform, async ({ order, csrfToken }) => {
    if (order.status === 'validated')
      return (
        <Alert tone="success" title="Thank you: your payment is confirmed">
          <p>There is nothing more to pay. We are getting your order ready and will email you at every step until it is on your doorstep.</p>
        </Alert>
      );
    if (order.status !== 'placed') return null;
    const payment = await paymentOf(platform.database.db, order.id);
    if (!payment || isPaid(payment.status)) return null;
    const [followUp, profile] = await Promise.all([followUpOf(platform.database.db, order.id), getStoreProfile(platform)]);
    const back = returnUrl(platform, order);
    const key = publishableKey(platform);
    return (
      <PaySection
        order={order}
        payment={payment}
        followUp={followUp}
        cardPageUrl={hostedCardPageUrl(platform, payment, back)}
        stripe={key && payment.clientSecret ? { publishableKey: key, clientSecret: payment.clientSecret, returnUrl: back } : null}
        token={payToken(platform, order)}
        csrfToken={csrfToken}
        locale={profile.locale}
        timeZone={profile.timeZone}
      />
    );
  });

  /** The order the pay token opens, still waiting for its payment; 404 otherwise (existence is private). */
  async function payableOrder(numberParam: string, token: unknown): Promise<Order> {
    const number = normalizeOrderNumber(numberParam);
    const order = number ? await orderByNumber(platform.database.db, number) : null;
    if (!order || !payTokenOpens(platform, token, order.id)) throw notFound();
    return order;
  }
  const backToOrder = (reply: FastifyReply, order: Order) => reply.redirect(`${orderPagePath(platform, order)}#pay`, 303);

  app.post('/orders/:number/pay/card', { config: { access: 'public', maintenance: 'checkout' }, schema: { params: NumberParams } }, async (request, reply) => {
    const order = await payableOrder(request.params.number, text(formBody(request), 't'));
    if (order.status !== 'placed') return backToOrder(reply, order);
    try {
      const payment = await ensureIntent(platform, order.id);
      const page = hostedCardPageUrl(platform, payment, returnUrl(platform, order));
      if (page) return reply.redirect(page, 303);
    } catch (error) {
      if (!(error instanceof GatewayUnavailable)) throw error;
    }
    // Stripe's card form is on the order page itself; an unanswered gateway is explained there.
    return backToOrder(reply, order);
  });

  app.get('/orders/:number/pay/return', { config: { access: 'public' }, schema: { params: NumberParams, querystring: ReturnQuery } }, async (request, reply) => {
    const order = await payableOrder(request.params.number, request.query.t);
    try {
      await syncPayment(platform, order.id, 'return', { unlessSettled: true });
    } catch (error) {
      // The gateway's news also comes by webhook and by the reconciliation job: the page says "checking".
      if (!(error instanceof GatewayUnavailable)) throw error;
    }
    return backToOrder(reply, order);
  });

  app.post('/orders/:number/pay/later', { config: { access: 'public', maintenance: 'checkout' }, schema: { params: NumberParams } }, async (request, reply) => {
    const order = await payableOrder(request.params.number, text(formBody(request), 't'));
    if (order.status !== 'placed') return backToOrder(reply, order);
    await platform.database.transaction(async (tx) => {
      const followUp = await followUpOf(tx, order.id);
      const recently = followUp?.payLinkSentAt && platform.clock.now().getTime() - followUp.payLinkSentAt.getTime() < RESEND_AFTER_MS;
      if (!recently) await sendPayLink(platform, tx, order, 'customer');
    });
    return backToOrder(reply, order);
  });

  app.post('/orders/:number/pay/assist', { config: { access: 'public' }, schema: { params: NumberParams } }, async (request, reply) => {
    const body = formBody(request);
    const order = await payableOrder(request.params.number, text(body, 't'));
    const phone = text(body, 'phone').trim().slice(0, PHONE_MAX + 1);
    const note = text(body, 'note').trim().slice(0, NOTE_MAX);
    if (phone !== '' && !PHONE.test(phone)) {
      throw new Problem({ status: 400, type: 'validation', title: 'That phone number does not look right', detail: 'Use digits, spaces and + ( ) - only, or leave it empty and we will email you.', errors: [{ field: 'phone', message: 'Use digits, spaces and + ( ) - only.' }] });
    }
    if (order.status === 'placed') await platform.database.transaction((tx) => requestAssistance(platform, tx, order, { phone: phone || null, note: note || null }));
    return backToOrder(reply, order);
  });
}

