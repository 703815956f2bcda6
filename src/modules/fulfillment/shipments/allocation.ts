// Where each of an order's units is to be packed from. Inventory's allocation says it for the
// items whose stock it counts; an item it does not count (made on demand, a gift card, stock
// the merchant does not track) has no allocation, and is packed from the default location.
// Selling stock when a parcel leaves concerns the counted units only.
import type { Db } from '../../../platform/db/database.ts';
import { allocatedLines, listLocations, type AllocatedLine } from '../../inventory/index.ts';
import type { Order } from '../../orders/index.ts';

/** Inventory's allocation of the order, plus its uncounted items at the default location. */
export async function packingAllocation(db: Db, order: Order): Promise<AllocatedLine[]> {
  const [allocated, locations] = await Promise.all([allocatedLines(db, order.number), listLocations(db)]);
  const home = locations.find((l) => l.isDefault) ?? locations[0];
  if (!home) return allocated;
  const uncounted = new Map<string, number>();
  for (const line of order.lines) {
    if (!allocated.some((a) => a.variantId === line.variantId)) uncounted.set(line.variantId, (uncounted.get(line.variantId) ?? 0) + line.quantity);
  }
  return [...allocated, ...[...uncounted].map(([variantId, quantity]) => ({ variantId, locationId: home.id, quantity, backordered: 0, shipped: 0 }))];
}
