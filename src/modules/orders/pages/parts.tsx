// Pieces the customer's and the staff's order pages share: the lines with their delivery
// promises, the delivery address and method, the totals, and the status badge.
import { formatMoney } from '../../../platform/money.ts';
import { toneOf } from '../../../web/islands/live-availability.ts';
import type { Order } from '../read.ts';
import type { OrderAddress } from '../schema.ts';
import { ORDER_STATUS_LABELS, type OrderStatus } from '../states.ts';

export type Money = (amount: number) => string;

export function moneyOf(order: Pick<Order, 'currency'>, locale: string): Money {
  return (amount) => formatMoney({ amount, currency: order.currency }, locale);
}

const STATUS_TONES: Partial<Record<OrderStatus, string>> = {
  shipped: 'done',
  delivered: 'done',
  on_hold: 'attention',
  cancelled: 'stopped',
};

export function StatusBadge({ status }: { status: OrderStatus }) {
  const tone = STATUS_TONES[status];
  return <span class={tone ? `badge order-status--${tone}` : 'badge'}>{ORDER_STATUS_LABELS[status]}</span>;
}

export function OrderLines({ order, money, staff = false }: { order: Order; money: Money; staff?: boolean }) {
  return (
    <ul class="order-lines">
      {order.lines.map((line) => (
        <li key={line.position} class="order-line">
          {line.imageUrl ? (
            <img class="order-line__image" src={line.imageUrl} alt="" width={64} height={64} loading="lazy" decoding="async" />
          ) : (
            <span class="order-line__image" aria-hidden="true" />
          )}
          <div class="order-line__body">
            <p class="order-line__title">
              {line.productTitle}
              {line.variantTitle && <span class="muted"> — {line.variantTitle}</span>}
            </p>
            <p class="small muted">
              {line.quantity} × {money(line.unitPrice)}
              {staff && ` · SKU ${line.sku} · tax ${money(line.tax)} at ${(line.taxRateBp / 100).toFixed(2)}%`}
            </p>
            <p class={`delivery-promise delivery-promise--${toneOf({ ...line.promise, orderable: true })} order-line__promise`}>{line.promise.label}</p>
          </div>
          <p class="order-line__total">{money(line.lineTotal)}</p>
        </li>
      ))}
    </ul>
  );
}

export function AddressLines({ address, locale }: { address: OrderAddress; locale: string }) {
  // "New York, NY 10118": the region and the postal code share a space, not a comma.
  const cityLine = [address.city, [address.region, address.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const country = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }).of(address.country) ?? address.country;
  return (
    <address class="order-address">
      {[address.name, address.line1, address.line2, cityLine, country, address.phone]
        .filter((part): part is string => Boolean(part))
        .map((part, i) => (
          <span key={i}>
            {part}
            <br />
          </span>
        ))}
    </address>
  );
}

export function OrderTotals({ order, money }: { order: Order; money: Money }) {
  return (
    <dl class="order-summary__figures">
      <dt>Subtotal</dt>
      <dd>{money(order.subtotal)}</dd>
      <dt>Shipping ({order.shippingMethod.name})</dt>
      <dd>{order.shippingTotal === 0 ? 'Free' : money(order.shippingTotal)}</dd>
      {!order.pricesIncludeTax && (
        <>
          <dt>Tax</dt>
          <dd>{money(order.taxTotal)}</dd>
        </>
      )}
      <dt class="order-summary__total">Total</dt>
      <dd class="order-summary__total">{money(order.total)}</dd>
      {order.pricesIncludeTax && (
        <>
          <dt class="small muted">Including tax</dt>
          <dd class="small muted">{money(order.taxTotal)}</dd>
        </>
      )}
    </dl>
  );
}
