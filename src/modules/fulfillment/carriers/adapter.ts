// What the store needs from a carrier, whoever the carrier is: its name and public tracking
// page, a way to ask for a parcel's tracking events, and reading the events it sends back
// (verified and in the store's own words). Ingestion and the order pages only ever see this.
import type { IncomingHttpHeaders } from 'node:http';
import type { Db } from '../../../platform/db/database.ts';
import type { Shipment } from '../shipments/read.ts';
import type { TrackingCode } from '../states.ts';
import type { CarrierCode } from './numbers/index.ts';

export { WebhookRejected } from './wire.ts';

/** One tracking event as the store reads it, whatever carrier sent it. */
export interface CarrierEvent {
  /** The carrier's id of the event: a repeat of the same event has the same id. */
  carrierEventId: string;
  /** Normalised (upper case, no spaces), as shipments store it. */
  trackingNumber: string;
  code: TrackingCode;
  /** The carrier's words ("Arrived at facility"). */
  detail: string;
  /** Where it happened ("Louisville, KY"), or '' when the carrier does not say. */
  location: string;
  occurredAt: Date;
  /** A new delivery estimate (local dates), when the event carries one. */
  estimate?: { earliest: string; latest: string };
}

export interface CarrierAdapter {
  readonly code: CarrierCode;
  /** As customers know it: "UPS". */
  readonly name: string;
  /** The carrier's public page for this parcel. */
  trackingUrl(trackingNumber: string): string;
  /** Asks the carrier for this parcel's events, in the caller's transaction (once the parcel is packed). */
  startTracking(tx: Db, shipment: Shipment): Promise<void>;
  /**
   * The events of one delivery, verified: throws WebhookRejected (401 for a missing, forged or
   * stale signature, 400 for a body that is not a batch of this carrier's events).
   */
  parseWebhook(rawBody: Buffer | string, headers: IncomingHttpHeaders): CarrierEvent[];
}
