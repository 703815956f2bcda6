// When an order's backordered units are now expected in, from the inbound supply as it stands
// today (a purchase order moved, cut or cancelled changes it). Backorders are served first come
// first served, as the delivery promise counted them: the units still missing of a variant
// (reserved beyond on hand) are the newest backorders, and supply covers them oldest first.
// Read by fulfillment's delay checks, which compare it with the day the customer was promised.
import { and, asc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import type { LocalDate } from '../../platform/calendar.ts';
import type { Db } from '../../platform/db/database.ts';
import { openInbound } from './promise-for.ts';
import { stockLevels, stockReservationLines, stockReservations } from './schema.ts';

export interface RestockOutlook {
  variantId: string;
  /** Where the order's units of it wait. */
  locationId: string;
  /** Of the order's units still to ship, how many are not on the shelf yet. */
  waiting: number;
  /** The day the supply expected covers them, or null when nothing expected does. */
  expectedOn: LocalDate | null;
}

/** Reservations whose units are still set aside (a checkout's hold, an order awaiting payment or shipment). */
const LIVE = ['held', 'allocated', 'sold'] as const;

/**
 * For each variant of the order that had units backordered and not yet shipped: how many are
 * still waiting for stock, and the day the open inbound supply covers them (after the
 * backorders placed before this order). An order with nothing backordered gets [].
 */
export async function restockOutlook(db: Db, orderReference: string): Promise<RestockOutlook[]> {
  const own = await db
    .select({
      reservationId: stockReservations.id,
      createdAt: stockReservations.createdAt,
      variantId: stockReservationLines.variantId,
      locationId: stockReservationLines.locationId,
      unshipped: sql<number>`least(${stockReservationLines.backordered}, ${stockReservationLines.quantity} - ${stockReservationLines.shipped})`,
    })
    .from(stockReservationLines)
    .innerJoin(stockReservations, eq(stockReservations.id, stockReservationLines.reservationId))
    .where(and(eq(stockReservations.orderReference, orderReference), inArray(stockReservations.status, ['allocated', 'sold']), gt(stockReservationLines.backordered, 0)))
    .orderBy(asc(stockReservationLines.variantId), asc(stockReservationLines.locationId));
  const mine = own.filter((line) => Number(line.unshipped) > 0);
  if (mine.length === 0) return [];
  const { reservationId, createdAt } = mine[0]!;
  const variantIds = [...new Set(mine.map((l) => l.variantId))];

  const [levels, later, inbound] = await Promise.all([
    db
      .select({ variantId: stockLevels.variantId, short: sql<number>`greatest(0, sum(${stockLevels.reserved}) - sum(${stockLevels.onHand}))` })
      .from(stockLevels)
      .where(inArray(stockLevels.variantId, variantIds))
      .groupBy(stockLevels.variantId),
    // Backorders taken after this order's: they wait behind it. Two taken at the same instant
    // are ordered by id: arbitrary, but the same for both, so each unit is counted once.
    db
      .select({ variantId: stockReservationLines.variantId, units: sql<number>`sum(least(${stockReservationLines.backordered}, ${stockReservationLines.quantity} - ${stockReservationLines.shipped}))` })
      .from(stockReservationLines)
      .innerJoin(stockReservations, eq(stockReservations.id, stockReservationLines.reservationId))
      .where(
        and(
          inArray(stockReservationLines.variantId, variantIds),
          inArray(stockReservations.status, [...LIVE]),
          or(gt(stockReservations.createdAt, createdAt), and(eq(stockReservations.createdAt, createdAt), gt(stockReservations.id, reservationId))),
        ),
      )
      .groupBy(stockReservationLines.variantId),
    openInbound(db, variantIds),
  ]);

  const outlooks: RestockOutlook[] = [];
  for (const variantId of variantIds) {
    const lines = mine.filter((l) => l.variantId === variantId);
    const unshipped = lines.reduce((sum, l) => sum + Number(l.unshipped), 0);
    const short = Number(levels.find((l) => l.variantId === variantId)?.short ?? 0);
    const behind = Number(later.find((l) => l.variantId === variantId)?.units ?? 0);
    // The missing units are the newest backorders: those behind this order first, then its own.
    const upToMine = short - behind;
    const waiting = Math.min(unshipped, Math.max(0, upToMine));
    let expectedOn: LocalDate | null = null;
    if (waiting > 0) {
      let expected = 0;
      for (const supply of inbound.get(variantId) ?? []) {
        expected += supply.quantity;
        if (expected >= upToMine) {
          expectedOn = supply.expectedOn;
          break;
        }
      }
    }
    outlooks.push({ variantId, locationId: lines[0]!.locationId, waiting, expectedOn });
  }
  return outlooks;
}
