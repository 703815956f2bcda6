// When stock returns: every open request for a variant that can be ordered from stock again
// is marked answered and stock.back_in_stock is announced with the requests' ids; the
// notifications module sends each one its email from that event. All in the event handler's
// transaction, so a retried delivery neither loses nor repeats a request.
import { and, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import type { DomainEvent } from '../../../platform/events/events.ts';
import type { Platform } from '../../../platform/platform.ts';
import { availabilityOf } from '../availability.ts';
import { stockBackInStock } from '../events.ts';
import { backInStockRequests } from '../schema.ts';
import { variantDirectory } from '../variant-directory.ts';
import { isBackInStock } from './requests.ts';

export async function notifyBackInStock(platform: Platform, event: DomainEvent<{ variantIds: string[] }>, tx: Db): Promise<void> {
  // Locked, so two stock changes handled at once cannot both answer the same request.
  const open = await tx
    .select()
    .from(backInStockRequests)
    .where(and(inArray(backInStockRequests.variantId, event.payload.variantIds), isNull(backInStockRequests.notifiedAt)))
    .orderBy(backInStockRequests.createdAt)
    .for('update');
  if (open.length === 0) return;
  const variantIds = [...new Set(open.map((r) => r.variantId))];
  const availability = await availabilityOf(tx, variantIds);
  const back = variantIds.filter((id) => isBackInStock(availability.get(id)));
  if (back.length === 0) return;
  const labels = await variantDirectory().byIds(tx, back);
  const now = platform.clock.now();
  for (const variantId of back) {
    // A variant deleted from the catalogue has no page to send anyone to.
    if (!labels.has(variantId)) continue;
    const requestIds = open.filter((r) => r.variantId === variantId).map((r) => r.id);
    await tx.update(backInStockRequests).set({ notifiedAt: now }).where(inArray(backInStockRequests.id, requestIds));
    await platform.events.publish(tx, stockBackInStock, { variantId, requestIds }, 'system');
  }
}
