// The one way stock figures change: each movement adds its deltas to the variant's level at
// a location and is written to the ledger, in the caller's transaction. Callers check the
// business rules (no negative on-hand, enough to reserve) and lock the levels first.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { stockLevels, stockMovements, type MovementKind } from './schema.ts';

export interface Movement {
  variantId: string;
  locationId: string;
  kind: MovementKind;
  onHandDelta?: number;
  reservedDelta?: number;
  reason?: string;
  /** Who: "system", "import", "staff:<id>", "token:<id>", "cart:<id>". */
  actor: string;
  /** What it belongs to: a batch, a reservation, an order, a purchase order. */
  reference?: string;
}

export async function recordMovements(tx: Db, now: Date, movements: readonly Movement[]): Promise<void> {
  const moving = movements.filter((m) => (m.onHandDelta ?? 0) !== 0 || (m.reservedDelta ?? 0) !== 0);
  if (moving.length === 0) return;
  for (const m of moving) {
    const onHand = m.onHandDelta ?? 0;
    const reserved = m.reservedDelta ?? 0;
    // Update first: PostgreSQL checks an INSERT's row against the constraints before it
    // looks for a conflict, so a negative delta could never go through an upsert.
    const updated = await tx
      .update(stockLevels)
      .set({ onHand: sql`${stockLevels.onHand} + ${onHand}`, reserved: sql`${stockLevels.reserved} + ${reserved}`, updatedAt: now })
      .where(and(eq(stockLevels.variantId, m.variantId), eq(stockLevels.locationId, m.locationId)))
      .returning({ variantId: stockLevels.variantId });
    if (updated.length === 0) {
      await tx
        .insert(stockLevels)
        .values({ variantId: m.variantId, locationId: m.locationId, onHand, reserved, updatedAt: now })
        .onConflictDoUpdate({
          target: [stockLevels.variantId, stockLevels.locationId],
          set: { onHand: sql`${stockLevels.onHand} + ${onHand}`, reserved: sql`${stockLevels.reserved} + ${reserved}`, updatedAt: now },
        });
    }
  }
  await tx.insert(stockMovements).values(
    moving.map((m) => ({
      id: newId(),
      variantId: m.variantId,
      locationId: m.locationId,
      kind: m.kind,
      onHandDelta: m.onHandDelta ?? 0,
      reservedDelta: m.reservedDelta ?? 0,
      reason: m.reason ?? '',
      actor: m.actor,
      reference: m.reference ?? '',
      createdAt: now,
    })),
  );
}
