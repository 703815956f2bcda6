// The payment block on the staff order page, for the agent on the phone with a buyer whose
// payment failed. The agent works on the same order record as the customer: they can email
// the pay link, or take the payment by phone on the gateway's own card page (typing the card
// there, never into our pages), and ask the gateway where the payment stands. The order has
// one payment intent, confirmed once: whoever pays first wins, the other sees it is paid.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { Problem } from '../../../platform/http/problem.ts';
import { formatMoney } from '../../../platform/money.ts';
import type { Platform } from '../../../platform/platform.ts';
import { Alert } from '../../../web/components/Alert.tsx';
import { Button } from '../../../web/components/Button.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { formatDateTime } from '../../../web/dates.ts';
import { normalizeOrderNumber, orderByNumber, registerStaffOrderSection, type Order } from '../../orders/index.ts';
import { ensureIntent, GatewayUnavailable, hostedCardPageUrl, paymentOf, syncPayment, type PaymentRecord } from '../../payments/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import { permissionsOf, requirePermission } from '../../staff/index.ts';
import { isPaid } from '../place/settle.ts';
import { followUpOf, sendPayLink, takeAssistance, type FollowUp } from './follow-ups.ts';

const ADMIN_ORDER = (number: string) => `/admin/orders/${number}`;
const action = (number: string, what: 'send-link' | 'by-phone' | 'check' | 'take' | 'phone-return') => `${ADMIN_ORDER(number)}/payment/${what}`;
const STAFF = ['agent', 'lead', 'admin'] as const;
const NumberParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 64 }) });

interface StaffPaymentProps {
  order: Order;
  payment: PaymentRecord;
  followUp: FollowUp | null;
  mayTakePayment: boolean;
  csrfToken: string;
  locale: string;
  timeZone: string;
}

function StaffPayment({ order, payment, followUp, mayTakePayment, csrfToken, locale, timeZone }: StaffPaymentProps) {
  const time = (date: Date) => formatDateTime(date, locale, timeZone);
  const open = order.status === 'placed' && !isPaid(payment.status);
  return (
    <section class="card" aria-labelledby="staff-payment-title">
      <h2 id="staff-payment-title">Payment</h2>
      <dl>
        <dt>Status</dt>
        <dd>
          {payment.status}
          {payment.attempts > 0 && ` after ${payment.attempts} attempt${payment.attempts === 1 ? '' : 's'}`}
        </dd>
        <dt>Amount</dt>
        <dd>
          {formatMoney({ amount: payment.amount, currency: payment.currency }, locale)} ({payment.captureMethod === 'manual' ? 'captured when it ships' : 'captured when authorised'})
        </dd>
        {payment.lastErrorMessage && (
          <>
            <dt>Last refusal</dt>
            <dd>
              {payment.lastErrorMessage} {payment.lastErrorCode && <code>{payment.lastErrorCode}</code>}
            </dd>
          </>
        )}
        {open && (
          <>
            <dt>Held until</dt>
            <dd>{time(order.paymentDeadline)}</dd>
          </>
        )}
        {followUp?.payLinkSentAt && (
          <>
            <dt>Pay link emailed</dt>
            <dd>
              {time(followUp.payLinkSentAt)} ({followUp.payLinkSentBy === 'customer' ? 'the customer asked' : 'sent by staff'})
            </dd>
          </>
        )}
      </dl>
      {followUp?.assistanceRequestedAt && (
        <Alert tone={followUp.assistanceTakenAt || !open ? 'info' : 'warning'} title="The customer asked to finish with a person">
          <p>
            {time(followUp.assistanceRequestedAt)}: {followUp.assistanceContact === 'phone' && followUp.assistancePhone ? `call them at ${followUp.assistancePhone}` : `email them at ${order.email}`}.
            {followUp.assistanceTakenAt && ` Taken up ${time(followUp.assistanceTakenAt)}.`}
          </p>
          {followUp.assistanceNote && <blockquote>{followUp.assistanceNote}</blockquote>}
          {!followUp.assistanceTakenAt && open && mayTakePayment && (
            <Form csrfToken={csrfToken} action={action(order.number, 'take')}>
              <Button variant="secondary">I am on it</Button>
            </Form>
          )}
        </Alert>
      )}
      {isPaid(payment.status) && <p role="status">This order is paid. Nothing more to take: a second payment is impossible.</p>}
      {open && mayTakePayment && (
        <div class="admin-actions">
          <Form csrfToken={csrfToken} action={action(order.number, 'by-phone')}>
            <Button>Take the payment by phone</Button>
          </Form>
          <Form csrfToken={csrfToken} action={action(order.number, 'send-link')}>
            <Button variant="secondary">Email the pay link to {order.email}</Button>
          </Form>
          <Form csrfToken={csrfToken} action={action(order.number, 'check')}>
            <Button variant="secondary">Ask the gateway now</Button>
          </Form>
        </div>
      )}
    </section>
  );
}

