// A signed-in customer's orders, newest first, each opening its status page.
import { formatDateTime } from '../../../web/dates.ts';
import type { PageContext } from '../../../web/context.ts';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';
import type { OrderPage } from '../list.ts';
import { PageLinks } from '../../../web/components/PageLinks.tsx';
import { StatusBadge, moneyOf } from './parts.tsx';
import type { StoreFormat } from './progress.tsx';

export const ACCOUNT_ORDERS_PATH = '/account/orders';

export function AccountOrdersPage({ ctx, list, format }: { ctx: PageContext; list: OrderPage; format: StoreFormat }) {
  return (
    <StoreLayout ctx={ctx} title="Your orders" canonicalPath={ACCOUNT_ORDERS_PATH}>
      <div class="page-header">
        <h1>Your orders</h1>
        <p>
          <a href="/account">Your account</a>
        </p>
      </div>
      {list.total === 0 ? (
        <p>
          You have no orders yet. Ordered as a guest? <a href="/orders/lookup">Find an order</a> with its number and email address.
        </p>
      ) : (
        <ul class="order-list">
          {list.rows.map((order) => (
            <li key={order.id} class="card order-list__item">
              <div>
                <p>
                  <a href={`/orders/${order.number}`}>
                    <strong>{order.number}</strong>
                  </a>
                </p>
                <p class="small muted">
                  Placed {formatDateTime(order.placedAt, format.locale, format.timeZone)} · {order.itemCount} {order.itemCount === 1 ? 'item' : 'items'}
                </p>
              </div>
              <div>
                <p>
                  <StatusBadge status={order.status} />
                </p>
                <p>{moneyOf(order, format.locale)(order.total)}</p>
              </div>
            </li>
          ))}
        </ul>
      )}
      <PageLinks class="order-pages" previousLabel="Newer orders" nextLabel="Older orders" page={list.page} pageCount={list.pageCount} href={(page) => `${ACCOUNT_ORDERS_PATH}?page=${page}`} />
    </StoreLayout>
  );
}
