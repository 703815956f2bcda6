// /admin/orders/:number: everything about one order for agents and the merchant — status and
// payment, the customer and where it goes, the lines with SKUs and tax, the totals, sections
// other modules add (payment, parcels, tickets, the emails the customer was sent), and the
// history of every status change with who made it and why.
import type { JSX } from 'preact';
import type { PageContext } from '../../../web/context.ts';
import { formatDateTime } from '../../../web/dates.ts';
import { AdminLayout, type AdminNavItem } from '../../../web/layout/AdminLayout.tsx';
import type { Order, OrderTransition } from '../read.ts';
import type { ActorKind } from '../schema.ts';
import { ORDER_STATUS_LABELS } from '../states.ts';
import { ADMIN_ORDERS_PATH } from './AdminOrdersPage.tsx';
import { AddressLines, OrderLines, OrderTotals, StatusBadge, moneyOf } from './parts.tsx';
import { paymentWords } from './payment-words.ts';
import type { StoreFormat } from './progress.tsx';

const ACTOR_LABELS: Record<ActorKind, string> = {
  system: 'The store',
  customer: 'Customer',
  agent: 'Agent',
  merchant: 'Merchant',
};

export interface AdminOrderPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  order: Order;
  history: OrderTransition[];
  /** Names of the people in the history, by id. */
  actorNames: Map<string, string>;
  sections: JSX.Element[];
  /** The signed link to the customer's order page, to send them. */
  customerLink: string;
  format: StoreFormat;
}

export function AdminOrderPage({ ctx, nav, order, history, actorNames, sections, customerLink, format }: AdminOrderPageProps) {
  const money = moneyOf(order, format.locale);
  const time = (date: Date) => formatDateTime(date, format.locale, format.timeZone);
  const actor = (step: OrderTransition) => {
    const name = step.actorId ? actorNames.get(step.actorId) : undefined;
    return step.actorId ? `${ACTOR_LABELS[step.actorKind]} ${name ?? step.actorId}` : ACTOR_LABELS[step.actorKind];
  };
  return (
    <AdminLayout ctx={ctx} title={`Order ${order.number}`} nav={nav}>
      <p class="small">
        <a href={ADMIN_ORDERS_PATH}>← All orders</a>
      </p>
      <div class="admin-heading">
        <h1>
          Order <span class="order-number">{order.number}</span>
        </h1>
        <StatusBadge status={order.status} />
      </div>
      <dl>
        <dt>Status</dt>
        <dd>
          {ORDER_STATUS_LABELS[order.status]}
          {order.status === 'on_hold' && order.heldFrom && ` (returns to ${ORDER_STATUS_LABELS[order.heldFrom]} when released)`}
          {order.cancelledReason && ` — ${order.cancelledReason}`}
        </dd>
        <dt>Payment</dt>
        <dd>
          {paymentWords(order.paymentStatus)}
          {order.status === 'placed' && ` · to be paid by ${time(order.paymentDeadline)}`}
        </dd>
        <dt>Placed</dt>
        <dd>{time(order.placedAt)}</dd>
        <dt>Customer</dt>
        <dd>
          {order.shippingAddress.name} · <a class="order-email" href={`mailto:${order.email}`}>
            {order.email}
          </a>
          {order.customerId ? '' : ' · no customer record'}
        </dd>
      </dl>
      <section aria-labelledby="customer-link-heading">
        <h2 id="customer-link-heading">The customer’s view</h2>
        <p>
          <a href={`/orders/${order.number}`}>Open the order page as the customer sees it</a>. To send them their link:
        </p>
        <label class="field__label" for="customer-link">
          Link to the customer’s order page
        </label>
        <input class="input order-link-field" id="customer-link" type="text" readOnly value={customerLink} />
      </section>
      {sections}
      <section aria-labelledby="items-heading">
        <h2 id="items-heading">Items</h2>
        <OrderLines order={order} money={money} staff />
        <OrderTotals order={order} money={money} />
      </section>
      <section aria-labelledby="delivery-heading">
        <h2 id="delivery-heading">Delivery</h2>
        <AddressLines address={order.shippingAddress} locale={format.locale} />
        <p>
          {order.shippingMethod.name} ({money(order.shippingMethod.price)}){order.shippingMethod.carrier ? ` with ${order.shippingMethod.carrier}` : ''}
        </p>
      </section>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="history-heading">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Change</th>
                <th scope="col">By</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {history.map((step) => (
                <tr key={step.seq}>
                  <td>{time(step.at)}</td>
                  <td>{step.from ? `${ORDER_STATUS_LABELS[step.from]} → ${ORDER_STATUS_LABELS[step.to]}` : ORDER_STATUS_LABELS[step.to]}</td>
                  <td>{actor(step)}</td>
                  <td>{step.reason || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </AdminLayout>
  );
}
