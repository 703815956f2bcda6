// The order state machine as data: the statuses, what each is called on the site, and the
// one table of allowed transitions. Everything that moves an order checks this table.

export const ORDER_STATUSES = [
  'placed',
  'validated',
  'in_preparation',
  'prepared',
  'partially_shipped',
  'shipped',
  'out_for_delivery',
  'delivered',
  'on_hold',
  'cancelled',
  'return_requested',
  'return_received',
  'partially_refunded',
  'refunded',
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * Where each status may go. `placed` is recorded but not yet paid (what the checkout calls
 * payment_pending). An order leaves `on_hold` for the status it was held from (checked when
 * it happens: the table cannot say it) or for `cancelled`. Once anything has left the
 * warehouse the order cannot be cancelled or held: what was sent comes back as a return.
 * Shipping skips forward (a parcel scanned "delivered" before "out for delivery" was ever
 * seen goes straight there), never back.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  placed: ['validated', 'on_hold', 'cancelled'],
  validated: ['in_preparation', 'on_hold', 'cancelled'],
  in_preparation: ['prepared', 'partially_shipped', 'shipped', 'on_hold', 'cancelled'],
  // Back to in preparation when a parcel is taken apart before the carrier has it.
  prepared: ['in_preparation', 'partially_shipped', 'shipped', 'on_hold', 'cancelled'],
  partially_shipped: ['shipped'],
  shipped: ['out_for_delivery', 'delivered'],
  out_for_delivery: ['delivered'],
  delivered: ['return_requested', 'partially_refunded', 'refunded'],
  on_hold: ['placed', 'validated', 'in_preparation', 'prepared', 'cancelled'],
  cancelled: [],
  return_requested: ['return_received', 'delivered'],
  return_received: ['partially_refunded', 'refunded'],
  partially_refunded: ['return_requested', 'refunded'],
  refunded: [],
};

/** Statuses that need a reason from whoever moves the order there. */
export const REASON_REQUIRED: ReadonlySet<OrderStatus> = new Set(['on_hold', 'cancelled']);

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

export function isOrderStatus(value: string): value is OrderStatus {
  return (ORDER_STATUSES as readonly string[]).includes(value);
}

/** What the customer and staff read for each status. */
export const ORDER_STATUS_LABELS: Readonly<Record<OrderStatus, string>> = {
  placed: 'Recorded',
  validated: 'Payment confirmed',
  in_preparation: 'In preparation',
  prepared: 'Prepared',
  partially_shipped: 'Partly shipped',
  shipped: 'Shipped',
  out_for_delivery: 'Out for delivery',
  delivered: 'Delivered',
  on_hold: 'On hold',
  cancelled: 'Cancelled',
  return_requested: 'Return requested',
  return_received: 'Return received',
  partially_refunded: 'Partly refunded',
  refunded: 'Refunded',
};

/**
 * The steps a customer follows on the order page, in order. Partly shipped sits on the way
 * to Shipped and is shown as that step; on hold, cancelled and the return statuses are side
 * states said in words.
 */
export const CUSTOMER_STEPS: readonly OrderStatus[] = [
  'placed',
  'validated',
  'in_preparation',
  'prepared',
  'shipped',
  'out_for_delivery',
  'delivered',
];

/**
 * The forward path an order travels from payment to the doorstep, in order: what
 * `advanceOrder` walks. Statuses off this path (on hold, cancelled, returns) are never
 * reached by advancing.
 */
export const FORWARD_PATH: readonly OrderStatus[] = ['placed', 'validated', 'in_preparation', 'prepared', 'partially_shipped', 'shipped', 'out_for_delivery', 'delivered'];
