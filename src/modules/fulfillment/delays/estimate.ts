// Writing a parcel's delivery estimate when a delay revises it, so every page that shows the
// parcel (the order page's parcels, the staff pages, the "arrives Thursday" sentence) reads the
// revised dates. It writes the shipments table, which the shipments part owns: it lives here,
// in a file of its own, until shipments/ grows an estimate writer the carrier ingestion and
// this can share (the ingestion sets the carrier's own estimate as events carry one).
import { eq } from 'drizzle-orm';
import type { LocalDate } from '../../../platform/calendar.ts';
import type { Db } from '../../../platform/db/database.ts';
import { shipments } from '../schema.ts';

/** Sets the parcel's estimate; an estimate whose first day is after its last is a bug and refused. */
export async function setShipmentEstimate(tx: Db, shipmentId: string, estimate: { earliest: LocalDate; latest: LocalDate }, now: Date): Promise<void> {
  if (estimate.earliest > estimate.latest) throw new RangeError(`estimate from ${estimate.earliest} to ${estimate.latest} ends before it starts`);
  await tx.update(shipments).set({ estimateEarliest: estimate.earliest, estimateLatest: estimate.latest, updatedAt: now }).where(eq(shipments.id, shipmentId));
}
