// The order confirmation sent again because staff asked (the customer lost it, or mistyped
// their address): the "order recorded" touch point's own letter and the merchant's words, to
// the address the agent gives, recorded with who asked. The request's id is the copy's dedupe
// subject, so every request sends one copy and a request sent twice still sends one.
import type { Db } from '../../../platform/db/database.ts';
import type { DomainEvent } from '../../../platform/events/events.ts';
import type { Platform } from '../../../platform/platform.ts';
import { orderPlaced, type Order, type OrderEventPayload } from '../../orders/index.ts';
import { orderRecorded } from '../touch-points/orders.ts';
import { queueTouchPoint, type RequestedCopy } from './enqueue.ts';

/** Queues the copy in the caller's transaction; false when this request was already queued. */
export async function resendOrderConfirmation(platform: Platform, tx: Db, order: Pick<Order, 'id' | 'number'>, copy: RequestedCopy): Promise<boolean> {
  // The moment the letter is written from, as the touch point knows it: the order was recorded.
  const event: DomainEvent<OrderEventPayload> = {
    id: copy.requestId,
    type: orderPlaced.name,
    payload: { orderId: order.id, number: order.number, from: null },
    actor: `staff:${copy.staffId}`,
    occurredAt: platform.clock.now().toISOString(),
  };
  return (await queueTouchPoint(platform, tx, orderRecorded, event, copy)) > 0;
}
