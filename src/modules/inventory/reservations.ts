// Checkout reservations: the units a checkout holds so two buyers can never both get the
// last one. Reserving locks the stock levels it reads (in one order, so concurrent buyers
// queue instead of deadlocking) and sums the demand per variant before checking it, so two
// lines of one item cannot each pass against stock the other already took. The lock lives
// here, in the inventory module, never in a caller.
//
// A reservation's life: held (a checkout in progress, until its TTL runs out; activity
// extends it) → allocated (an order placed, awaiting payment, until the payment deadline) →
// sold (paid: the units stay reserved at their location until they ship) → shipped (a sale
// movement takes them off on-hand). Released or expired gives the units back.
import { and, asc, desc, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { builtOnce, rows, type Db } from '../../platform/db/database.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { newId } from '../../platform/ids.ts';
import { lockOnHand } from './adjust.ts';
import { announceStockChange, type AnnounceDeps } from './announce.ts';
import { describe, policyFromJson, type Availability, type PolicyJson, type PolicyRow, type StockFigures } from './availability.ts';
import type { HeldUnits } from './held.ts';
import { dispatchLocations, type LocationDispatch } from './locations.ts';
import { movementStatement, recordMovements, type Movement } from './movements.ts';
import { shippingLocation } from './promise-for.ts';
import { stockLevels, stockReservationLines, stockReservations, variantStockPolicies, type ReservationStatus } from './schema.ts';
import { readInventorySettings, type InventorySettings } from './settings.ts';
import { defaultLocationId } from './stock.ts';

export interface ReserveLine {
  variantId: string;
  quantity: number;
}

export interface ReservedLine {
  variantId: string;
  locationId: string;
  quantity: number;
  /** Of quantity, the units there was no stock for (backorder, pre-order). */
  backordered: number;
}

export interface Reservation {
  id: string;
  holder: string;
  status: ReservationStatus;
  expiresAt: Date | null;
  orderReference: string;
  lines: ReservedLine[];
}

/** A variant the holder cannot have in the quantity asked, with what it can have now. */
export interface Shortage {
  variantId: string;
  requested: number;
  /** The most the holder could reserve now (0: none at all). */
  maxOrderable: number;
  availability: Availability;
}

/** On success, also the stock figures as the holder now sees them, so a caller can answer promises without reading them again. */
export type ReserveResult = { ok: true; reservation: Reservation; figures: StockFigures } | { ok: false; shortages: Shortage[] };

export type ReservationFailure = 'bad-quantity' | 'not-found' | 'not-live' | 'already-ordered' | 'not-on-hand' | 'over-shipped';

export class ReservationError extends Error {
  readonly code: ReservationFailure;
  constructor(code: ReservationFailure, message: string) {
    super(message);
    this.name = 'ReservationError';
    this.code = code;
  }
}

/** The most units of one variant one reservation may hold. */
export const MAX_UNITS_PER_LINE = 999;

export type ReservationDeps = AnnounceDeps;

const LIVE: ReservationStatus[] = ['held', 'allocated'];

/**
 * Holds exactly `lines` for `holder` (replacing what it held before, so a checkout calls it
 * again whenever the cart changes) until the merchant's TTL from now. All or nothing: when any
 * variant is short, nothing changes and the shortages say what could be had instead.
 * Untracked variants need no holding and are left out of the reservation.
 */
export async function reserve(deps: ReservationDeps, holder: string, lines: readonly ReserveLine[], actor: string): Promise<ReserveResult> {
  const demand = sumDemand(lines);
  const [settings, locations] = await Promise.all([readInventorySettings(deps.database.db), dispatchLocations(deps.database.db)]);
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.database.transaction((tx) => reserveIn(deps, tx, { holder, demand, actor, settings, locations }));
    } catch (error) {
      if (error instanceof ShortageFound) return { ok: false, shortages: error.shortages };
      // A double click: the other request's new hold went in first. Made again, this one finds
      // it (committed now) and replaces it, as a hold made again always does.
      if (attempt < MAX_HOLD_ATTEMPTS && isUniqueViolation(error, LIVE_HOLDER_KEY)) continue;
      throw error;
    }
  }
}

