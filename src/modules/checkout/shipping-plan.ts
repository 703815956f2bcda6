// A mixed cart (some items now, some later) ships either together, when the last item is
// ready, or each as it becomes available. This works out both from the lines' promises so
// the shopper chooses before paying. Splitting into several parcels is the fulfilment
// side's; here the choice and its dates.
import type { LinePromise } from '../inventory/index.ts';

export interface ShippingPlan {
  /** True when the lines leave on different days. */
  mixed: boolean;
  /** Everything in one parcel: leaves with the last line. Null when a line has no date yet. */
  together: { shipsOn: string; arrives: { from: string; to: string } | null } | null;
}

export function shippingPlan(lines: readonly Pick<LinePromise, 'shipsOn' | 'arrives'>[]): ShippingPlan {
  const days = new Set(lines.map((l) => l.shipsOn));
  const mixed = days.size > 1;
  if (lines.length === 0 || lines.some((l) => l.shipsOn === null)) return { mixed, together: null };
  const last = lines.reduce((latest, line) => (line.shipsOn! > latest.shipsOn! ? line : latest));
  return { mixed, together: { shipsOn: last.shipsOn!, arrives: last.arrives } };
}
