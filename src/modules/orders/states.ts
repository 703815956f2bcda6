// The order state machine as data: the statuses, what each is called on the site, and the
// one table of allowed transitions. Everything that moves an order checks this table.

export const ORDER_STATUSES = [
  'placed',
  'validated',
  'in_preparation',
  'prepared',
  'shipped',
  'delivered',
  'on_hold',
  'cancelled',
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * Where each status may go. `placed` is recorded but not yet paid (what the checkout calls
 * payment_pending). An order leaves `on_hold` for the status it was held from (checked when
 * it happens: the table cannot say it) or for `cancelled`. Shipped and later cannot be
 * cancelled: what has left the warehouse comes back as a return.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  placed: ['validated', 'on_hold', 'cancelled'],
  validated: ['in_preparation', 'on_hold', 'cancelled'],
  in_preparation: ['prepared', 'on_hold', 'cancelled'],
  prepared: ['shipped', 'on_hold', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  on_hold: ['placed', 'validated', 'in_preparation', 'prepared', 'cancelled'],
  cancelled: [],
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
  shipped: 'Shipped',
  delivered: 'Delivered',
  on_hold: 'On hold',
  cancelled: 'Cancelled',
};

/** The steps a customer follows on the order page, in order; on hold and cancelled are side states. */
export const CUSTOMER_STEPS: readonly OrderStatus[] = [
  'placed',
  'validated',
  'in_preparation',
  'prepared',
  'shipped',
  'delivered',
];
