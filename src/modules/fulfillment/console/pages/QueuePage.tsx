// /admin/fulfillment: the warehouse's queue in three tabs — paid orders ready to prepare (the
// longest waiting first, with the day each must ship by and the late ones flagged), orders in
// preparation (with their pick list), and orders whose parcels wait for the carrier. Orders are
// started one at a time or as a selection; both are plain forms.
import { Alert } from '../../../../web/components/Alert.tsx';
import { Button, ButtonLink } from '../../../../web/components/Button.tsx';
import { Form } from '../../../../web/components/Form.tsx';
import { Notice } from '../../../../web/components/Notice.tsx';
import type { PageContext } from '../../../../web/context.ts';
import { formatDateTime } from '../../../../web/dates.ts';
import { AdminLayout, type AdminNavItem } from '../../../../web/layout/AdminLayout.tsx';
import { QUEUE_LIMIT, QUEUE_TAB_INFO, QUEUE_TABS, type Queue, type QueueRow, type QueueTab } from '../queue.ts';
import { FULFILLMENT_PATH, orderConsolePath, OrderStatusBadge, PICK_LIST_PATH, pickListHref, ShipsBy, START_PATH, type StoreFormat } from './parts.tsx';

export const queueHref = (tab: QueueTab) => (tab === 'ready' ? FULFILLMENT_PATH : `${FULFILLMENT_PATH}?tab=${tab}`);

export interface QueuePageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  queue: Queue;
  format: StoreFormat;
  notice?: string | undefined;
  /** Orders just started: the notice offers their pick list. */
  started?: readonly string[];
  /** Orders that could not be started, each with why. */
  refused?: readonly { number: string; why: string }[];
  /** A form refused as a whole (nothing selected). */
  error?: string | undefined;
}

function SelectBox({ number }: { number: string }) {
  return (
    <>
      <input type="checkbox" id={`select-${number}`} name="orders" value={number} />
      <label class="visually-hidden" for={`select-${number}`}>
        Select order {number}
      </label>
    </>
  );
}

function Rows({ queue, format, select, action }: { queue: Queue; format: StoreFormat; select: boolean; action: boolean }) {
  const waiting = queue.tab === 'waiting';
  const row = (r: QueueRow) => (
    <tr key={r.order.id} class={r.late ? 'fulfillment-row--late' : undefined}>
      {select && (
        <td>
          <SelectBox number={r.order.number} />
        </td>
      )}
      <th scope="row">
        <a href={orderConsolePath(r.order.number)}>{r.order.number}</a>
      </th>
      <td>{formatDateTime(r.order.placedAt, format.locale, format.timeZone)}</td>
      <td>
        <ShipsBy date={r.shipsBy} today={queue.today} locale={format.locale} />
      </td>
      <td>
        {r.order.shippingAddress.name}
        <div class="muted small">{r.order.shippingMethod.name}</div>
      </td>
      <td class="num">{r.units}</td>
      {waiting && (
        <>
          <td>
            <OrderStatusBadge status={r.order.status} />
          </td>
          <td class="num">{r.parcelsWaiting}</td>
        </>
      )}
      {action && (
        <td>
          <Button variant="secondary" name="one" value={r.order.number}>
            Start preparing<span class="visually-hidden"> order {r.order.number}</span>
          </Button>
        </td>
      )}
    </tr>
  );
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={QUEUE_TAB_INFO[queue.tab].label}>
      <table class="table">
        <thead>
          <tr>
            {select && (
              <th scope="col">
                <span class="visually-hidden">Select</span>
              </th>
            )}
            <th scope="col">Order</th>
            <th scope="col">Placed</th>
            <th scope="col">Ships by</th>
            <th scope="col">Ship to</th>
            <th scope="col" class="num">
              Units
            </th>
            {waiting && (
              <>
                <th scope="col">Status</th>
                <th scope="col" class="num">
                  Parcels waiting
                </th>
              </>
            )}
            {action && (
              <th scope="col">
                <span class="visually-hidden">Action</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{queue.rows.map(row)}</tbody>
      </table>
    </div>
  );
}

export function QueuePage({ ctx, nav, queue, format, notice, started = [], refused = [], error }: QueuePageProps) {
  const info = QUEUE_TAB_INFO[queue.tab];
  const total = queue.counts[queue.tab];
  const late = queue.rows.filter((r) => r.late).length;
  return (
    <AdminLayout ctx={ctx} title={`Fulfillment: ${info.label}`} nav={nav}>
      <div class="admin-heading">
        <h1>Fulfillment</h1>
      </div>
      <nav class="admin-tabs" aria-label="Fulfillment queue">
        <ul>
          {QUEUE_TABS.map((tab) => (
            <li key={tab}>
              <a href={queueHref(tab)} aria-current={tab === queue.tab ? 'page' : undefined}>
                {QUEUE_TAB_INFO[tab].label} ({queue.counts[tab]})
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <Notice message={notice} />
      {started.length > 0 && (
        <p>
          <a href={pickListHref(started)}>Pick list for {started.length === 1 ? `order ${started[0]}` : `these ${started.length} orders`}</a>
        </p>
      )}
      {error && <Alert tone="error" title={error} />}
      {refused.length > 0 && (
        <Alert tone="error" title={refused.length === 1 ? 'One order could not be started' : `${refused.length} orders could not be started`}>
          <ul>
            {refused.map((r) => (
              <li key={r.number}>
                {r.number}: {r.why}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      <h2 class="admin-subheading">{info.label}</h2>
      <p role="status">
        {total === 0
          ? info.empty
          : `${total} order${total === 1 ? '' : 's'}${total > QUEUE_LIMIT ? `, the ${QUEUE_LIMIT} waiting longest shown` : ''}${late > 0 ? `; ${late} late` : ''}.`}
      </p>
      {queue.rows.length > 0 && queue.tab === 'ready' && (
        <Form csrfToken={ctx.csrfToken} action={START_PATH} aria-label="Start preparing orders">
          <Rows queue={queue} format={format} select action />
          <div class="button-row">
            <Button>Start preparing the selected orders</Button>
          </div>
        </Form>
      )}
      {queue.rows.length > 0 && queue.tab === 'preparing' && (
        <form method="get" action={PICK_LIST_PATH} aria-label="Pick list">
          <Rows queue={queue} format={format} select action={false} />
          <div class="button-row">
            <Button>Pick list for the selected orders</Button>
            <ButtonLink href={PICK_LIST_PATH}>Pick list for every order in preparation</ButtonLink>
          </div>
        </form>
      )}
      {queue.rows.length > 0 && queue.tab === 'waiting' && <Rows queue={queue} format={format} select={false} action={false} />}
    </AdminLayout>
  );
}
