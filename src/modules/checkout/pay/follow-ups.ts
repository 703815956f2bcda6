// What was done for an unpaid order besides paying: a pay link emailed (by the buyer's
// request or an agent's) and a request to finish with a person. Each is recorded with its
// event in one transaction, so the email and the support desk hear of it exactly once.
import { eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import type { Platform } from '../../../platform/platform.ts';
import type { Order } from '../../orders/index.ts';
import { orderPaymentLinkSent, paymentAssistanceRequested } from '../events.ts';
import { paymentFollowUps } from './schema.ts';

export type FollowUp = typeof paymentFollowUps.$inferSelect;

export const PHONE_MAX = 40;
export const NOTE_MAX = 1000;

export async function followUpOf(db: Db, orderId: string): Promise<FollowUp | null> {
  const [row] = await db.select().from(paymentFollowUps).where(eq(paymentFollowUps.orderId, orderId));
  return row ?? null;
}

/** by: "customer" or "staff:<id>". The email goes from the event's handler. */
export async function sendPayLink(platform: Platform, tx: Db, order: Pick<Order, 'id' | 'number'>, by: string): Promise<void> {
  const now = platform.clock.now();
  await tx
    .insert(paymentFollowUps)
    .values({ orderId: order.id, payLinkSentAt: now, payLinkSentBy: by })
    .onConflictDoUpdate({ target: paymentFollowUps.orderId, set: { payLinkSentAt: now, payLinkSentBy: by } });
  await platform.events.publish(tx, orderPaymentLinkSent, { orderId: order.id, number: order.number, by }, by);
}

/** Records the buyer's request for a person once; a repeat changes nothing. Returns whether it was new. */
export async function requestAssistance(platform: Platform, tx: Db, order: Pick<Order, 'id' | 'number'>, contact: { phone: string | null; note: string | null }): Promise<boolean> {
  const now = platform.clock.now();
  const existing = await followUpOf(tx, order.id);
  if (existing?.assistanceRequestedAt) return false;
  const values = { assistanceRequestedAt: now, assistanceContact: contact.phone ? 'phone' : 'email', assistancePhone: contact.phone, assistanceNote: contact.note };
  await tx.insert(paymentFollowUps).values({ orderId: order.id, ...values }).onConflictDoUpdate({ target: paymentFollowUps.orderId, set: values });
  await platform.events.publish(tx, paymentAssistanceRequested, { orderId: order.id, number: order.number }, 'customer');
  return true;
}

/** An agent took up the buyer's request for a person. */
export async function takeAssistance(tx: Db, orderId: string, staffId: string, now: Date): Promise<void> {
  await tx.update(paymentFollowUps).set({ assistanceTakenAt: now, assistanceTakenBy: `staff:${staffId}` }).where(eq(paymentFollowUps.orderId, orderId));
}
