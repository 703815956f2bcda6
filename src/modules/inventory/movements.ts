// The one way stock figures change: each movement adds its deltas to the variant's level at
// a location and is written to the ledger, in the caller's transaction. Callers check the
// business rules (no negative on-hand, enough to reserve) and lock the levels first.
import { sql, type SQL } from 'drizzle-orm';
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
  const parts = movementStatement(now, movements);
  if (parts) await tx.execute(sql`with ${parts} select 1`);
}

/**
 * The common table expressions that apply these movements, for a caller that writes more in
 * the same statement (a reservation's lines): one round trip, so the levels a checkout locked
 * are held for as short a time as possible. Null when nothing moves.
 *
 * Each level changes once, by the sum of its movements (an UPDATE … FROM with two source rows
 * for one target row would apply only one of them). A level that does not exist yet is
 * inserted; PostgreSQL checks an inserted row against the constraints before it looks for a
 * conflict, so only a missing level goes through the insert, and a concurrent insert of the
 * same level is added to, not lost.
 */
export function movementStatement(now: Date, movements: readonly Movement[]): SQL | null {
  const moving = movements.filter((m) => (m.onHandDelta ?? 0) !== 0 || (m.reservedDelta ?? 0) !== 0);
  if (moving.length === 0) return null;
  const sums = new Map<string, { variantId: string; locationId: string; onHand: number; reserved: number }>();
  for (const m of moving) {
    const levelKey = `${m.variantId}/${m.locationId}`;
    const sum = sums.get(levelKey) ?? { variantId: m.variantId, locationId: m.locationId, onHand: 0, reserved: 0 };
    sum.onHand += m.onHandDelta ?? 0;
    sum.reserved += m.reservedDelta ?? 0;
    sums.set(levelKey, sum);
  }
  const at = now.toISOString();
  const deltas = sql.join(
    [...sums.values()].map((d) => sql`(${d.variantId}::uuid, ${d.locationId}::uuid, ${d.onHand}::int, ${d.reserved}::int)`),
    sql`, `,
  );
  const ledger = sql.join(
    moving.map(
      (m) =>
        sql`(${newId()}::uuid, ${m.variantId}::uuid, ${m.locationId}::uuid, ${m.kind}, ${m.onHandDelta ?? 0}::int, ${m.reservedDelta ?? 0}::int, ${m.reason ?? ''}, ${m.actor}, ${m.reference ?? ''}, ${at}::timestamptz)`,
    ),
    sql`, `,
  );
  return sql`
    level_deltas (variant_id, location_id, on_hand, reserved) as (values ${deltas}),
    levels_changed as (
      update ${stockLevels} as s
         set on_hand = s.on_hand + d.on_hand, reserved = s.reserved + d.reserved, updated_at = ${at}::timestamptz
        from level_deltas d
       where s.variant_id = d.variant_id and s.location_id = d.location_id
      returning s.variant_id),
    levels_added as (
      insert into ${stockLevels} (variant_id, location_id, on_hand, reserved, updated_at)
      select d.variant_id, d.location_id, d.on_hand, d.reserved, ${at}::timestamptz
        from level_deltas d
       where not exists (select 1 from ${stockLevels} s where s.variant_id = d.variant_id and s.location_id = d.location_id)
      on conflict (variant_id, location_id) do update
         set on_hand = ${stockLevels.onHand} + excluded.on_hand, reserved = ${stockLevels.reserved} + excluded.reserved, updated_at = excluded.updated_at
      returning 1),
    ledger as (
      insert into ${stockMovements} (id, variant_id, location_id, kind, on_hand_delta, reserved_delta, reason, actor, reference, created_at)
      values ${ledger}
      returning 1)`;
}