/** The index that lets a holder have one live reservation (schema.ts). */
const LIVE_HOLDER_KEY = 'stock_reservations_live_holder_key';
/** Each retry is one more click of the same shopper arriving at the same instant. */
const MAX_HOLD_ATTEMPTS = 4;

/** Thrown inside the reservation's transaction so that what it wrote before finding the shortage is undone. */
class ShortageFound extends Error {
  readonly shortages: Shortage[];
  constructor(shortages: Shortage[]) {
    super('short of stock');
    this.shortages = shortages;
  }
}

interface ReserveWork {
  holder: string;
  demand: Map<string, number>;
  actor: string;
  settings: InventorySettings;
  locations: LocationDispatch[];
}

async function reserveIn(deps: ReservationDeps, tx: Db, { holder, demand, actor, settings, locations }: ReserveWork): Promise<Extract<ReserveResult, { ok: true }>> {
  const now = deps.clock.now();
  // One live hold per holder: two clicks at once both find none here, and the second one's
  // insert then meets the unique index (once the first commits) and is made again (reserve).
  const { existing, heldBefore, policies, actual } = await lockHoldAndLevels(tx, holder, [...demand.keys()]);
  if (existing?.status === 'allocated') throw new ReservationError('already-ordered', 'These items already belong to a placed order.');

  const policyOf = new Map(policies.map((p) => [p.variantId, p]));
  const tracked = [...demand.keys()].filter((id) => (policyOf.get(id)?.tracked ?? 1) === 1);

  const reservationId = existing?.id ?? newId();
  const expiresAt = new Date(now.getTime() + settings.reservationTtlMinutes * 60_000);
  const unstocked = tracked.filter((id) => ![...actual.keys()].some((k) => k.startsWith(`${id}/`)));
  if (unstocked.length) {
    // A variant never stocked has no level to lock; create one so a concurrent buyer queues on it too.
    const locationId = await defaultLocationId(tx);
    await tx.insert(stockLevels).values(unstocked.map((variantId) => ({ variantId, locationId, updatedAt: now }))).onConflictDoNothing();
    for (const [levelKey, net] of await lockLevels(tx, unstocked)) actual.set(levelKey, net);
  }
  // What is free once this holder's previous hold is given back.
  const levels = new Map(actual);
  for (const line of heldBefore) levels.set(key(line), (levels.get(key(line)) ?? 0) + line.quantity);

  const shortages: Shortage[] = [];
  const wanted: ReservedLine[] = [];
  for (const variantId of tracked) {
    const quantity = demand.get(variantId)!;
    const policy = policyOf.get(variantId);
    const atLocations = locations.map((l) => ({ locationId: l.id, net: levels.get(`${variantId}/${l.id}`) ?? 0 }));
    const net = atLocations.reduce((sum, l) => sum + l.net, 0);
    const availability = describe(net, policy?.policy ?? 'deny', true, {
      leadTimeDays: policy?.leadTimeDays ?? null,
      releaseDate: policy?.releaseDate ?? null,
      maxBackorder: policy?.maxBackorder ?? null,
      lowStockAt: settings.lowStockThreshold,
    });
    if (availability.maxOrderable !== null && quantity > availability.maxOrderable) {
      shortages.push({ variantId, requested: quantity, maxOrderable: availability.maxOrderable, availability });
      continue;
    }
    wanted.push(...placeLines(variantId, quantity, locations, atLocations));
  }
  if (shortages.length) throw new ShortageFound(shortages);

  const movements = netMovements(heldBefore, wanted, actor, reservationId);
  await writeHold(tx, now, { id: reservationId, holder, expiresAt, isNew: !existing }, wanted, movements);
  await announceVisible(deps, tx, movements, actual, settings.lowStockThreshold, actor);
  return {
    ok: true,
    reservation: { id: reservationId, holder, status: 'held' as const, expiresAt, orderReference: '', lines: wanted },
    figures: figuresAfter(levels, wanted, policyOf, settings),
  };
}