export function registerStaffPaymentRoutes(app: App, platform: Platform): void {
  registerStaffOrderSection(platform, async ({ order, csrfToken, viewer }) => {
    const payment = await paymentOf(platform.database.db, order.id);
    if (!payment) return null;
    const [followUp, profile] = await Promise.all([followUpOf(platform.database.db, order.id), getStoreProfile(platform)]);
    const mayTakePayment = viewer.kind === 'staff' && permissionsOf(viewer.role).includes('orders.take_payment');
    return <StaffPayment order={order} payment={payment} followUp={followUp} mayTakePayment={mayTakePayment} csrfToken={csrfToken} locale={profile.locale} timeZone={profile.timeZone} />;
  });

  async function staffOrder(numberParam: string, request: FastifyRequest): Promise<{ order: Order; staffId: string }> {
    const principal = await request.principal();
    requirePermission(principal, 'orders.take_payment');
    const number = normalizeOrderNumber(numberParam);
    const order = number ? await orderByNumber(platform.database.db, number) : null;
    if (!order) throw new Problem({ status: 404, type: 'not-found', title: 'We could not find that order' });
    return { order, staffId: principal!.id };
  }
  const config = { access: STAFF };
  const back = (number: string) => `${ADMIN_ORDER(number)}#staff-payment-title`;

  app.post('/admin/orders/:number/payment/send-link', { config, schema: { params: NumberParams } }, async (request, reply) => {
    const { order, staffId } = await staffOrder(request.params.number, request);
    if (order.status === 'placed') await platform.database.transaction((tx) => sendPayLink(platform, tx, order, `staff:${staffId}`));
    return reply.redirect(back(order.number), 303);
  });

  app.post('/admin/orders/:number/payment/by-phone', { config, schema: { params: NumberParams } }, async (request, reply) => {
    const { order } = await staffOrder(request.params.number, request);
    if (order.status !== 'placed') return reply.redirect(back(order.number), 303);
    try {
      const payment = await ensureIntent(platform, order.id);
      const page = hostedCardPageUrl(platform, payment, new URL(action(order.number, 'phone-return'), platform.config.baseUrl).href);
      if (page) return reply.redirect(page, 303);
    } catch (error) {
      if (!(error instanceof GatewayUnavailable)) throw error;
      throw new Problem({ status: 503, type: 'gateway-unavailable', title: 'The payment service is not answering', detail: 'Nothing was charged. Send the pay link instead, or try again in a few minutes.', headers: { 'retry-after': '60' } });
    }
    throw new Problem({ status: 409, type: 'card-form-on-stripe', title: 'Take the payment in Stripe’s dashboard', detail: 'With Stripe, phone payments are typed into Stripe’s own dashboard (virtual terminal) for this order’s payment intent; this page then shows it paid.' });
  });

  app.get('/admin/orders/:number/payment/phone-return', { config, schema: { params: NumberParams } }, async (request, reply) => {
    const { order } = await staffOrder(request.params.number, request);
    await syncPayment(platform, order.id, 'agent').catch((error: unknown) => {
      if (!(error instanceof GatewayUnavailable)) throw error;
    });
    return reply.redirect(back(order.number), 303);
  });

  app.post('/admin/orders/:number/payment/check', { config, schema: { params: NumberParams } }, async (request, reply) => {
    const { order } = await staffOrder(request.params.number, request);
    await syncPayment(platform, order.id, 'agent');
    return reply.redirect(back(order.number), 303);
  });

  app.post('/admin/orders/:number/payment/take', { config, schema: { params: NumberParams } }, async (request, reply) => {
    const { order, staffId } = await staffOrder(request.params.number, request);
    await platform.database.transaction((tx) => takeAssistance(tx, order.id, staffId, platform.clock.now()));
    return reply.redirect(back(order.number), 303);
  });
}
