// A shipment's status as data. A parcel only moves forward (packed → handed to the carrier →
// in transit → out for delivery → delivered): carrier events that arrive late or twice never
// move it back. A carrier exception (address problem, delay, damage) is not a status but a
// note on the shipment, cleared by the next scan that shows progress.

export const SHIPMENT_STATUSES = ['packed', 'shipped', 'in_transit', 'out_for_delivery', 'delivered'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** What the customer and staff read for each shipment status. */
export const SHIPMENT_STATUS_LABELS: Readonly<Record<ShipmentStatus, string>> = {
  packed: 'Packed, waiting for the carrier',
  shipped: 'Handed to the carrier',
  in_transit: 'In transit',
  out_for_delivery: 'Out for delivery',
  delivered: 'Delivered',
};

/** How far along a status is: a change is applied only when it is further. */
export function shipmentRank(status: ShipmentStatus): number {
  return SHIPMENT_STATUSES.indexOf(status);
}

/** Statuses in which the parcel has left the warehouse (stock is sold, the order counts it as shipped). */
export function hasLeft(status: ShipmentStatus): boolean {
  return shipmentRank(status) >= shipmentRank('shipped');
}

/** The tracking event codes carriers send, normalised across carriers. */
export const TRACKING_CODES = ['label_created', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered', 'exception', 'delayed'] as const;
export type TrackingCode = (typeof TRACKING_CODES)[number];

/** The shipment status a tracking event proves, or null for events that say something else (exception, delay). */
export const STATUS_OF_CODE: Readonly<Record<TrackingCode, ShipmentStatus | null>> = {
  label_created: 'packed',
  picked_up: 'shipped',
  in_transit: 'in_transit',
  out_for_delivery: 'out_for_delivery',
  delivered: 'delivered',
  exception: null,
  delayed: null,
};
