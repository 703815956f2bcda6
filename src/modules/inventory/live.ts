// Stock on the live channel: once a change to a variant's figures or policy commits, a
// message on "stock:<variantId>" tells every open product and cart page showing it to fetch
// its availability again. The message carries the variant id alone; the page asks for the
// figures, so what it shows always comes from the database, never from the message.
import type { Platform } from '../../platform/platform.ts';

export const STOCK_TOPIC_KIND = 'stock';

export const stockTopic = (variantId: string) => `${STOCK_TOPIC_KIND}:${variantId}`;

/** Lets any browser follow stock topics: they say only that an item's availability changed. */
export function openStockTopics(platform: Pick<Platform, 'live'>): void {
  platform.live.allowPublic(STOCK_TOPIC_KIND);
}

/** Call once the change has committed (see announceStockChange). */
export function publishStockChanges(platform: Pick<Platform, 'live'>, variantIds: readonly string[]): void {
  for (const variantId of variantIds) platform.live.publish(stockTopic(variantId), { variantId });
}
