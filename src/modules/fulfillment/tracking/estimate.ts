// The order's delivery estimate once parcels exist: each parcel still on its way arrives when
// its own estimate says (the store's at packing, replaced by the carrier's newest as scans
// arrive, or a delay's revision), and units not packed yet when their line was promised. The
// order is complete when the slowest of these arrives. Delivered parcels no longer count.
import { combineEstimates, promisedEstimate, type DeliveryEstimate, type Order } from '../../orders/index.ts';
import type { Shipment } from '../shipments/read.ts';

export function parcelEstimate(parcel: Pick<Shipment, 'estimateEarliest' | 'estimateLatest'>): DeliveryEstimate | null {
  return parcel.estimateEarliest || parcel.estimateLatest ? { earliest: parcel.estimateEarliest, latest: parcel.estimateLatest } : null;
}

/** The lines with units in no parcel yet. */
export function unpackedLines(order: Order, parcels: readonly Shipment[]): { line: Order['lines'][number]; quantity: number }[] {
  const packed = new Map<string, number>();
  for (const parcel of parcels) for (const line of parcel.lines) packed.set(line.orderLineId, (packed.get(line.orderLineId) ?? 0) + line.quantity);
  return order.lines.map((line) => ({ line, quantity: line.quantity - (packed.get(line.id) ?? 0) })).filter((left) => left.quantity > 0);
}

/** The estimate given the parcels; `current` (the promise) stands while there are none. */
export function estimateWithParcels(order: Order, parcels: readonly Shipment[], current: DeliveryEstimate | null): DeliveryEstimate | null {
  if (parcels.length === 0) return current;
  const onTheWay = parcels.filter((parcel) => parcel.status !== 'delivered').map(parcelEstimate);
  const toPack = promisedEstimate(unpackedLines(order, parcels).map(({ line }) => line));
  return combineEstimates([...onTheWay, toPack]);
}