/**
 * The hold's row (new, or renewed when made again), its lines, its level changes and their
 * ledger rows in one statement: every buyer of the item queues on the levels locked above
 * until this transaction ends, so each round trip saved here is saved once per buyer in the
 * queue. (A new row's lines reference it; that is checked at the statement's end, when both
 * are in.) A hold made again keeps the lines it still wants, changed in place, and drops the
 * rest: no row is both deleted and inserted by the one statement.
 */
async function writeHold(
  tx: Db,
  now: Date,
  hold: { id: string; holder: string; expiresAt: Date; isNew: boolean },
  lines: readonly ReservedLine[],
  movements: readonly Movement[],
): Promise<void> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const until = sql`${hold.expiresAt.toISOString()}::timestamptz`;
  const row = hold.isNew
    ? sql`hold_row as (
        insert into ${stockReservations} (id, holder, status, expires_at, created_at, updated_at)
        values (${hold.id}::uuid, ${hold.holder}, 'held', ${until}, ${at}, ${at})
        returning 1)`
    : sql`hold_row as (
        update ${stockReservations} set expires_at = ${until}, updated_at = ${at} where id = ${hold.id}::uuid
        returning 1)`;
  const keys = lines.map((l) => sql`(${l.variantId}::uuid, ${l.locationId}::uuid)`);
  const dropped = hold.isNew
    ? null
    : sql`dropped_lines as (
        delete from ${stockReservationLines}
         where reservation_id = ${hold.id}::uuid${keys.length ? sql` and (variant_id, location_id) not in (${sql.join(keys, sql`, `)})` : sql``}
        returning 1)`;
  const held = lines.length
    ? sql`held_lines as (
        insert into ${stockReservationLines} (reservation_id, variant_id, location_id, quantity, backordered)
        values ${sql.join(lines.map((l) => sql`(${hold.id}::uuid, ${l.variantId}::uuid, ${l.locationId}::uuid, ${l.quantity}::int, ${l.backordered}::int)`), sql`, `)}
        on conflict (reservation_id, variant_id, location_id) do update set quantity = excluded.quantity, backordered = excluded.backordered
        returning 1)`
    : null;
  const parts = [row, dropped, held, movementStatement(now, movements)].filter((part): part is SQL => part !== null);
  // A hold is committed without waiting for the disk: a database crash may forget the last
  // moments of holds (consistently: levels and reservations together), which "Place order"
  // then makes again, while buyers queued on a busy item do not wait on each other's disk
  // writes. Orders and payments keep synchronous commits.
  await tx.execute(sql`with ${sql.join(parts, sql`, `)} select set_config('synchronous_commit', 'off', true)`);
}

/** Keeps a held reservation alive while its shopper is active. Returns the new expiry, or null when nothing is held any more. */
export async function extendReservation(deps: ReservationDeps, holder: string): Promise<Date | null> {
  const settings = await readInventorySettings(deps.database.db);
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + settings.reservationTtlMinutes * 60_000);
  const extended = await deps.database.db
    .update(stockReservations)
    .set({ expiresAt, updatedAt: now })
    .where(and(eq(stockReservations.holder, holder), eq(stockReservations.status, 'held'), sql`${stockReservations.expiresAt} > ${now}`))
    .returning({ id: stockReservations.id });
  return extended.length ? expiresAt : null;
}

/** The holder's live (held or allocated) reservation, or null. */
export async function liveReservation(db: Db, holder: string): Promise<Reservation | null> {
  const [row] = await liveWithLines(db).execute({ holder });
  return row ? { ...row, lines: row.lines ?? [] } : null;
}

const RESERVATION_FIELDS = {
  id: stockReservations.id,
  holder: stockReservations.holder,
  status: stockReservations.status,
  expiresAt: stockReservations.expiresAt,
  orderReference: stockReservations.orderReference,
};

