// Taking a parcel apart before the carrier has it (wrong item, wrong box, a label that will not
// print): the parcel and its lines go, in one transaction, and its units count as still to pack
// (a prepared order goes back to in preparation).
// Once a parcel has left the warehouse it is the carrier's: its stock is sold and the customer
// may have been told, so it is refused; what comes back is a return.
import { eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import { Problem } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import { actorLabel, lockOrder, orderNotFound, transitionOrder } from '../../orders/index.ts';
import { CARRIERS, isCarrierCode } from '../carriers/numbers/index.ts';
import { shipmentLines, shipments } from '../schema.ts';
import type { MoveBy } from '../shipments/progress.ts';
import { shipmentById, type Shipment } from '../shipments/read.ts';
import { hasLeft, SHIPMENT_STATUS_LABELS } from '../states.ts';

export const parcelNotFound = () => new Problem({ status: 404, type: 'parcel-not-found', title: 'We could not find that parcel' });

export async function removeParcel(platform: Platform, tx: Db, shipmentId: string, by: MoveBy): Promise<Shipment> {
  // The parcel first, then its order: the order moveShipment locks in, so the two never wait on each other.
  const [locked] = await tx.select({ id: shipments.id }).from(shipments).where(eq(shipments.id, shipmentId)).for('update');
  const parcel = locked ? await shipmentById(tx, locked.id) : null;
  if (!parcel) throw parcelNotFound();
  const order = await lockOrder(tx, parcel.orderId);
  if (!order) throw orderNotFound();
  if (hasLeft(parcel.status)) {
    const carrier = isCarrierCode(parcel.carrier) ? CARRIERS[parcel.carrier].name : parcel.carrier;
    throw new Problem({
      status: 409,
      type: 'parcel-already-left',
      title: `Parcel ${parcel.trackingNumber} has left the warehouse: it cannot be removed`,
      detail: `It is ${SHIPMENT_STATUS_LABELS[parcel.status].toLowerCase()} (${carrier}). What comes back is recorded as a return from the order page.`,
      extensions: { status: parcel.status },
    });
  }
  await tx.delete(shipmentLines).where(eq(shipmentLines.shipmentId, parcel.id));
  await tx.delete(shipments).where(eq(shipments.id, parcel.id));
  platform.log.info({ shipmentId: parcel.id, orderNumber: parcel.orderNumber, by: actorLabel(by) }, 'packed parcel removed');
  // Units to pack again: a prepared order is back in preparation, and its history says why.
  if (order.status === 'prepared') {
    await transitionOrder(platform, tx, order.id, 'in_preparation', { ...by, reason: `Parcel ${parcel.seq} (${parcel.trackingNumber}) taken apart to pack again` });
  }
  return parcel;
}
