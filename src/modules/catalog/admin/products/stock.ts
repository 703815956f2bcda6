// The stock figures the product form shows and edits, read through the inventory module.
// Inventory reports what is on hand and not reserved; until reservations exist that is the
// on-hand figure. (Once checkout reserves stock, inventory should offer on-hand itself.)
import type { Db } from '../../../../platform/db/database.ts';
import { availabilityOf, type StockPolicy } from '../../../inventory/index.ts';

export interface StockFigure {
  /** Units on hand; null when the variant's stock is not counted. */
  onHand: number | null;
  policy: StockPolicy;
}

export async function stockFigures(db: Db, variantIds: readonly string[]): Promise<Map<string, StockFigure>> {
  const availability = await availabilityOf(db, variantIds);
  return new Map([...availability].map(([id, a]) => [id, { onHand: a.available, policy: a.policy }]));
}

/** How a figure appears in the form: '' for stock that is not counted. */
export const shownOnHand = (figure: StockFigure | undefined): string => (figure?.onHand == null ? '' : String(figure.onHand));