/** A reservation's lines as a JSON array (null when none), beside its row in a select or a returning. */
const LINES_JSON = sql<ReservedLine[] | null>`(select json_agg(json_build_object('variantId', l.variant_id, 'locationId', l.location_id, 'quantity', l.quantity, 'backordered', l.backordered))
  from ${stockReservationLines} l where l.reservation_id = ${stockReservations.id})`;

/** With its lines in one statement, built once: every checkout step reads it. */
const liveWithLines = builtOnce((db) =>
  db
    .select({ ...RESERVATION_FIELDS, lines: LINES_JSON })
    .from(stockReservations)
    .where(and(eq(stockReservations.holder, sql.placeholder('holder')), inArray(stockReservations.status, LIVE)))
    .prepare('live_reservation_with_lines'),
);

/** Whether the holder's last hold ran out (rather than never existing or being given up); call it once no live hold was found. */
export async function holdRanOut(db: Db, holder: string): Promise<boolean> {
  const [last] = await db
    .select({ status: stockReservations.status })
    .from(stockReservations)
    .where(eq(stockReservations.holder, holder))
    .orderBy(desc(stockReservations.updatedAt))
    .limit(1);
  // A hold still marked held after its end awaits the release job.
  return last?.status === 'expired' || last?.status === 'held';
}

/**
 * Whether the reservation holds exactly these lines (the cart may have changed since); untracked
 * items need no holding. `policies`: the selling policies of the lines' variants, as
 * readStockFigures read them.
 */
export function holdCovers(reservation: Reservation, lines: readonly ReserveLine[], policies: StockFigures['policies']): boolean {
  const wanted = new Map<string, number>();
  for (const line of lines) {
    if (policies.get(line.variantId)?.tracked === 0) continue;
    wanted.set(line.variantId, (wanted.get(line.variantId) ?? 0) + line.quantity);
  }
  const held = new Map<string, number>();
  for (const line of reservation.lines) held.set(line.variantId, (held.get(line.variantId) ?? 0) + line.quantity);
  return held.size === wanted.size && [...wanted].every(([id, quantity]) => held.get(id) === quantity);
}

/**
 * Gives the units back: a checkout abandoned, an order cancelled (held, allocated or sold).
 * Returns false when the holder had nothing live. Runs in the caller's transaction.
 */
export async function releaseReservation(deps: ReservationDeps, tx: Db, selector: { holder: string } | { orderReference: string }, reason: string, actor: string): Promise<boolean> {
  const [row] = await tx
    .select()
    .from(stockReservations)
    .where(
      and(
        'holder' in selector ? eq(stockReservations.holder, selector.holder) : eq(stockReservations.orderReference, selector.orderReference),
        inArray(stockReservations.status, ['held', 'allocated', 'sold']),
      ),
    )
    .for('update');
  if (!row) return false;
  await giveBack(deps, tx, row.id, 'released', reason, actor);
  return true;
}

/**
 * An order was placed from the holder's reservation: it is now the order's, kept until the
 * payment deadline (`until`) instead of the checkout TTL. Runs in the order's transaction.
 */
export async function allocateReservation(deps: ReservationDeps, tx: Db, holder: string, orderReference: string, until: Date): Promise<Reservation> {
  // One statement on the way every order takes; the row's lock is held to the order's commit.
  const [row] = await tx
    .update(stockReservations)
    .set({ status: 'allocated', orderReference, expiresAt: until, updatedAt: deps.clock.now() })
    .where(and(eq(stockReservations.holder, holder), eq(stockReservations.status, 'held')))
    .returning({ ...RESERVATION_FIELDS, lines: LINES_JSON });
  if (row) return { ...row, lines: row.lines ?? [] };
  if ((await lockLive(tx, holder))?.status === 'allocated') throw new ReservationError('already-ordered', 'These items already belong to a placed order.');
  throw new ReservationError('not-live', 'The hold on these items has ended; reserve them again.');
}

