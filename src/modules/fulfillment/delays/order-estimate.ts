// The order page's "Arrives …" sentence follows a delay: while units have not left and a delay
// about them is open (a missed ship day, a later restock), the estimate is never earlier than
// the revised promise. Delays about a parcel need nothing here: they revise the parcel's own
// estimate, which the tracking part's refiner (registered before this one) already reads.
import type { Db } from '../../../platform/db/database.ts';
import type { Platform } from '../../../platform/platform.ts';
import { combineEstimates, type DeliveryEstimate, type Order } from '../../orders/index.ts';
import { PARCEL_KINDS } from './kinds.ts';
import { openDelaysOnPage } from './read.ts';
import { revisedDates } from './sections.tsx';

export async function estimateWithDelays(platform: Platform, order: Order, current: DeliveryEstimate | null, db?: Db): Promise<DeliveryEstimate | null> {
  const open = (await openDelaysOnPage(platform, order, db)).filter((d) => !PARCEL_KINDS.has(d.kind));
  const revised = revisedDates(open);
  return revised ? combineEstimates([current, revised]) : current;
}
