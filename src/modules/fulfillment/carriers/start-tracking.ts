// Tracking starts when a parcel is packed: the `shipment.packed` subscriber asks the parcel's
// carrier for its events. As a subscriber it runs after the packing committed, once per parcel
// (the handled-events record), and is retried with backoff if the carrier cannot be reached.
import type { Platform } from '../../../platform/platform.ts';
import { shipmentPacked } from '../events.ts';
import { shipmentById } from '../shipments/read.ts';
import { carrierAdapter } from './adapters.ts';
import { isCarrierCode } from './numbers/index.ts';

export const START_TRACKING_HANDLER = 'fulfillment.start-tracking';

export function subscribeStartTracking(platform: Platform): void {
  platform.events.subscribe(shipmentPacked, START_TRACKING_HANDLER, async (event, tx) => {
    const shipment = await shipmentById(tx, event.payload.shipmentId);
    if (!shipment) return; // removed before it was collected: nothing to track
    if (!isCarrierCode(shipment.carrier)) {
      platform.log.warn({ shipmentId: shipment.id, carrier: shipment.carrier }, 'a parcel with a carrier we have no adapter for: not tracked');
      return;
    }
    await carrierAdapter(platform, shipment.carrier).startTracking(tx, shipment);
  });
}
