// The units a holder (a shopper's checkout) has reserved: they are the shopper's own, so
// what that shopper is shown counts them as available to them.
import { sql, type SQL } from 'drizzle-orm';
import { stockReservationLines, stockReservations } from './schema.ts';

export interface HeldUnits {
  quantity: number;
  /** Where the first of them is held: the location the line ships from. */
  locationId: string;
}

/** One held line, as heldLinesJson spells it. */
export interface HeldLine {
  variantId: string;
  locationId: string;
  quantity: number;
}

/** The holder's live held lines of the variants `asked` (a uuid[] expression) as a JSON array, or null when none, for a query that reads more beside them. */
export function heldLinesJson(holder: string, asked: SQL): SQL<HeldLine[] | null> {
  return sql`(select json_agg(json_build_object('variantId', l.variant_id, 'locationId', l.location_id, 'quantity', l.quantity))
                from ${stockReservationLines} l join ${stockReservations} r on r.id = l.reservation_id
               where r.holder = ${holder} and r.status in ('held', 'allocated') and l.variant_id = any(${asked}))`;
}

/** The held lines summed per variant. */
export function heldUnitsOf(lines: readonly HeldLine[]): Map<string, HeldUnits> {
  const found = new Map<string, HeldUnits>();
  for (const line of lines) {
    const before = found.get(line.variantId);
    found.set(line.variantId, { quantity: (before?.quantity ?? 0) + line.quantity, locationId: before?.locationId ?? line.locationId });
  }
  return found;
}
