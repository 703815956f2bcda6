// The domain events of fulfillment: one per status a parcel enters, and one when the carrier
// reports a problem with it. Each names the shipment, so the email about a second parcel is
// not mistaken for a repeat of the first. Payloads carry ids, never personal data.
import { defineEvent, type EventType } from '../../platform/events/events.ts';
import type { ShipmentStatus } from './states.ts';

export type ShipmentEventPayload = {
  shipmentId: string;
  orderId: string;
  orderNumber: string;
  status: ShipmentStatus;
};

export const shipmentPacked = defineEvent<ShipmentEventPayload>('shipment.packed');
export const shipmentShipped = defineEvent<ShipmentEventPayload>('shipment.shipped');
export const shipmentInTransit = defineEvent<ShipmentEventPayload>('shipment.in_transit');
export const shipmentOutForDelivery = defineEvent<ShipmentEventPayload>('shipment.out_for_delivery');
export const shipmentDelivered = defineEvent<ShipmentEventPayload>('shipment.delivered');

export const SHIPMENT_EVENTS: Readonly<Record<ShipmentStatus, EventType<ShipmentEventPayload>>> = {
  packed: shipmentPacked,
  shipped: shipmentShipped,
  in_transit: shipmentInTransit,
  out_for_delivery: shipmentOutForDelivery,
  delivered: shipmentDelivered,
};

export type ShipmentExceptionPayload = ShipmentEventPayload & {
  /** The tracking event that reported it. */
  trackingEventId: string;
};

/** The carrier reported an address problem, a delay or damage: the customer and an agent should hear of it. */
export const shipmentException = defineEvent<ShipmentExceptionPayload>('shipment.exception');
