// Where one order stands in the warehouse, line by line and location by location: how many
// units were ordered, are in a parcel, have left, and are still to pack; which of them each
// stock location holds for the order (inventory's allocation); and, for the pack form, what
// can go into a parcel from a given location. Pure arithmetic over what the order, inventory
// and the parcels say, so the page and the pick list count alike.
import type { AllocatedLine, StockLocation } from '../../inventory/index.ts';
import type { Order, OrderLine } from '../../orders/index.ts';
import type { Shipment } from '../shipments/read.ts';
import { hasLeft } from '../states.ts';

export interface LocationFigures {
  locationId: string;
  /** Units of this line's item the location holds for the order. */
  allocated: number;
  /** Of those, how many were promised beyond stock when the order was placed. */
  backordered: number;
  packed: number;
  shipped: number;
  /** Still to pack from here. */
  left: number;
}

export interface LineFigures {
  line: OrderLine;
  ordered: number;
  /** In a parcel (packed or gone). */
  packed: number;
  /** In a parcel that left the warehouse. */
  shipped: number;
  /** Not in any parcel yet. */
  left: number;
  locations: LocationFigures[];
}

const units = (parcels: readonly Shipment[], match: (line: Shipment['lines'][number]) => boolean) =>
  parcels.reduce((sum, parcel) => sum + parcel.lines.filter(match).reduce((s, l) => s + l.quantity, 0), 0);

export function lineFigures(order: Order, allocated: readonly AllocatedLine[], parcels: readonly Shipment[]): LineFigures[] {
  const gone = parcels.filter((p) => hasLeft(p.status));
  return order.lines.map((line) => {
    const packed = units(parcels, (l) => l.orderLineId === line.id);
    const shipped = units(gone, (l) => l.orderLineId === line.id);
    // Inventory allocates per item, not per line: the figures of a location are the item's.
    const locations = allocated
      .filter((a) => a.variantId === line.variantId)
      .map((a) => {
        const here = parcels.filter((p) => p.locationId === a.locationId);
        const packedHere = units(here, (l) => l.variantId === line.variantId);
        return {
          locationId: a.locationId,
          allocated: a.quantity,
          backordered: a.backordered,
          packed: packedHere,
          shipped: units(
            here.filter((p) => hasLeft(p.status)),
            (l) => l.variantId === line.variantId,
          ),
          left: Math.max(0, a.quantity - packedHere),
        };
      });
    return { line, ordered: line.quantity, packed, shipped, left: Math.max(0, line.quantity - packed), locations };
  });
}

export interface PackableLine {
  line: OrderLine;
  /** The most units of it one parcel from this location can hold. */
  max: number;
}

/** The lines that can go into a parcel from this location, with how many of each. */
export function packableAt(figures: readonly LineFigures[], locationId: string): PackableLine[] {
  return figures
    .map((f) => ({ line: f.line, max: Math.min(f.left, f.locations.find((l) => l.locationId === locationId)?.left ?? 0) }))
    .filter((p) => p.max > 0);
}

/** The locations a parcel can be packed from now, in the order inventory lists them (default first). */
export function packingLocations(figures: readonly LineFigures[], locations: readonly StockLocation[]): StockLocation[] {
  return locations.filter((location) => packableAt(figures, location.id).length > 0);
}

/** A location's name, or a plain stand-in for one that has since been removed. */
export function locationName(locations: readonly StockLocation[], id: string): string {
  return locations.find((l) => l.id === id)?.name ?? 'A location no longer listed';
}
