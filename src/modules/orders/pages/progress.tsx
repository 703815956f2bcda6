// Where an order stands, for the customer: the current step in words ("Now: Out for delivery —
// arrives today"), when it should arrive, the timeline of every step the order took with its
// time (holds, a cancellation, returns and refunds included, where they happened) followed by
// the steps still to come, where the payment stands, and what happens next.
import type { JSX } from 'preact';
import { formatDateTime } from '../../../web/dates.ts';
import { Alert } from '../../../web/components/Alert.tsx';
import type { EstimateWords } from '../estimate.ts';
import type { Order, OrderTransition } from '../read.ts';
import { CUSTOMER_STEPS, FORWARD_PATH, ORDER_STATUS_LABELS, type OrderStatus } from '../states.ts';
import { isPaymentSettled, paymentState } from './payment-words.ts';

export interface StoreFormat {
  locale: string;
  timeZone: string;
}

/** What the customer can expect from here, in the order's current status. */
export function whatHappensNext(order: Order, format: StoreFormat): string {
  switch (order.status) {
    case 'placed':
      return isPaymentSettled(order.paymentStatus)
        ? 'Your payment is being confirmed. Once it is, we start preparing your order.'
        : `We are waiting for your payment. Your items are kept for you until ${formatDateTime(order.paymentDeadline, format.locale, format.timeZone)}; if the order is not paid by then, it is cancelled and the items go back on sale.`;
    case 'validated':
      return 'Your payment is confirmed and your order is in the queue for preparation. We email you when it ships, with a link to follow the parcel.';
    case 'in_preparation':
      return 'We are picking and packing your items. We email you when the parcel leaves, with a link to follow it.';
    case 'prepared':
      return 'Your parcel is packed and waiting for the carrier. We email you when it leaves, with a link to follow it.';
    case 'partially_shipped':
      return 'Part of your order is on its way; the rest follows in another parcel. Each parcel below shows where it is and when it should arrive.';
    case 'shipped':
      return 'Your parcel is on its way. Below, each parcel shows where it is and when it should arrive.';
    case 'out_for_delivery':
      return 'Your parcel is out for delivery today. If nobody is in, the carrier leaves a note saying how to get it.';
    case 'delivered':
      return 'Your order was delivered. If anything is not right, ask us about this order below and we will sort it out.';
    case 'return_requested':
      return 'We have your return request. Send the items back as explained in our email; we credit you as soon as the parcel is scanned in.';
    case 'return_received':
      return 'Your return has arrived. Your refund is on its way to the way you paid.';
    case 'partially_refunded':
      return 'Part of this order has been refunded to the way you paid. It can take a few days to show on your statement.';
    case 'refunded':
      return 'This order has been refunded to the way you paid. It can take a few days to show on your statement.';
    case 'on_hold':
      return 'We have paused your order to check something with it. We will email you; there is nothing you need to do. If you have a question, contact us with your order number.';
    case 'cancelled':
      return isPaymentSettled(order.paymentStatus) ? 'Any money taken for this order goes back to the way you paid.' : 'You were not charged for this order.';
  }
}

/** Statuses whose delivery date the customer is waiting for (not before payment, not while held). */
const AWAITING_DELIVERY: ReadonlySet<OrderStatus> = new Set(['validated', 'in_preparation', 'prepared', 'partially_shipped', 'shipped']);

/** "Now: Out for delivery — arrives today": the current step in words, at the top of the page. */
export function OrderNow({ order }: { order: Order }) {
  return (
    <p class="order-now">
      Now: <strong>{ORDER_STATUS_LABELS[order.status]}</strong>
      {order.status === 'out_for_delivery' && ' — arrives today'}
    </p>
  );
}

/** The delivery estimate under "Now", while the customer waits for the order. */
export function OrderEstimate({ order, estimate }: { order: Order; estimate: EstimateWords | null }) {
  if (!estimate || !AWAITING_DELIVERY.has(order.status)) return null;
  return <p class={estimate.late ? 'order-estimate order-estimate--late' : 'order-estimate'}>{estimate.text}</p>;
}

