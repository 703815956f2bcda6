// /admin/fulfillment/pick-list: what to take off the shelves, one table per stock location,
// one row per item (SKU) with the orders it goes to. Units already in a parcel are not listed.
// It prints without the admin frame (admin-fulfillment.css), one location per page.
import { Alert } from '../../../../web/components/Alert.tsx';
import type { PageContext } from '../../../../web/context.ts';
import { formatDateTime } from '../../../../web/dates.ts';
import { AdminLayout, type AdminNavItem } from '../../../../web/layout/AdminLayout.tsx';
import type { PickGroup } from '../pick-list.ts';
import { FULFILLMENT_PATH, orderConsolePath, type StoreFormat } from './parts.tsx';

export interface PickListPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  groups: PickGroup[];
  /** The orders asked for, or null for every order in preparation. */
  asked: readonly string[] | null;
  /** The orders listed. */
  orders: readonly string[];
  /** Numbers asked for that name no order. */
  unknown: readonly string[];
  now: Date;
  format: StoreFormat;
}

export function PickListPage({ ctx, nav, groups, asked, orders, unknown, now, format }: PickListPageProps) {
  const units = groups.reduce((sum, g) => sum + g.quantity, 0);
  return (
    <AdminLayout ctx={ctx} title="Pick list" nav={nav}>
      <p class="small print-hide">
        <a href={`${FULFILLMENT_PATH}?tab=preparing`}>← Orders in preparation</a>
      </p>
      <div class="admin-heading">
        <h1>Pick list</h1>
      </div>
      <p>
        {asked === null ? `Every order in preparation (${orders.length})` : `${orders.length === 1 ? 'Order' : 'Orders'} ${orders.join(', ') || 'none'}`} · {units} unit{units === 1 ? '' : 's'} to
        pick · printed {formatDateTime(now, format.locale, format.timeZone)}
      </p>
      <p class="muted small print-hide">Use your browser’s Print command: the list prints without the admin menus, each location on its own page.</p>
      {unknown.length > 0 && (
        <Alert tone="warning" title="Not on this list">
          <p>No order has the number {unknown.join(', ')}.</p>
        </Alert>
      )}
      {groups.length === 0 && <p role="status">Nothing left to pick: every unit of {orders.length === 1 ? 'this order' : 'these orders'} is in a parcel.</p>}
      {groups.map((group) => (
        <section key={group.locationId} class="pick-location" aria-labelledby={`pick-${group.locationId}`}>
          <h2 id={`pick-${group.locationId}`} class="admin-subheading">
            {group.name} <span class="muted small">· {group.quantity} units</span>
          </h2>
          <div class="table-wrap" tabIndex={0} role="region" aria-labelledby={`pick-${group.locationId}`}>
            <table class="table pick-table">
              <thead>
                <tr>
                  <th scope="col">SKU</th>
                  <th scope="col">Item</th>
                  <th scope="col" class="num">
                    Units
                  </th>
                  <th scope="col">For orders</th>
                  <th scope="col" class="pick-check">
                    Picked
                  </th>
                </tr>
              </thead>
              <tbody>
                {group.items.map((item) => (
                  <tr key={item.variantId}>
                    <td>
                      <span class="reference">{item.sku || '—'}</span>
                    </td>
                    <th scope="row">{item.title}</th>
                    <td class="num">
                      <strong>{item.quantity}</strong>
                    </td>
                    <td>
                      <ul class="pick-orders">
                        {item.orders.map((entry) => (
                          <li key={entry.orderNumber}>
                            <a href={orderConsolePath(entry.orderNumber)}>{entry.orderNumber}</a> × {entry.quantity}
                            {entry.backordered && <span class="muted small"> (backordered when ordered: check it has arrived)</span>}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td class="pick-check" aria-hidden="true">
                      ☐
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </AdminLayout>
  );
}
