// /admin/fulfillment/parcels/:shipmentId/slip: the sheet that goes into the box. A bare
// printable page (no admin frame): the store, the order number, where it goes, which parcel of
// how many this is, what is in it, what comes in the other parcels, and the carrier with the
// tracking number. Prices are left off: the box may be a gift.
import type { PageContext } from '../../../../web/context.ts';
import { formatDateTime } from '../../../../web/dates.ts';
import type { Order, OrderAddress } from '../../../orders/index.ts';
import { CARRIERS, isCarrierCode } from '../../carriers/numbers/index.ts';
import type { Shipment } from '../../shipments/read.ts';
import { orderConsolePath, PrintDocument, type StoreFormat } from './parts.tsx';

export interface PackingSlipPageProps {
  ctx: PageContext;
  order: Order;
  parcel: Shipment;
  /** Every parcel of the order, in packing order (this one among them). */
  parcels: Shipment[];
  format: StoreFormat;
}

function Address({ address, locale }: { address: OrderAddress; locale: string }) {
  const cityLine = [address.city, [address.region, address.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const country = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }).of(address.country) ?? address.country;
  return (
    <address class="slip-address">
      {[address.name, address.line1, address.line2, cityLine, country].filter(Boolean).map((part, i) => (
        <span key={i}>
          {part}
          <br />
        </span>
      ))}
    </address>
  );
}

export function PackingSlipPage({ ctx, order, parcel, parcels, format }: PackingSlipPageProps) {
  const n = parcels.findIndex((p) => p.id === parcel.id) + 1;
  const title = (orderLineId: string) => {
    const line = order.lines.find((l) => l.id === orderLineId);
    return line ? [line.productTitle, line.variantTitle].filter(Boolean).join(' — ') : 'An item no longer on the order';
  };
  // In the order the customer saw the lines.
  const position = (orderLineId: string) => order.lines.find((l) => l.id === orderLineId)?.position ?? Number.MAX_SAFE_INTEGER;
  const inOrder = (lines: Shipment['lines']) => [...lines].sort((a, b) => position(a.orderLineId) - position(b.orderLineId));
  const sku = (orderLineId: string) => order.lines.find((l) => l.id === orderLineId)?.sku ?? '';
  // Per line, what is not in this box: in another parcel, or not packed yet.
  const elsewhere = order.lines
    .map((line) => {
      const here = parcel.lines.filter((l) => l.orderLineId === line.id).reduce((s, l) => s + l.quantity, 0);
      return { line, quantity: line.quantity - here };
    })
    .filter((e) => e.quantity > 0);
  const carrier = isCarrierCode(parcel.carrier) ? CARRIERS[parcel.carrier].name : parcel.carrier;
  return (
    <PrintDocument ctx={ctx} title={`Packing slip ${order.number} parcel ${n}`}>
      <p class="print-hide small">
        <a href={orderConsolePath(order.number)}>← Back to order {order.number}</a> · Use your browser’s Print command to print this slip.
      </p>
      <article class="packing-slip">
        <header class="packing-slip__header">
          <p class="packing-slip__store">{ctx.storeName}</p>
          <h1>Packing slip</h1>
        </header>
        <dl class="packing-slip__facts">
          <dt>Order</dt>
          <dd>
            <span class="order-number">{order.number}</span>
          </dd>
          <dt>Ordered</dt>
          <dd>{formatDateTime(order.placedAt, format.locale, format.timeZone)}</dd>
          <dt>Parcel</dt>
          <dd>
            {n} of {parcels.length}
          </dd>
          <dt>Carrier</dt>
          <dd>
            {carrier} {parcel.service}
          </dd>
          <dt>Tracking number</dt>
          <dd>
            <span class="reference">{parcel.trackingNumber}</span>
          </dd>
        </dl>
        <section aria-labelledby="slip-ship-to">
          <h2 id="slip-ship-to">Ship to</h2>
          <Address address={order.shippingAddress} locale={format.locale} />
        </section>
        <section aria-labelledby="slip-contents">
          <h2 id="slip-contents">In this parcel</h2>
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col">SKU</th>
                <th scope="col" class="num">
                  Quantity
                </th>
              </tr>
            </thead>
            <tbody>
              {inOrder(parcel.lines).map((l) => (
                <tr key={l.orderLineId}>
                  <th scope="row">{title(l.orderLineId)}</th>
                  <td>{sku(l.orderLineId)}</td>
                  <td class="num">{l.quantity}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section aria-labelledby="slip-elsewhere">
          <h2 id="slip-elsewhere">In other parcels</h2>
          {elsewhere.length === 0 ? (
            <p>Nothing: this parcel completes your order.</p>
          ) : (
            <>
              <p>These items of your order come separately:</p>
              <ul>
                {elsewhere.map((e) => (
                  <li key={e.line.id}>
                    {e.quantity} × {title(e.line.id)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      </article>
    </PrintDocument>
  );
}
