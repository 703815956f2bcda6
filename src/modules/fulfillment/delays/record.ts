// Acting on a delay, once: in one transaction the delay is recorded (the unique revision makes
// a second run, a second instance or a repeated carrier event record nothing and do nothing
// more), the parcel's estimate is revised when the delay is about a parcel, `delivery.delayed`
// is published for the customer's email, and the order's open delay ticket gets an internal
// note, or a ticket is opened when there is none, so an agent can act.
import { eq } from 'drizzle-orm';
import { formatDayRange } from '../../../platform/calendar.ts';
import type { Db } from '../../../platform/db/database.ts';
import { newId } from '../../../platform/ids.ts';
import type { Platform } from '../../../platform/platform.ts';
import { orderById } from '../../orders/index.ts';
import { addTicketMessage, findOpenTicketFor, openTicket } from '../../support/index.ts';
import type { DelayFinding } from './detect.ts';
import { setShipmentEstimate } from './estimate.ts';
import { deliveryDelayed } from './events.ts';
import { DELAY_KIND_LABELS } from './kinds.ts';
import type { OrderDelay } from './read.ts';
import { orderDelays } from './schema.ts';

/** The tag every delay ticket carries, for the desk's filters. */
export const DELAY_TAG = 'delay';

export interface RecordedDelay {
  delay: OrderDelay;
  ticketId: string;
  /** True when this delay opened the ticket, false when it added to the order's open one. */
  ticketOpened: boolean;
}

/** Records and acts on the finding; null when this revision of the problem was recorded before. */
export async function recordDelay(platform: Platform, tx: Db, finding: DelayFinding, locale: string): Promise<RecordedDelay | null> {
  const now = platform.clock.now();
  const [delay] = await tx
    .insert(orderDelays)
    .values({
      id: newId(),
      orderId: finding.orderId,
      kind: finding.kind,
      revision: finding.revision,
      detectedAt: now,
      newShipsOn: finding.newShipsOn,
      newEarliest: finding.newEarliest,
      newLatest: finding.newLatest,
      detail: finding.detail,
      shipmentId: finding.shipmentId,
      variantId: finding.variantId,
    })
    .onConflictDoNothing()
    .returning();
  if (!delay) return null;

  if (finding.shipmentId) await setShipmentEstimate(tx, finding.shipmentId, { earliest: finding.newEarliest, latest: finding.newLatest }, now);
  await platform.events.publish(tx, deliveryDelayed, { delayId: delay.id, orderId: finding.orderId, orderNumber: finding.orderNumber, kind: finding.kind, shipmentId: finding.shipmentId });

  const order = await orderById(tx, finding.orderId);
  if (!order) throw new RangeError(`No order ${finding.orderId}`);
  const note = `${DELAY_KIND_LABELS[finding.kind]}. ${finding.detail}\nThe customer is told on the order page (${formatDayRange(finding.newEarliest, finding.newLatest, locale)}) and by email.`;
  // Takes a lock on (order, channel): a second delay of the same order at the same moment waits
  // here and then finds this ticket.
  const open = await findOpenTicketFor(tx, { orderId: order.id, channel: 'delay_alert' });
  let ticketId: string;
  if (open) {
    await addTicketMessage(platform, tx, open.id, { kind: 'internal_note', body: note, actor: { kind: 'system' } });
    ticketId = open.id;
  } else {
    const opened = await openTicket(platform, tx, {
      channel: 'delay_alert',
      email: order.email,
      name: order.shippingAddress.name,
      subject: `Delivery delayed: order ${order.number}`,
      body: `${note}\nPlease check what can be done and follow up with the customer if needed.`,
      messageKind: 'system',
      orderIds: [order.id],
      tags: [DELAY_TAG],
      priority: 'high',
      customerId: order.customerId,
      actor: { kind: 'system' },
    });
    ticketId = opened.ticket.id;
  }
  const [withTicket] = await tx.update(orderDelays).set({ ticketId }).where(eq(orderDelays.id, delay.id)).returning();
  return { delay: withTicket!, ticketId, ticketOpened: !open };
}