/** The order's payment was authorised: its units are sold and no longer expire. */
export async function markReservationSold(deps: ReservationDeps, tx: Db, orderReference: string): Promise<void> {
  const updated = await tx
    .update(stockReservations)
    .set({ status: 'sold', expiresAt: null, updatedAt: deps.clock.now() })
    .where(and(eq(stockReservations.orderReference, orderReference), eq(stockReservations.status, 'allocated')))
    .returning({ id: stockReservations.id });
  if (!updated.length) throw new ReservationError('not-found', `No allocated reservation for order ${orderReference}.`);
}

/** Units of a sold reservation, where they are and how many have left in parcels so far. */
export interface AllocatedLine extends ReservedLine {
  shipped: number;
}

/** What an order's reservation holds per variant and location (the pick list's source), or [] when it holds nothing. */
export async function allocatedLines(db: Db, orderReference: string): Promise<AllocatedLine[]> {
  return db
    .select({
      variantId: stockReservationLines.variantId,
      locationId: stockReservationLines.locationId,
      quantity: stockReservationLines.quantity,
      backordered: stockReservationLines.backordered,
      shipped: stockReservationLines.shipped,
    })
    .from(stockReservationLines)
    .innerJoin(stockReservations, eq(stockReservations.id, stockReservationLines.reservationId))
    .where(and(eq(stockReservations.orderReference, orderReference), inArray(stockReservations.status, ['allocated', 'sold', 'shipped'])))
    .orderBy(asc(stockReservationLines.locationId), asc(stockReservationLines.variantId));
}

/** Units leaving in one parcel: which variant, from which location, how many. */
export interface ParcelUnits {
  variantId: string;
  locationId: string;
  quantity: number;
}

/**
 * A parcel of the order left: its units come off on-hand and out of reserved, as a sale. Without
 * `parcel`, everything not yet shipped leaves. The reservation counts what has left per line and
 * becomes `shipped` with its last unit; a parcel with more than is left to ship, or units that
 * are not on the shelf (a backorder not yet received), is refused and changes nothing.
 */
export async function shipReservation(deps: ReservationDeps, tx: Db, orderReference: string, actor: string, parcel?: readonly ParcelUnits[]): Promise<void> {
  const [row] = await tx
    .select()
    .from(stockReservations)
    .where(and(eq(stockReservations.orderReference, orderReference), eq(stockReservations.status, 'sold')))
    .for('update');
  if (!row) throw new ReservationError('not-found', `No sold reservation for order ${orderReference}.`);
  const lines = await tx.select().from(stockReservationLines).where(eq(stockReservationLines.reservationId, row.id));
  const leaving = parcel ?? lines.map((l) => ({ variantId: l.variantId, locationId: l.locationId, quantity: l.quantity - l.shipped })).filter((l) => l.quantity > 0);
  for (const units of leaving) {
    const line = lines.find((l) => l.variantId === units.variantId && l.locationId === units.locationId);
    const left = line ? line.quantity - line.shipped : 0;
    if (!Number.isInteger(units.quantity) || units.quantity < 1 || units.quantity > left) {
      throw new ReservationError('over-shipped', `Order ${orderReference} has ${left} unit${left === 1 ? '' : 's'} of that item left to ship from there, not ${units.quantity}.`);
    }
  }
  const onHand = await lockOnHand(tx, leaving);
  for (const units of leaving) {
    const there = onHand.get(key(units)) ?? 0;
    if (there < units.quantity) throw new ReservationError('not-on-hand', `Only ${there} of the ${units.quantity} units are on hand to ship.`);
  }
  const now = deps.clock.now();
  await recordMovements(
    tx,
    now,
    leaving.map((l) => ({ variantId: l.variantId, locationId: l.locationId, kind: 'sale', onHandDelta: -l.quantity, reservedDelta: -l.quantity, reason: 'shipped', actor, reference: `order:${orderReference}` })),
  );
  for (const units of leaving) {
    await tx
      .update(stockReservationLines)
      .set({ shipped: sql`${stockReservationLines.shipped} + ${units.quantity}` })
      .where(and(eq(stockReservationLines.reservationId, row.id), eq(stockReservationLines.variantId, units.variantId), eq(stockReservationLines.locationId, units.locationId)));
  }
  const shippedAll = lines.every((l) => l.shipped + leaving.filter((u) => key(u) === key(l)).reduce((sum, u) => sum + u.quantity, 0) === l.quantity);
  if (shippedAll) await tx.update(stockReservations).set({ status: 'shipped', updatedAt: now }).where(eq(stockReservations.id, row.id));
}

