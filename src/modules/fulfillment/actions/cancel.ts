// Cancelling an order, by staff, in one transaction: nothing may have left the warehouse
// (what has left comes back as a return, refunded when it arrives), parcels still packed are
// taken apart (their units go back on the shelf with the rest), the order is cancelled with the
// reason the customer will read, and its stock reservation is released. The money goes back
// after the commit, from the `order.cancelled` event (checkout's give-back), so a cancellation
// rolled back never refunds anyone.
import { inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import { Problem } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import { releaseReservation } from '../../inventory/index.ts';
import { actorLabel, canTransition, IllegalTransition, transitionOrder, type Order, type OrderActor, type OrderStatus } from '../../orders/index.ts';
import { shipments } from '../schema.ts';
import { shipmentsOfOrder } from '../shipments/read.ts';
import { hasLeft } from '../states.ts';
import { lockAsSeen, reasonOf } from './moves.ts';

/** Said wherever a cancellation is refused because something shipped: what to do instead. */
export const RETURN_PATH = 'It has left the warehouse: once it arrives, record a return request from this page; the customer is refunded when it comes back.';

export function orderAlreadyShipped(order: Order, parcelsLeft: number): Problem {
  return new Problem({
    status: 409,
    type: 'order-already-shipped',
    title: `Order ${order.number} cannot be cancelled`,
    detail: RETURN_PATH,
    extensions: { status: order.status, parcelsLeft },
  });
}

export interface Cancellation {
  order: Order;
  /** Parcels that were packed but not collected, now taken apart. */
  removedParcels: number;
}

export async function cancelOrder(platform: Platform, tx: Db, orderId: string, reason: string, by: OrderActor, seen?: OrderStatus): Promise<Cancellation> {
  const order = await lockAsSeen(tx, orderId, seen);
  const why = reasonOf(reason, true, 'the order is cancelled (the customer reads it)');
  const parcels = await shipmentsOfOrder(tx, order.id);
  const gone = parcels.filter((parcel) => hasLeft(parcel.status));
  if (gone.length > 0) throw orderAlreadyShipped(order, gone.length);
  if (!canTransition(order.status, 'cancelled')) throw new IllegalTransition(order.number, order.status, 'cancelled');

  // Only packed parcels are left here. Their tracking events (a label created) go with them, and
  // their tracking numbers are free again: the labels are void.
  const packed = parcels.map((parcel) => parcel.id);
  if (packed.length > 0) await tx.delete(shipments).where(inArray(shipments.id, packed));
  const cancelled = await transitionOrder(platform, tx, order.id, 'cancelled', { ...by, reason: why });
  await releaseReservation(platform, tx, { orderReference: order.number }, 'order cancelled by staff', actorLabel(by));
  return { order: cancelled, removedParcels: packed.length };
}
