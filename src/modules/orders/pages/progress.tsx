// Where an order stands, for the customer: the steps from Recorded to Delivered with the
// current one marked and the time each was reached, the status in a sentence, and what
// happens next. On hold and cancelled are side states: they are said in words above the steps.
import { formatDateTime } from '../../../web/dates.ts';
import { Alert } from '../../../web/components/Alert.tsx';
import type { Order, OrderTransition } from '../read.ts';
import { CUSTOMER_STEPS, ORDER_STATUS_LABELS, type OrderStatus } from '../states.ts';
import { isPaymentSettled, paymentWords } from './payment-words.ts';

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
      return isPaymentSettled(order.paymentStatus)
        ? 'Any money taken for this order goes back to the way you paid.'
        : 'You were not charged for this order.';
  }
}

function reachedAt(history: readonly OrderTransition[]): Map<OrderStatus, Date> {
  const at = new Map<OrderStatus, Date>();
  for (const step of history) at.set(step.to, step.at);
  return at;
}

/** The step of the customer's path the order is at: a side state shows the step it left. */
function stepOf(order: Order): OrderStatus {
  if (order.status === 'on_hold') return order.heldFrom ?? 'placed';
  if (order.status === 'partially_shipped') return 'shipped';
  // Returns and refunds come after delivery.
  if (!CUSTOMER_STEPS.includes(order.status) && order.status !== 'cancelled') return 'delivered';
  return order.status;
}

export function OrderProgress({ order, history, format }: { order: Order; history: readonly OrderTransition[]; format: StoreFormat }) {
  const at = reachedAt(history);
  const when = (status: OrderStatus) => {
    const date = at.get(status);
    return date ? formatDateTime(date, format.locale, format.timeZone) : null;
  };
  const currentIndex = CUSTOMER_STEPS.indexOf(stepOf(order));
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
      {order.status !== 'cancelled' && (
        <ol class="order-steps" aria-label="Order progress">
          {CUSTOMER_STEPS.map((step, index) => {
            const state = index < currentIndex ? 'done' : index === currentIndex ? 'current' : 'upcoming';
            const time = state === 'upcoming' ? null : when(step);
            return (
              <li key={step} class={`order-step order-step--${state}`} aria-current={state === 'current' ? 'step' : undefined}>
                <span>
                  <span class="order-step__name">
                    {ORDER_STATUS_LABELS[step]}
                    {state !== 'upcoming' && <span class="visually-hidden">{state === 'done' ? ' (done)' : ' (current step)'}</span>}
                  </span>
                  {time && <span>{time}</span>}
                </span>
              </li>
            );
          })}
        </ol>
      )}
      <p>
        <strong>Payment:</strong> {paymentWords(order.paymentStatus)}
      </p>
      <h3>What happens next</h3>
      <p>{whatHappensNext(order, format)}</p>
    </>
  );
}
