// "Place your order now, pay by link when we're back": while the payment gateway's circuit
// breaker is open, placing an order records it as always but asks nothing of the gateway;
// the order's follow-up row says its pay link is waiting. Once the gateway answers again (the
// circuit closes, or the minute's job finds it answering), each waiting order gets its intent
// and its one pay-link email, and the wait is cleared. An order paid, cancelled or sent a link
// meanwhile just stops waiting.
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import type { Platform } from '../../../platform/platform.ts';
import { orderById } from '../../orders/index.ts';
import { gatewayCircuit, onGatewayCircuitChange } from '../../payments/index.ts';
import { askForIntent } from './intent.ts';
import { sendPayLink } from './follow-ups.ts';
import { paymentFollowUps } from './schema.ts';

export const PAY_LINKS_WHEN_BACK_JOB = 'checkout.pay-links-when-back';
/** Orders handled per run: the next run (a minute later, or the next circuit close) takes the rest. */
const BATCH = 200;

/** Whether card payments are paused for this process (the circuit is open and its pause not over). */
export function paymentsPaused(platform: Platform): boolean {
  return gatewayCircuit(platform).status === 'open';
}

/** In the order's transaction: its pay link waits for the gateway. */
export async function waitForGateway(tx: Db, orderId: string, now: Date): Promise<void> {
  await tx
    .insert(paymentFollowUps)
    .values({ orderId, payLinkWhenBackSince: now })
    .onConflictDoUpdate({ target: paymentFollowUps.orderId, set: { payLinkWhenBackSince: now } });
}

const stopWaiting = (tx: Db, orderId: string) => tx.update(paymentFollowUps).set({ payLinkWhenBackSince: null }).where(and(eq(paymentFollowUps.orderId, orderId), isNotNull(paymentFollowUps.payLinkWhenBackSince)));

/** Sends the waiting pay links if the gateway answers; returns how many were sent. */
export async function sendPayLinksWhenBack(platform: Platform): Promise<number> {
  const db = platform.database.db;
  const waiting = await db.select({ orderId: paymentFollowUps.orderId }).from(paymentFollowUps).where(isNotNull(paymentFollowUps.payLinkWhenBackSince)).limit(BATCH);
  let sent = 0;
  for (const { orderId } of waiting) {
    if (paymentsPaused(platform)) break;
    const order = await orderById(db, orderId);
    if (!order || order.status !== 'placed') {
      await platform.database.transaction((tx) => stopWaiting(tx, orderId));
      continue;
    }
    // The first call after the pause is the breaker's trial: if it fails, the circuit opens
    // again and the rest wait for the next run.
    if (!(await askForIntent(platform, orderId))) break;
    const didSend = await platform.database.transaction(async (tx) => {
      const [row] = await tx.select().from(paymentFollowUps).where(eq(paymentFollowUps.orderId, orderId)).for('update');
      if (!row?.payLinkWhenBackSince) return false; // another process sent it
      await stopWaiting(tx, orderId);
      await sendPayLink(platform, tx, order, 'system');
      return true;
    });
    if (didSend) sent++;
  }
  if (sent > 0) platform.log.info({ sent }, 'card payments are back: pay links sent for the orders placed meanwhile');
  return sent;
}

export function registerPayLinksWhenBack(platform: Platform): void {
  platform.jobs.schedule(PAY_LINKS_WHEN_BACK_JOB, '* * * * *', async () => {
    await sendPayLinksWhenBack(platform);
  });
  onGatewayCircuitChange(platform, async (status) => {
    if (status === 'closed') await sendPayLinksWhenBack(platform);
  });
}
