// The hosted card page: GET /pay/:intentId?client_secret=…&return_url=… shows a card form;
// posting it confirms the intent in the simulator and sends the browser back to return_url
// with ?payment_intent=<id>&redirect_status=succeeded|failed, as Stripe's redirects do. A
// 3-D Secure card goes through a challenge page with Complete and Fail buttons first. The
// client secret is the page's only credential, as with Stripe.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { checkTypedCard } from './cards.ts';
import { cardFormPage, challengePage, noticePage } from './hosted-page.ts';
import { ApiError, type Ledger, type PaymentIntent } from './ledger.ts';

interface PageQuery {
  client_secret?: string;
  return_url?: string;
}

const PAID: readonly PaymentIntent['status'][] = ['succeeded', 'requires_capture'];

function validReturnUrl(raw: string | undefined): string | null {
  if (!raw || raw.length > 2000) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

export function returnTo(returnUrl: string, intent: PaymentIntent, outcome: 'succeeded' | 'failed'): string {
  const url = new URL(returnUrl);
  // Unlike Stripe, no client secret in the address: the shop needs only the intent, and
  // addresses end up in request logs.
  url.searchParams.set('payment_intent', intent.id);
  url.searchParams.set('redirect_status', outcome);
  return url.toString();
}

const html = (reply: FastifyReply, status: number, body: string) =>
  reply
    .status(status)
    .header('cache-control', 'no-store')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'")
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(body);

export function registerPageRoutes(app: FastifyInstance, ledger: Ledger, now: () => Date): void {
  /** The intent and return address the request names, or the page that says why not. */
  function resolve(id: string, input: PageQuery, reply: FastifyReply): { intent: PaymentIntent; returnUrl: string } | null {
    const intent = ledger.withSecret(id, input.client_secret ?? '');
    if (!intent) {
      void html(reply, 404, noticePage('Payment not found', 'This payment link is not valid. Please go back to the shop and try again.'));
      return null;
    }
    const returnUrl = validReturnUrl(input.return_url);
    if (!returnUrl) {
      void html(reply, 400, noticePage('Payment link incomplete', 'This payment link has no valid return address. Please go back to the shop and try again.'));
      return null;
    }
    return { intent, returnUrl };
  }

  /** What the page shows for an intent that cannot take a card now. */
  function settledPage(reply: FastifyReply, intent: PaymentIntent, returnUrl: string, status = 200) {
    if (PAID.includes(intent.status)) {
      return html(reply, status, noticePage('Already paid', 'This payment has already been made. Nothing more will be charged.', { href: returnTo(returnUrl, intent, 'succeeded'), label: 'Back to the shop' }));
    }
    return html(reply, status, noticePage('Payment cancelled', 'This payment was cancelled and can no longer be paid.', { href: returnTo(returnUrl, intent, 'failed'), label: 'Back to the shop' }));
  }

  function show(reply: FastifyReply, intent: PaymentIntent, returnUrl: string, settledStatus = 200) {
    if (intent.status === 'requires_action') return html(reply, 200, challengePage(intent, returnUrl));
    if (PAID.includes(intent.status) || intent.status === 'canceled') return settledPage(reply, intent, returnUrl, settledStatus);
    return html(reply, 200, cardFormPage({ intent, returnUrl }));
  }

  app.get<{ Params: { id: string }; Querystring: PageQuery }>('/pay/:id', async (request, reply) => {
    const found = resolve(request.params.id, request.query, reply);
    if (found) return show(reply, found.intent, found.returnUrl);
  });

  app.get<{ Params: { id: string }; Querystring: PageQuery }>('/pay/:id/authenticate', async (request, reply) => {
    const found = resolve(request.params.id, request.query, reply);
    if (found) return show(reply, found.intent, found.returnUrl);
  });

  app.post<{ Params: { id: string } }>('/pay/:id', async (request, reply) => {
    const form = Object.fromEntries(new URLSearchParams(typeof request.body === 'string' ? request.body : ''));
    const found = resolve(request.params.id, form, reply);
    if (!found) return;
    const { intent, returnUrl } = found;
    const typed = { number: form.number ?? '', expiry: form.expiry ?? '', cvc: form.cvc ?? '' };
    const check = checkTypedCard(typed, now());
    if (!check.ok) return html(reply, 422, cardFormPage({ intent, returnUrl, error: { field: check.field, message: check.message }, expiry: typed.expiry, name: form.name ?? '' }));
    try {
      const paymentMethod = `pm_${randomBytes(12).toString('hex')}`;
      const confirmed = ledger.confirm(intent.id, { card: check.card, paymentMethod, expMonth: check.expMonth, expYear: check.expYear }, returnUrl, null);
      if (confirmed.status === 'requires_action') return html(reply, 200, challengePage(confirmed, returnUrl));
      return reply.redirect(returnTo(returnUrl, confirmed, 'succeeded'), 303);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const after = ledger.retrieve(intent.id);
      // A decline: back to the shop, which says what happened and offers another card.
      if (error.status === 402) return reply.redirect(returnTo(returnUrl, after, 'failed'), 303);
      // Someone else (the customer or an agent) paid or cancelled it first.
      return show(reply, after, returnUrl, 409);
    }
  });

  app.post<{ Params: { id: string } }>('/pay/:id/authenticate', async (request, reply) => {
    const form = Object.fromEntries(new URLSearchParams(typeof request.body === 'string' ? request.body : ''));
    const found = resolve(request.params.id, form, reply);
    if (!found) return;
    const { intent, returnUrl } = found;
    if (intent.status !== 'requires_action') return show(reply, intent, returnUrl, 409);
    const after = ledger.authenticate(intent.id, form.result === 'complete');
    return reply.redirect(returnTo(returnUrl, after, PAID.includes(after.status) ? 'succeeded' : 'failed'), 303);
  });
}
