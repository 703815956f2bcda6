// Pieces the console's pages share: their paths, the status badges of orders and parcels, a
// date and a "ships by" day in the store's words, and the bare printable document the packing
// slip is (the store's stylesheets, no header, no navigation).
import type { ComponentChildren } from 'preact';
import { formatDay } from '../../../../platform/calendar.ts';
import type { PageContext } from '../../../../web/context.ts';
import { ORDER_STATUS_LABELS, type OrderStatus } from '../../../orders/index.ts';
import { SHIPMENT_STATUS_LABELS, type ShipmentStatus } from '../../states.ts';

export const FULFILLMENT_PATH = '/admin/fulfillment';
export const PICK_LIST_PATH = `${FULFILLMENT_PATH}/pick-list`;
export const START_PATH = `${FULFILLMENT_PATH}/start`;
export const orderConsolePath = (number: string) => `${FULFILLMENT_PATH}/orders/${number}`;
export const packPath = (number: string) => `${orderConsolePath(number)}/parcels`;
export const shipPath = (shipmentId: string) => `${FULFILLMENT_PATH}/parcels/${shipmentId}/ship`;
export const removePath = (shipmentId: string) => `${FULFILLMENT_PATH}/parcels/${shipmentId}/remove`;
export const slipPath = (shipmentId: string) => `${FULFILLMENT_PATH}/parcels/${shipmentId}/slip`;
export const pickListHref = (numbers: readonly string[]) => (numbers.length ? `${PICK_LIST_PATH}?${new URLSearchParams(numbers.map((n) => ['orders', n])).toString()}` : PICK_LIST_PATH);

export interface StoreFormat {
  locale: string;
  timeZone: string;
}

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const tone = status === 'on_hold' ? ' order-status--attention' : status === 'cancelled' ? ' order-status--stopped' : '';
  return <span class={`badge${tone}`}>{ORDER_STATUS_LABELS[status]}</span>;
}

export function ParcelStatusBadge({ status }: { status: ShipmentStatus }) {
  return <span class={status === 'packed' ? 'badge' : 'badge order-status--done'}>{SHIPMENT_STATUS_LABELS[status]}</span>;
}

/** "Wed, Nov 25" with a flag when the day has passed or is today. */
export function ShipsBy({ date, today, locale }: { date: string | null; today: string; locale: string }) {
  if (!date) return <span class="muted">No date promised</span>;
  return (
    <>
      {formatDay(date, locale)}
      {date < today && <span class="badge order-status--stopped fulfillment-late">Late</span>}
      {date === today && <span class="badge order-status--attention">Today</span>}
    </>
  );
}

/** A printable document: the store's stylesheets and nothing around the content. */
export function PrintDocument({ ctx, title, children }: { ctx: PageContext; title: string; children: ComponentChildren }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${title} · ${ctx.storeName}`}</title>
        <link rel="stylesheet" href={ctx.assets.url('main.css')} />
      </head>
      <body class="print-document">
        <main id="main">{children}</main>
      </body>
    </html>
  );
}
