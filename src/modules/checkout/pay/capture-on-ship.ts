// Capture on shipment: when the store captures late (the card was only authorised at checkout,
// because everything ships within a few days), the money is taken when the first parcel leaves.
// The `shipment.shipped` handler runs inside its event's transaction, where the gateway must not
// be called (a call cannot be rolled back, and payments reads through its own handle), so it
// only queues a capture job in that transaction; the job asks the gateway and is retried with
// backoff while the gateway is out. Capturing is idempotent (one key per order), so a second
// parcel, a redelivered event or a retried job takes nothing more.
import type { DomainEvent } from '../../../platform/events/events.ts';
import type { Db } from '../../../platform/db/database.ts';
import type { Platform } from '../../../platform/platform.ts';
import { shipmentShipped, type ShipmentEventPayload } from '../../fulfillment/index.ts';
import { capturePayment, PaymentNotAllowed, paymentOf, type PaymentRecord } from '../../payments/index.ts';

export const CAPTURE_ON_SHIP_JOB = 'checkout.capture-on-ship';

/** The event handler: queues the capture when the order's payment is authorised and not yet taken. */
export async function queueCaptureOnShip(platform: Platform, event: DomainEvent<ShipmentEventPayload>, tx: Db): Promise<boolean> {
  const payment = await paymentOf(tx, event.payload.orderId);
  if (payment?.status !== 'authorized') return false;
  await platform.jobs.send(tx, CAPTURE_ON_SHIP_JOB, { orderId: event.payload.orderId });
  return true;
}

/**
 * The job: captures the order's authorised payment. Returns the payment as it stands, or null
 * when there is none. Throws while the gateway is unreachable (the job is retried); a payment
 * that can no longer be captured (voided meanwhile) is logged for staff and not retried.
 */
export async function captureOnShip(platform: Platform, orderId: string): Promise<PaymentRecord | null> {
  const payment = await paymentOf(platform.database.db, orderId);
  if (payment?.status !== 'authorized') return payment;
  try {
    return await capturePayment(platform, orderId);
  } catch (error) {
    if (!(error instanceof PaymentNotAllowed)) throw error;
    platform.log.error({ orderId, err: error.message }, 'a parcel left but its payment could not be captured');
    return paymentOf(platform.database.db, orderId);
  }
}

export function registerCaptureOnShip(platform: Platform): void {
  platform.jobs.define<{ orderId: string }>(CAPTURE_ON_SHIP_JOB, async ({ orderId }) => {
    await captureOnShip(platform, orderId);
  });
  platform.events.subscribe(shipmentShipped, 'checkout.capture-on-ship', async (event, tx) => {
    await queueCaptureOnShip(platform, event, tx);
  });
}