/**
 * Releases held reservations whose time ran out (a job every minute and at start-up, so a
 * crash between reserving and placing loses nothing for long). Each in its own short
 * transaction; ones a checkout is touching right now are skipped and caught next time.
 */
export async function releaseExpiredReservations(deps: ReservationDeps, limit = 500): Promise<number> {
  const due = await deps.database.db
    .select({ id: stockReservations.id })
    .from(stockReservations)
    .where(and(eq(stockReservations.status, 'held'), lte(stockReservations.expiresAt, deps.clock.now())))
    .orderBy(asc(stockReservations.expiresAt))
    .limit(limit);
  let released = 0;
  for (const { id } of due) {
    const done = await deps.database.transaction(async (tx) => {
      const [row] = await tx
        .select({ id: stockReservations.id })
        .from(stockReservations)
        .where(and(eq(stockReservations.id, id), eq(stockReservations.status, 'held'), lte(stockReservations.expiresAt, deps.clock.now())))
        .for('update', { skipLocked: true });
      if (!row) return false;
      await giveBack(deps, tx, id, 'expired', 'the hold ran out', 'system');
      return true;
    });
    if (done) released++;
  }
  return released;
}

// ---- helpers ---------------------------------------------------------------------------

function key(line: { variantId: string; locationId: string }): string {
  return `${line.variantId}/${line.locationId}`;
}

function sumDemand(lines: readonly ReserveLine[]): Map<string, number> {
  const demand = new Map<string, number>();
  for (const line of lines) {
    if (!Number.isInteger(line.quantity) || line.quantity < 1) throw new ReservationError('bad-quantity', `Quantities are whole numbers of at least 1: ${line.quantity} is not.`);
    demand.set(line.variantId, (demand.get(line.variantId) ?? 0) + line.quantity);
  }
  for (const [variantId, quantity] of demand) {
    if (quantity > MAX_UNITS_PER_LINE) throw new ReservationError('bad-quantity', `At most ${MAX_UNITS_PER_LINE} units of one item can be reserved (${variantId}).`);
  }
  return demand;
}

interface LockedForHold {
  existing: { id: string; status: ReservationStatus } | null;
  /** What the live reservation holds now (none without one). */
  heldBefore: ReservedLine[];
  policies: PolicyRow[];
  /** On-hand less reserved, per `variant/location`, of the levels locked. */
  actual: Map<string, number>;
}

/**
 * In one round trip: the holder's live reservation, locked, with its lines; the selling
 * policies of the variants asked for; and the stock levels of those variants and of the ones
 * held before, locked in key order (so concurrent buyers queue instead of deadlocking). The
 * reservation is locked before any level, as everywhere else: the levels' variant list is an
 * array the executor builds from the held lines, and so from the reservation, before it reads
 * the first level.
 */
