// A variant's movement ledger, newest first, a page at a time (keyset: the page after a
// movement starts below it), with the on-hand and reserved figures each movement left at its
// location; and the check that the ledger adds up to the stock levels.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import { stockLevels, stockMovements, type MovementKind } from '../schema.ts';

export const MOVEMENTS_PER_PAGE = 50;

export interface LedgerRow {
  id: string;
  createdAt: Date;
  kind: MovementKind;
  locationId: string;
  onHandDelta: number;
  reservedDelta: number;
  reason: string;
  actor: string;
  reference: string;
  /** On hand and reserved at the location once this movement was applied. */
  onHandAfter: number;
  reservedAfter: number;
}

export interface LedgerPage {
  rows: LedgerRow[];
  /** The movement the next (older) page starts below; null on the last page. */
  olderThan: string | null;
}

/** Per location: the level and what the ledger adds up to. */
export interface LedgerCheck {
  locationId: string;
  onHand: number;
  reserved: number;
  ledgerOnHand: number;
  ledgerReserved: number;
  matches: boolean;
}

const newestFirst = [desc(stockMovements.createdAt), desc(stockMovements.id)];
const position = (id: string) => sql`(select ${stockMovements.createdAt}, ${stockMovements.id} from ${stockMovements} where ${stockMovements.id} = ${id})`;

/** What the movements matching `where` add up to at each location. */
function sumsByLocation(db: Db, where: SQL) {
  return db
    .select({
      locationId: stockMovements.locationId,
      onHand: sql<number>`sum(${stockMovements.onHandDelta})::int`,
      reserved: sql<number>`sum(${stockMovements.reservedDelta})::int`,
    })
    .from(stockMovements)
    .where(where)
    .groupBy(stockMovements.locationId);
}

export async function ledgerPage(db: Db, variantId: string, olderThan: string | null): Promise<LedgerPage> {
  const ofVariant = eq(stockMovements.variantId, variantId);
  const found = await db
    .select()
    .from(stockMovements)
    .where(olderThan ? and(ofVariant, sql`(${stockMovements.createdAt}, ${stockMovements.id}) < ${position(olderThan)}`) : ofVariant)
    .orderBy(...newestFirst)
    .limit(MOVEMENTS_PER_PAGE + 1);
  const page = found.slice(0, MOVEMENTS_PER_PAGE);
  const first = page[0];
  if (!first) return { rows: [], olderThan: null };
  // The figures after the page's newest movement: today's level less every newer movement.
  const [levels, newer] = await Promise.all([
    db.select().from(stockLevels).where(eq(stockLevels.variantId, variantId)),
    sumsByLocation(db, and(ofVariant, sql`(${stockMovements.createdAt}, ${stockMovements.id}) > ${position(first.id)}`)!),
  ]);
  const running = new Map<string, { onHand: number; reserved: number }>();
  for (const level of levels) {
    const later = newer.find((n) => n.locationId === level.locationId);
    running.set(level.locationId, { onHand: level.onHand - (later?.onHand ?? 0), reserved: level.reserved - (later?.reserved ?? 0) });
  }
  const rows = page.map((movement): LedgerRow => {
    const after = running.get(movement.locationId) ?? { onHand: 0, reserved: 0 };
    running.set(movement.locationId, { onHand: after.onHand - movement.onHandDelta, reserved: after.reserved - movement.reservedDelta });
    const { id, createdAt, kind, locationId, onHandDelta, reservedDelta, reason, actor, reference } = movement;
    return { id, createdAt, kind, locationId, onHandDelta, reservedDelta, reason, actor, reference, onHandAfter: after.onHand, reservedAfter: after.reserved };
  });
  return { rows, olderThan: found.length > MOVEMENTS_PER_PAGE ? page[page.length - 1]!.id : null };
}

export async function ledgerCheck(db: Db, variantId: string): Promise<LedgerCheck[]> {
  const [levels, sums] = await Promise.all([
    db.select().from(stockLevels).where(eq(stockLevels.variantId, variantId)),
    sumsByLocation(db, eq(stockMovements.variantId, variantId)),
  ]);
  const locationIds = [...new Set([...levels.map((l) => l.locationId), ...sums.map((s) => s.locationId)])];
  return locationIds.map((locationId) => {
    const level = levels.find((l) => l.locationId === locationId);
    const sum = sums.find((s) => s.locationId === locationId);
    const check = { locationId, onHand: level?.onHand ?? 0, reserved: level?.reserved ?? 0, ledgerOnHand: sum?.onHand ?? 0, ledgerReserved: sum?.reserved ?? 0 };
    return { ...check, matches: check.onHand === check.ledgerOnHand && check.reserved === check.ledgerReserved };
  });
}
