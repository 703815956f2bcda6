// The pick list: what to take off the shelves for some orders, grouped by the stock location
// inventory set the units aside at (the default location first), then by item (SKU), each with
// the orders it goes to and how many. Units already in a parcel are left out, so a list printed
// again halfway through packing shows only what is still to pick.
import type { Db } from '../../../platform/db/database.ts';
import type { StockLocation } from '../../inventory/index.ts';
import type { Order } from '../../orders/index.ts';
import { packingAllocation } from '../shipments/allocation.ts';
import { shipmentsOfOrder } from '../shipments/read.ts';

export interface PickEntry {
  orderNumber: string;
  quantity: number;
  /** Some of these units were promised beyond stock: they may not be on the shelf yet. */
  backordered: boolean;
}

export interface PickItem {
  variantId: string;
  sku: string;
  title: string;
  quantity: number;
  orders: PickEntry[];
}

export interface PickGroup {
  locationId: string;
  name: string;
  quantity: number;
  items: PickItem[];
}

export async function readPickList(db: Db, orders: readonly Order[], locations: readonly StockLocation[]): Promise<PickGroup[]> {
  const groups = new Map<string, PickGroup>();
  for (const order of orders) {
    const [allocated, parcels] = await Promise.all([packingAllocation(db, order), shipmentsOfOrder(db, order.id)]);
    for (const a of allocated) {
      const packed = parcels
        .filter((p) => p.locationId === a.locationId)
        .flatMap((p) => p.lines)
        .filter((l) => l.variantId === a.variantId)
        .reduce((sum, l) => sum + l.quantity, 0);
      const quantity = a.quantity - packed;
      if (quantity <= 0) continue;
      const line = order.lines.find((l) => l.variantId === a.variantId);
      let group = groups.get(a.locationId);
      if (!group) {
        group = { locationId: a.locationId, name: locations.find((l) => l.id === a.locationId)?.name ?? 'A location no longer listed', quantity: 0, items: [] };
        groups.set(a.locationId, group);
      }
      let item = group.items.find((i) => i.variantId === a.variantId);
      if (!item) {
        item = { variantId: a.variantId, sku: line?.sku ?? '', title: line ? [line.productTitle, line.variantTitle].filter(Boolean).join(' — ') : 'An item no longer on the order', quantity: 0, orders: [] };
        group.items.push(item);
      }
      item.quantity += quantity;
      group.quantity += quantity;
      item.orders.push({ orderNumber: order.number, quantity, backordered: a.backordered > 0 });
    }
  }
  const rank = (id: string) => {
    const at = locations.findIndex((l) => l.id === id);
    return at < 0 ? locations.length : at;
  };
  return [...groups.values()]
    .sort((a, b) => rank(a.locationId) - rank(b.locationId) || a.name.localeCompare(b.name))
    .map((group) => ({ ...group, items: group.items.sort((a, b) => a.sku.localeCompare(b.sku) || a.title.localeCompare(b.title)) }));
}
