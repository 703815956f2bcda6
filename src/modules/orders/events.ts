// The domain events the orders module emits: one per status an order enters, each written to
// the outbox in the transaction that changed the order. Payloads carry ids and statuses,
// never personal data: a listener reads the order for the rest.
import { defineEvent, type EventType } from '../../platform/events/events.ts';
import type { OrderStatus } from './states.ts';

// A type alias (not an interface) so it fits the outbox's payload record type.
export type OrderEventPayload = {
  orderId: string;
  number: string;
  /** The status the order left; null when it was just recorded. A release from hold says 'on_hold'. */
  from: OrderStatus | null;
};

export const orderPlaced = defineEvent<OrderEventPayload>('order.placed');
export const orderValidated = defineEvent<OrderEventPayload>('order.validated');
export const orderInPreparation = defineEvent<OrderEventPayload>('order.in_preparation');
export const orderPrepared = defineEvent<OrderEventPayload>('order.prepared');
export const orderPartiallyShipped = defineEvent<OrderEventPayload>('order.partially_shipped');
export const orderShipped = defineEvent<OrderEventPayload>('order.shipped');
export const orderOutForDelivery = defineEvent<OrderEventPayload>('order.out_for_delivery');
export const orderDelivered = defineEvent<OrderEventPayload>('order.delivered');
export const orderOnHold = defineEvent<OrderEventPayload>('order.on_hold');
export const orderCancelled = defineEvent<OrderEventPayload>('order.cancelled');
export const orderReturnRequested = defineEvent<OrderEventPayload>('order.return_requested');
export const orderReturnReceived = defineEvent<OrderEventPayload>('order.return_received');
export const orderPartiallyRefunded = defineEvent<OrderEventPayload>('order.partially_refunded');
export const orderRefunded = defineEvent<OrderEventPayload>('order.refunded');

/** The event announcing that an order entered each status. */
export const ORDER_EVENTS: Readonly<Record<OrderStatus, EventType<OrderEventPayload>>> = {
  placed: orderPlaced,
  validated: orderValidated,
  in_preparation: orderInPreparation,
  prepared: orderPrepared,
  partially_shipped: orderPartiallyShipped,
  shipped: orderShipped,
  out_for_delivery: orderOutForDelivery,
  delivered: orderDelivered,
  on_hold: orderOnHold,
  cancelled: orderCancelled,
  return_requested: orderReturnRequested,
  return_received: orderReturnReceived,
  partially_refunded: orderPartiallyRefunded,
  refunded: orderRefunded,
};
