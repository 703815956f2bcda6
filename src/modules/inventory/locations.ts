// Stock locations (warehouses): where stock is counted and orders ship from, with the
// processing days and cut-off time the delivery promise counts from. Exactly one location is
// the default: it ships first, and the importer and the product form count stock there.
import { asc, desc, eq, ne } from 'drizzle-orm';
import { isTimeOfDay } from '../../platform/calendar.ts';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { forget, remember } from '../../platform/memo.ts';
import type { AnnounceDeps } from './announce.ts';
import { STOCK_CACHE_TAG } from './events.ts';
import { stockLocations } from './schema.ts';

export interface StockLocation {
  id: string;
  code: string;
  name: string;
  address: string;
  processingDays: number;
  cutoffTime: string;
  priority: number;
  isDefault: boolean;
}

export type LocationInput = Omit<StockLocation, 'id'>;

export interface LocationProblem {
  field: keyof LocationInput;
  message: string;
}

export const LOCATION_LIMITS = {
  code: 32,
  name: 100,
  address: 500,
  processingDays: { min: 0, max: 30 },
  priority: { min: 0, max: 10_000 },
} as const;

const CODE = /^[a-z0-9-]+$/;

function toLocation(row: typeof stockLocations.$inferSelect): StockLocation {
  const { id, code, name, address, processingDays, cutoffTime, priority } = row;
  return { id, code, name, address, processingDays, cutoffTime, priority, isDefault: row.isDefault === 1 };
}

/** The default first, then in the order reservations take stock from them. */
export async function listLocations(db: Db): Promise<StockLocation[]> {
  const found = await db.select().from(stockLocations).orderBy(desc(stockLocations.isDefault), asc(stockLocations.priority), asc(stockLocations.code));
  return found.map(toLocation);
}

/** What a delivery promise and a reservation need of a location. */
export interface LocationDispatch {
  id: string;
  processingDays: number;
  cutoffTime: string;
  isDefault: number;
  priority: number;
}

const LOCATIONS_MEMO = 'inventory.locations';

/** Every location's dispatch figures, read on every hold and promise, so remembered briefly (platform/memo.ts). */
export async function dispatchLocations(db: Db): Promise<LocationDispatch[]> {
  const found = await remember(db, LOCATIONS_MEMO, '', () =>
    db.select({ id: stockLocations.id, processingDays: stockLocations.processingDays, cutoffTime: stockLocations.cutoffTime, isDefault: stockLocations.isDefault, priority: stockLocations.priority }).from(stockLocations),
  );
  // None yet: the default location is created on first use, so ask again next time.
  if (found.length === 0) forget(LOCATIONS_MEMO);
  return found;
}

export async function locationById(db: Db, id: string): Promise<StockLocation | null> {
  const [row] = await db.select().from(stockLocations).where(eq(stockLocations.id, id));
  return row ? toLocation(row) : null;
}

/** What is wrong with a location on its face, in the order of the form's fields. */
export function locationProblems(input: LocationInput): LocationProblem[] {
  const problems: LocationProblem[] = [];
  if (input.code === '') problems.push({ field: 'code', message: 'Enter a short code, such as "east".' });
  else if (input.code.length > LOCATION_LIMITS.code) problems.push({ field: 'code', message: `Use at most ${LOCATION_LIMITS.code} characters.` });
  else if (!CODE.test(input.code)) problems.push({ field: 'code', message: 'Use only lower-case letters, digits and hyphens.' });
  if (input.name.trim() === '') problems.push({ field: 'name', message: 'Enter a name.' });
  else if (input.name.length > LOCATION_LIMITS.name) problems.push({ field: 'name', message: `Use at most ${LOCATION_LIMITS.name} characters.` });
  if (input.address.length > LOCATION_LIMITS.address) problems.push({ field: 'address', message: `Use at most ${LOCATION_LIMITS.address} characters.` });
  const days = LOCATION_LIMITS.processingDays;
  if (!Number.isInteger(input.processingDays) || input.processingDays < days.min || input.processingDays > days.max) {
    problems.push({ field: 'processingDays', message: `Enter a whole number of days from ${days.min} to ${days.max}.` });
  }
  if (!isTimeOfDay(input.cutoffTime)) problems.push({ field: 'cutoffTime', message: 'Enter a time as HH:MM on the 24-hour clock, such as 14:00.' });
  const priority = LOCATION_LIMITS.priority;
  if (!Number.isInteger(input.priority) || input.priority < priority.min || input.priority > priority.max) {
    problems.push({ field: 'priority', message: `Enter a whole number from ${priority.min} to ${priority.max}.` });
  }
  return problems;
}

export type LocationOutcome = { kind: 'saved'; id: string } | { kind: 'invalid'; problems: LocationProblem[] } | { kind: 'missing' };

/**
 * Creates (id null) or updates a location. Making one the default takes the mark from the
 * others; the default cannot give it up except to another location. Cached pages are
 * dropped, since their delivery dates count from these processing days and cut-offs.
 */
export async function saveLocation(deps: Pick<AnnounceDeps, 'database' | 'cache'>, tx: Db, id: string | null, input: LocationInput): Promise<LocationOutcome> {
  const problems = locationProblems(input);
  if (problems.length) return { kind: 'invalid', problems };
  const values = { ...input, name: input.name.trim(), address: input.address.trim(), isDefault: input.isDefault ? 1 : 0 };
  const [current] = id ? await tx.select().from(stockLocations).where(eq(stockLocations.id, id)).for('update') : [];
  if (id && !current) return { kind: 'missing' };
  if (current?.isDefault === 1 && !input.isDefault) {
    return { kind: 'invalid', problems: [{ field: 'isDefault', message: 'One location is always the default: make another location the default instead.' }] };
  }
  const [sameCode] = await tx.select({ id: stockLocations.id }).from(stockLocations).where(eq(stockLocations.code, input.code));
  if (sameCode && sameCode.id !== id) return { kind: 'invalid', problems: [{ field: 'code', message: `Another location already has the code "${input.code}".` }] };
  // The first location is the default whatever the form said: there is always exactly one.
  const [someDefault] = await tx.select({ id: stockLocations.id }).from(stockLocations).where(eq(stockLocations.isDefault, 1));
  if (!someDefault) values.isDefault = 1;
  if (values.isDefault === 1) await tx.update(stockLocations).set({ isDefault: 0 }).where(id ? ne(stockLocations.id, id) : eq(stockLocations.isDefault, 1));
  let savedId = id;
  if (id) {
    await tx.update(stockLocations).set(values).where(eq(stockLocations.id, id));
  } else {
    // The code check above can race a second merchant: the unique index settles it.
    const [created] = await tx
      .insert(stockLocations)
      .values({ id: newId(), ...values })
      .onConflictDoNothing({ target: stockLocations.code })
      .returning({ id: stockLocations.id });
    if (!created) return { kind: 'invalid', problems: [{ field: 'code', message: `Another location already has the code "${input.code}".` }] };
    savedId = created.id;
  }
  deps.database.afterCommit(() => {
    forget(LOCATIONS_MEMO);
    deps.cache.invalidate(STOCK_CACHE_TAG);
  });
  return { kind: 'saved', id: savedId! };
}
