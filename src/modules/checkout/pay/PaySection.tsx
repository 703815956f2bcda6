// The "Pay for your order" block on an unpaid order's page (the confirmation the buyer lands
// on after placing it, and the page every pay link opens). It says plainly where the payment
// stands (not tried yet, declined and why, the gateway not answering) and offers the three
// ways forward: pay by card on the gateway's own page, have a pay link emailed for later, or
// finish with a person. The order and its stock are held until the payment deadline.
import type { JSX } from 'preact';
import { formatMoney } from '../../../platform/money.ts';
import { Alert } from '../../../web/components/Alert.tsx';
import { Button, ButtonLink } from '../../../web/components/Button.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { Island } from '../../../web/components/Island.tsx';
import { formatDateTime } from '../../../web/dates.ts';
import { StripePayment } from '../../../web/islands/stripe-payment.tsx';
import type { Order } from '../../orders/index.ts';
import type { PaymentRecord } from '../../payments/index.ts';
import type { FollowUp } from './follow-ups.ts';
import { payPath } from './links.ts';

export interface PaySectionProps {
  order: Order;
  payment: PaymentRecord;
  followUp: FollowUp | null;
  /** The gateway's card page (simulator), or null: Stripe's Payment Element, or no intent yet. */
  cardPageUrl: string | null;
  stripe: { publishableKey: string; clientSecret: string; returnUrl: string } | null;
  token: string;
  csrfToken: string;
  locale: string;
  timeZone: string;
}

function statusNotice(payment: PaymentRecord, followUp: FollowUp | null): JSX.Element | null {
  if (followUp?.payLinkWhenBackSince)
    return (
      <Alert tone="info" title="Card payments are paused for a moment">
        <p>
          Your order is recorded and nothing was charged. We email you a link to pay as soon as card payments are back: there is nothing you need to do meanwhile. You can follow it on <a href="/status">the store status page</a>.
        </p>
      </Alert>
    );
  if (payment.status === 'failed')
    return (
      <Alert tone="error" title="Your payment did not go through">
        <p>{payment.lastErrorMessage ?? 'Your bank declined the card. Please use another card.'} Nothing was charged.</p>
      </Alert>
    );
  if (payment.status === 'requires_action')
    return (
      <Alert tone="warning" title="Your bank asked to confirm it is you">
        <p>Open the card page again to finish the check with your bank.</p>
      </Alert>
    );
  if (!payment.intentId)
    return (
      <Alert tone="warning" title="The payment service is not answering right now">
        <p>Your order is saved and nothing was charged. Try again in a few minutes, have us email you a link to pay later, or finish with a person.</p>
      </Alert>
    );
  return null;
}

export function PaySection(props: PaySectionProps) {
  const { order, payment, followUp, token, csrfToken } = props;
  const amount = formatMoney({ amount: order.total, currency: order.currency }, props.locale);
  const deadline = formatDateTime(order.paymentDeadline, props.locale, props.timeZone);
  const hidden = <input type="hidden" name="t" value={token} />;
  return (
    <section class="card order-pay" aria-labelledby="order-pay-title" id="pay">
      <h2 id="order-pay-title">Pay {amount} to confirm your order</h2>
      <p>
        Your order is recorded and your items are held for you until <strong>{deadline}</strong>. Nothing has been charged yet.
      </p>
      {statusNotice(payment, followUp)}
      {props.stripe ? (
        <Island name="stripe-payment" props={props.stripe}>
          <StripePayment {...props.stripe} />
        </Island>
      ) : props.cardPageUrl ? (
        <p>
          <ButtonLink variant="primary" href={props.cardPageUrl}>{payment.status === 'failed' ? 'Try another card' : 'Pay by card'}</ButtonLink>
        </p>
      ) : (
        <Form csrfToken={csrfToken} action={payPath(order.number, 'card')}>
          {hidden}
          <Button>Pay by card</Button>
        </Form>
      )}
      <p class="order-pay__secure">You type your card details on our payment provider’s secure page; we never see or keep your card number.</p>

      <div class="order-pay__alternatives">
        <div>
          <h3>Pay later</h3>
          {followUp?.payLinkSentAt ? (
            <p role="status">
              We emailed a link to pay to {order.email} on {formatDateTime(followUp.payLinkSentAt, props.locale, props.timeZone)}. It works until {deadline}.
            </p>
          ) : (
            <p>We email you a link to this page; your items stay held until {deadline}.</p>
          )}
          <Form csrfToken={csrfToken} action={payPath(order.number, 'later')}>
            {hidden}
            <Button variant="secondary">{followUp?.payLinkSentAt ? 'Email the link again' : 'Email me a link to pay later'}</Button>
          </Form>
        </div>
        <div>
          <h3>Finish with a person</h3>
          {followUp?.assistanceRequestedAt ? (
            <p role="status">
              Our team has your order and will contact you {followUp.assistanceContact === 'phone' && followUp.assistancePhone ? `at ${followUp.assistancePhone}` : `at ${order.email}`}. They see this same order: nothing you
              have done is lost, and nothing will be charged twice.
            </p>
          ) : (
            <Form csrfToken={csrfToken} action={payPath(order.number, 'assist')}>
              {hidden}
              <p>Someone from our team calls or emails you to finish the payment with you.</p>
              <label class="field__label" for="assist-phone">
                Phone number (optional: we call you)
              </label>
              <input class="input" id="assist-phone" name="phone" type="tel" autocomplete="tel" maxLength={40} />
              <label class="field__label" for="assist-note">
                Anything we should know? (optional)
              </label>
              <textarea class="input" id="assist-note" name="note" rows={2} maxLength={1000} />
              <Button variant="secondary">Ask a person to help</Button>
            </Form>
          )}
        </div>
      </div>
    </section>
  );
}
