// Counting and correcting stock by hand or from a warehouse system: set a location's
// on-hand to what was counted, or apply a delta (a receipt, a write-off, a return). An
// adjustment that would leave on-hand below zero is refused and nothing of the call is applied.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { announceStockChange, type AnnounceDeps } from './announce.ts';
import { recordMovements, type Movement } from './movements.ts';
import { stockLevels, type MovementKind } from './schema.ts';

export interface StockChange {
  variantId: string;
  locationId: string;
  /** Absolute on-hand: what was counted. Exactly one of set and delta. */
  set?: number;
  /** Units to add (receipt, return) or remove (negative: damage, loss). */
  delta?: number;
  /** adjustment by default; receipt, return or transfer when that is what happened. */
  kind?: Extract<MovementKind, 'adjustment' | 'receipt' | 'return' | 'transfer'>;
  reason: string;
}

export type StockChangeFailure = 'not-whole-number' | 'set-and-delta' | 'negative-on-hand';

export class StockChangeError extends Error {
  readonly code: StockChangeFailure;
  /** Index of the offending change in the call. */
  readonly index: number;
  constructor(code: StockChangeFailure, index: number, message: string) {
    super(message);
    this.name = 'StockChangeError';
    this.code = code;
    this.index = index;
  }
}

export interface StockChangeOutcome {
  variantId: string;
  locationId: string;
  onHandBefore: number;
  onHandAfter: number;
}

/** Why a change is invalid on its face, before any figure is read; null when it is well formed. */
export function malformedChange(change: Pick<StockChange, 'set' | 'delta'>): { code: StockChangeFailure; message: string } | null {
  const given = [change.set, change.delta].filter((v) => v !== undefined);
  if (given.length !== 1) return { code: 'set-and-delta', message: 'Give either an absolute quantity or a change, not both or neither.' };
  const value = given[0]!;
  if (!Number.isInteger(value)) return { code: 'not-whole-number', message: `Quantities are whole numbers of units: ${value} is not.` };
  if (change.set !== undefined && change.set < 0) return { code: 'negative-on-hand', message: `On-hand cannot be set below zero (${change.set}).` };
  return null;
}

/**
 * Applies the changes in order inside `tx`, all or nothing: the first invalid one throws a
 * StockChangeError naming it. Several changes to one variant and location add up.
 */
export async function changeStock(deps: AnnounceDeps, tx: Db, changes: readonly StockChange[], actor: string, reference: string): Promise<StockChangeOutcome[]> {
  changes.forEach((change, index) => {
    const problem = malformedChange(change);
    if (problem) throw new StockChangeError(problem.code, index, problem.message);
  });
  const onHand = await lockOnHand(tx, changes);
  const movements: Movement[] = [];
  const outcomes: StockChangeOutcome[] = [];
  changes.forEach((change, index) => {
    const key = `${change.variantId}/${change.locationId}`;
    const before = onHand.get(key) ?? 0;
    const after = change.set ?? before + change.delta!;
    if (after < 0) {
      throw new StockChangeError('negative-on-hand', index, `That would leave ${after} on hand: there are only ${before}, so at most ${before} can be taken off.`);
    }
    onHand.set(key, after);
    movements.push({ variantId: change.variantId, locationId: change.locationId, kind: change.kind ?? 'adjustment', onHandDelta: after - before, reason: change.reason, actor, reference });
    outcomes.push({ variantId: change.variantId, locationId: change.locationId, onHandBefore: before, onHandAfter: after });
  });
  await recordMovements(tx, deps.clock.now(), movements);
  await announceStockChange(deps, tx, movements.filter((m) => m.onHandDelta !== 0).map((m) => m.variantId), actor);
  return outcomes;
}

/**
 * Locks the levels the changes touch (in key order, so concurrent callers cannot deadlock) and
 * reads their on-hand. A missing level is created at zero first: a row that does not exist
 * cannot be locked, and two writers setting the same new level would otherwise both start from 0.
 */
export async function lockOnHand(tx: Db, changes: readonly Pick<StockChange, 'variantId' | 'locationId'>[]): Promise<Map<string, number>> {
  const variantIds = [...new Set(changes.map((c) => c.variantId))];
  const found = new Map<string, number>();
  if (variantIds.length === 0) return found;
  const pairs = new Map(changes.map((c) => [`${c.variantId}/${c.locationId}`, { variantId: c.variantId, locationId: c.locationId }]));
  const sorted = [...pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, pair]) => pair);
  await tx.insert(stockLevels).values(sorted).onConflictDoNothing();
  const rows = await tx
    .select({ variantId: stockLevels.variantId, locationId: stockLevels.locationId, onHand: stockLevels.onHand })
    .from(stockLevels)
    .where(inArray(stockLevels.variantId, variantIds))
    .orderBy(asc(stockLevels.variantId), asc(stockLevels.locationId))
    .for('update');
  for (const row of rows) found.set(`${row.variantId}/${row.locationId}`, row.onHand);
  return found;
}

/** On-hand at one location (0 without a level). */
export async function onHandAt(db: Db, variantId: string, locationId: string): Promise<number> {
  const [row] = await db.select({ onHand: stockLevels.onHand }).from(stockLevels).where(and(eq(stockLevels.variantId, variantId), eq(stockLevels.locationId, locationId)));
  return row?.onHand ?? 0;
}
