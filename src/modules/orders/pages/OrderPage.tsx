// The order status page a customer reaches from the confirmation, any order email, the lookup
// form or their account: the number to quote, where the order stands (the current step in
// words, when it should arrive, every step with its time) and what happens next, sections
// other modules add (paying an unpaid order, the parcels and their carrier events, asking
// about the order), then what was bought, where it goes and what it cost.
import type { JSX } from 'preact';
import { formatDateTime } from '../../../web/dates.ts';
import type { PageContext } from '../../../web/context.ts';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';
import type { EstimateWords } from '../estimate.ts';
import type { Order, OrderTransition } from '../read.ts';
import { AddressLines, OrderLines, OrderTotals, moneyOf } from './parts.tsx';
import { OrderEstimate, OrderNow, OrderProgress, type StoreFormat } from './progress.tsx';

export interface OrderPageProps {
  ctx: PageContext;
  order: Order;
  history: OrderTransition[];
  sections: JSX.Element[];
  /** When it should arrive, in words (null: no date to give). */
  estimate: EstimateWords | null;
  format: StoreFormat;
}

export function OrderPage({ ctx, order, history, sections, estimate, format }: OrderPageProps) {
  const money = moneyOf(order, format.locale);
  return (
    <StoreLayout ctx={ctx} title={`Order ${order.number}`} head={<meta name="robots" content="noindex, nofollow" />}>
      <div class="page-header">
        <p class="order-number__label">Order number</p>
        <h1 class="order-number">{order.number}</h1>
        <p class="muted">
          Placed {formatDateTime(order.placedAt, format.locale, format.timeZone)} · updates go to <span class="order-email">{order.email}</span>
        </p>
      </div>
      <div class="order-layout">
        <div class="order-layout__main">
          <section class="card" aria-labelledby="status-heading">
            <h2 id="status-heading">Where your order stands</h2>
            <OrderNow order={order} />
            <OrderEstimate order={order} estimate={estimate} />
            <OrderProgress order={order} history={history} format={format} />
          </section>
          {sections}
          <section aria-labelledby="items-heading">
            <h2 id="items-heading">Your items</h2>
            <OrderLines order={order} money={money} />
          </section>
          <section aria-labelledby="delivery-heading">
            <h2 id="delivery-heading">Delivery</h2>
            <AddressLines address={order.shippingAddress} locale={format.locale} />
            <p>
              {order.shippingMethod.name}
              {order.shippingMethod.carrier ? ` with ${order.shippingMethod.carrier}` : ''}
            </p>
          </section>
        </div>
        <aside class="card order-summary" aria-labelledby="summary-heading">
          <h2 id="summary-heading">Summary</h2>
          <OrderTotals order={order} money={money} />
          <h3>Need help?</h3>
          <p>
            <a href="/help">Contact us</a> and mention your order number, <strong>{order.number}</strong>: whoever answers sees this same order.
          </p>
        </aside>
      </div>
    </StoreLayout>
  );
}