interface TimelineEntry {
  key: string;
  label: string;
  at: Date | null;
  state: 'done' | 'current' | 'stopped' | 'upcoming';
}

/** How one change of the history reads on the customer's timeline. */
function entryLabel(step: OrderTransition): string {
  if (step.from === 'on_hold' && step.to !== 'cancelled') return `Resumed: ${ORDER_STATUS_LABELS[step.to]}`;
  if (step.from === 'return_requested' && step.to === 'delivered') return 'Return withdrawn';
  return ORDER_STATUS_LABELS[step.to];
}

/** Where on the way to the doorstep the order is, for the steps still to come (null: nothing more is coming). */
function forwardPosition(order: Order): number | null {
  if (order.status === 'cancelled') return null;
  const at = order.status === 'on_hold' ? (order.heldFrom ?? 'placed') : order.status;
  const index = FORWARD_PATH.indexOf(at);
  // Returns and refunds come after delivery: nothing on the way is left.
  return index < 0 ? null : index;
}

/** Every change the order went through, oldest first, then the customer's steps still to come. */
export function timelineOf(order: Order, history: readonly OrderTransition[]): TimelineEntry[] {
  const entries: TimelineEntry[] = history.map((step, i) => ({
    key: `h${step.seq}`,
    label: entryLabel(step),
    at: step.at,
    state: i < history.length - 1 ? 'done' : order.status === 'cancelled' ? 'stopped' : 'current',
  }));
  const position = forwardPosition(order);
  if (position !== null) {
    for (const step of CUSTOMER_STEPS) {
      if (FORWARD_PATH.indexOf(step) > position) entries.push({ key: step, label: ORDER_STATUS_LABELS[step], at: null, state: 'upcoming' });
    }
  }
  return entries;
}

const HIDDEN_STATE: Record<TimelineEntry['state'], string> = {
  done: ' (done)',
  current: ' (current step)',
  stopped: ' (stopped here)',
  upcoming: ' (to come)',
};

export function OrderTimeline({ order, history, format }: { order: Order; history: readonly OrderTransition[]; format: StoreFormat }): JSX.Element {
  return (
    <ol class="order-steps" aria-label="Order progress">
      {timelineOf(order, history).map((entry) => (
        <li key={entry.key} class={`order-step order-step--${entry.state}`} aria-current={entry.state === 'current' ? 'step' : undefined}>
          <span class="order-step__name">
            {entry.label}
            <span class="visually-hidden">{HIDDEN_STATE[entry.state]}</span>
          </span>
          {entry.at && (
            <time class="order-step__time" dateTime={entry.at.toISOString()}>
              {formatDateTime(entry.at, format.locale, format.timeZone)}
            </time>
          )}
        </li>
      ))}
    </ol>
  );
}

export function OrderProgress({ order, history, format }: { order: Order; history: readonly OrderTransition[]; format: StoreFormat }) {
  const latest = (status: OrderStatus) => history.findLast((step) => step.to === status)?.at;
  const when = (status: OrderStatus) => {
    const at = latest(status);
    return at ? formatDateTime(at, format.locale, format.timeZone) : '';
  };
  return (
    <>
      {order.status === 'on_hold' && (
        <Alert tone="warning" title="Your order is on hold">
          <p>Since {when('on_hold')}.</p>
        </Alert>
      )}
      {order.status === 'cancelled' && (
        <Alert tone="error" title="This order is cancelled">
          <p>
            Cancelled on {when('cancelled')}
            {order.cancelledReason ? `: ${order.cancelledReason}` : '.'}
          </p>
        </Alert>
      )}
      <OrderTimeline order={order} history={history} format={format} />
      <p class="order-payment">
        <strong>Payment:</strong> {paymentState(order.paymentStatus)}
      </p>
      <h3>What happens next</h3>
      <p>{whatHappensNext(order, format)}</p>
    </>
  );
}
