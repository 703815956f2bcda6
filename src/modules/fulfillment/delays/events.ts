// The event of a delay found on an order. The notifications module emails the customer from
// it, before they have to ask. Published once per delay, in the transaction that records it;
// the payload carries ids and the kind, never personal data.
import { defineEvent } from '../../../platform/events/events.ts';
import type { DelayKind } from './kinds.ts';

export type DeliveryDelayedPayload = {
  delayId: string;
  orderId: string;
  orderNumber: string;
  kind: DelayKind;
  /** The parcel it is about; null for units that have not left yet. */
  shipmentId: string | null;
};

export const deliveryDelayed = defineEvent<DeliveryDelayedPayload>('delivery.delayed');