async function lockHoldAndLevels(tx: Db, holder: string, variantIds: readonly string[]): Promise<LockedForHold> {
  const asked = sql`array[${sql.join(variantIds.map((id) => sql`${id}::uuid`), sql`, `)}]::uuid[]`;
  const [found] = await rows<{
    live: { id: string; status: ReservationStatus } | null;
    held: { variant_id: string; location_id: string; quantity: number; backordered: number }[] | null;
    levels: { variant_id: string; location_id: string; free: number }[] | null;
    policies: PolicyJson[] | null;
  }>(
    tx,
    sql`with live as materialized (
          select id, status from ${stockReservations} where ${and(eq(stockReservations.holder, holder), inArray(stockReservations.status, LIVE))} for update),
        held as materialized (
          select variant_id, location_id, quantity, backordered from ${stockReservationLines} where reservation_id in (select id from live)),
        locked as materialized (
          select variant_id, location_id, on_hand - reserved as free from ${stockLevels}
           where variant_id = any(${asked} || array(select variant_id from held))
           order by variant_id, location_id
             for update)
        select (select json_build_object('id', id, 'status', status) from live) as live,
               (select json_agg(held) from held) as held,
               (select json_agg(locked) from locked) as levels,
               (select json_agg(p) from ${variantStockPolicies} p where p.variant_id = any(${asked})) as policies`,
  );
  return {
    existing: found?.live ?? null,
    heldBefore: (found?.held ?? []).map((l) => ({ variantId: l.variant_id, locationId: l.location_id, quantity: l.quantity, backordered: l.backordered })),
    policies: (found?.policies ?? []).map(policyFromJson),
    actual: new Map((found?.levels ?? []).map((l) => [key({ variantId: l.variant_id, locationId: l.location_id }), l.free])),
  };
}

async function lockLive(tx: Db, holder: string) {
  const [row] = await tx
    .select()
    .from(stockReservations)
    .where(and(eq(stockReservations.holder, holder), inArray(stockReservations.status, LIVE)))
    .for('update');
  return row ?? null;
}

async function linesOf(db: Db, reservationId: string): Promise<ReservedLine[]> {
  return db
    .select({ variantId: stockReservationLines.variantId, locationId: stockReservationLines.locationId, quantity: stockReservationLines.quantity, backordered: stockReservationLines.backordered })
    .from(stockReservationLines)
    .where(eq(stockReservationLines.reservationId, reservationId));
}

/** The figures once `wanted` is held: free stock less the hold, and the hold as the holder's own. */
function figuresAfter(free: ReadonlyMap<string, number>, wanted: readonly ReservedLine[], policies: StockFigures['policies'], settings: InventorySettings): StockFigures {
  const levels = [...free].map(([levelKey, net]) => {
    const [variantId, locationId] = levelKey.split('/') as [string, string];
    const taken = wanted.filter((line) => line.variantId === variantId && line.locationId === locationId).reduce((sum, line) => sum + line.quantity, 0);
    return { variantId, locationId, net: net - taken };
  });
  const held = new Map<string, HeldUnits>();
  for (const line of wanted) {
    const before = held.get(line.variantId);
    held.set(line.variantId, { quantity: (before?.quantity ?? 0) + line.quantity, locationId: before?.locationId ?? line.locationId });
  }
  return { levels, policies, held, settings };
}

/** Locks the variants' levels in key order and returns on-hand less reserved per variant/location. */
async function lockLevels(tx: Db, variantIds: readonly string[]): Promise<Map<string, number>> {
  const rows = variantIds.length
    ? await tx
        .select({ variantId: stockLevels.variantId, locationId: stockLevels.locationId, onHand: stockLevels.onHand, reserved: stockLevels.reserved })
        .from(stockLevels)
        .where(inArray(stockLevels.variantId, [...variantIds]))
        .orderBy(asc(stockLevels.variantId), asc(stockLevels.locationId))
        .for('update')
    : [];
  return new Map(rows.map((r) => [key(r), r.onHand - r.reserved]));
}

/**
 * Where the units come from: one location that has them all when there is one (the order
 * ships together); else free stock location by location, the rest backordered where the
 * variant ships from.
 */
