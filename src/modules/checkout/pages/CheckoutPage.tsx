// The checkout page: how long the items are held, then the checkout form island (contact,
// shipping address, shipping method, the items with their dates, totals, "Place order").
import type { PageContext } from '../../../web/context.ts';
import { Alert } from '../../../web/components/Alert.tsx';
import { Island } from '../../../web/components/Island.tsx';
import { CheckoutDraft, type CheckoutDraftProps } from '../../../web/islands/checkout-draft.tsx';
import { CheckoutHold, type CheckoutHoldProps } from '../../../web/islands/checkout-hold.tsx';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';

export interface CheckoutPageProps {
  ctx: PageContext;
  hold: CheckoutHoldProps;
  form: CheckoutDraftProps;
  /** Why the shopper is back here from "Place order" (see NOTICES), if they are. */
  notice?: string | undefined;
  /** Card payments are paused (the gateway's circuit breaker is open): the order is taken, paid by link later. */
  paymentsPaused?: boolean;
}

/** What placing the order asks the shopper to look at again, by the notice it sends them back with. */
export const NOTICES: Readonly<Record<string, string>> = {
  expired: 'This page had expired, so nothing was ordered. Please check your details and place your order again.',
  details: 'Some of your details need a look before you can place your order.',
  availability: 'Some items need your attention before you can place your order.',
  rehold: 'Your hold on the items had ended, so we held them again. Please check the delivery dates and place your order again.',
  changed: 'Your details changed since this page was shown. Please check the total and place your order again.',
};

export function CheckoutPage({ ctx, hold, form, notice, paymentsPaused = false }: CheckoutPageProps) {
  const message = notice ? NOTICES[notice] : undefined;
  return (
    <StoreLayout ctx={ctx} title="Checkout" canonicalPath="/checkout" head={<meta name="robots" content="noindex" />} stickyBanner>
      <div class="page-header">
        <h1>Checkout</h1>
      </div>
      {message && (
        <Alert tone="warning">
          <p>{message}</p>
        </Alert>
      )}
      {paymentsPaused && (
        <Alert tone="info" title="Card payments are paused for a moment">
          <p>
            You can still place your order now: it is recorded and your items are held for you. We email you a link to pay as soon as card payments are back, and nothing is charged until you use it. See <a href="/status">the store status</a>.
          </p>
        </Alert>
      )}
      <Island name="checkout-hold" props={hold}>
        <CheckoutHold {...hold} />
      </Island>
      <Island name="checkout-draft" props={form}>
        <CheckoutDraft {...form} />
      </Island>
    </StoreLayout>
  );
}