function placeLines(variantId: string, quantity: number, locations: readonly LocationDispatch[], atLocations: readonly { locationId: string; net: number }[]): ReservedLine[] {
  const home = shippingLocation(locations, atLocations, quantity);
  if (!home) throw new ReservationError('not-found', 'The store has no stock location.');
  const freeAt = (id: string) => Math.max(0, atLocations.find((l) => l.locationId === id)?.net ?? 0);
  if (freeAt(home.id) >= quantity) return [{ variantId, locationId: home.id, quantity, backordered: 0 }];
  const lines: ReservedLine[] = [];
  let left = quantity;
  for (const location of [home, ...locations.filter((l) => l.id !== home.id)]) {
    const take = Math.min(left, freeAt(location.id));
    if (take > 0) lines.push({ variantId, locationId: location.id, quantity: take, backordered: 0 });
    left -= take;
  }
  if (left > 0) {
    const atHome = lines.find((l) => l.locationId === home.id);
    if (atHome) {
      atHome.quantity += left;
      atHome.backordered = left;
    } else lines.unshift({ variantId, locationId: home.id, quantity: left, backordered: left });
  }
  return lines;
}

/** Reservation and release movements for the difference between what was held and what is wanted. */
function netMovements(before: readonly ReservedLine[], after: readonly ReservedLine[], actor: string, reservationId: string): Movement[] {
  const delta = new Map<string, { variantId: string; locationId: string; units: number }>();
  for (const [lines, sign] of [
    [before, -1],
    [after, 1],
  ] as const) {
    for (const line of lines) {
      const entry = delta.get(key(line)) ?? { variantId: line.variantId, locationId: line.locationId, units: 0 };
      entry.units += sign * line.quantity;
      delta.set(key(line), entry);
    }
  }
  return [...delta.values()]
    .filter((d) => d.units !== 0)
    .map((d) => ({
      variantId: d.variantId,
      locationId: d.locationId,
      kind: d.units > 0 ? ('reservation' as const) : ('release' as const),
      reservedDelta: d.units,
      reason: d.units > 0 ? 'checkout hold' : 'checkout changed',
      actor,
      reference: `reservation:${reservationId}`,
    }));
}

/** Releases every unit of a reservation and ends it. */
async function giveBack(deps: ReservationDeps, tx: Db, reservationId: string, status: 'released' | 'expired', reason: string, actor: string): Promise<void> {
  const lines = await linesOf(tx, reservationId);
  const levels = await lockLevels(tx, lines.map((l) => l.variantId));
  const settings = await readInventorySettings(tx);
  const movements: Movement[] = lines.map((l) => ({ variantId: l.variantId, locationId: l.locationId, kind: 'release', reservedDelta: -l.quantity, reason, actor, reference: `reservation:${reservationId}` }));
  await recordMovements(tx, deps.clock.now(), movements);
  await tx.update(stockReservations).set({ status, endReason: reason, expiresAt: null, updatedAt: deps.clock.now() }).where(eq(stockReservations.id, reservationId));
  await announceVisible(deps, tx, movements, levels, settings.lowStockThreshold, actor);
}

/**
 * Announces the variants a shopper would see differently: holds that leave plenty in stock
 * change nothing on the page, and a busy variant should not flood the outbox with events.
 * `before` holds each level's free units (on-hand less reserved) before the movements.
 */
async function announceVisible(deps: ReservationDeps, tx: Db, movements: readonly Movement[], before: ReadonlyMap<string, number>, lowStockAt: number, actor: string): Promise<void> {
  const freeBefore = new Map<string, number>();
  for (const [levelKey, net] of before) {
    const variantId = levelKey.split('/')[0]!;
    freeBefore.set(variantId, (freeBefore.get(variantId) ?? 0) + net);
  }
  const freeAfter = new Map(freeBefore);
  for (const m of movements) freeAfter.set(m.variantId, (freeAfter.get(m.variantId) ?? 0) - (m.reservedDelta ?? 0));
  const visible = movements.map((m) => m.variantId).filter((id) => Math.min(freeBefore.get(id) ?? 0, freeAfter.get(id) ?? 0) <= lowStockAt);
  await announceStockChange(deps, tx, visible, actor);
}
