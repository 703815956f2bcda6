// The store profile (currency, locale, time zone), read once per store and kept in memory;
// an update replaces the cached copy.
import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import type { Platform } from '../../platform/platform.ts';
import { storeProfile } from './schema.ts';

export interface StoreProfile {
  name: string;
  currency: string;
  locale: string;
  timeZone: string;
}

const DEFAULT_PROFILE: StoreProfile = { name: 'Doorstep', currency: 'USD', locale: 'en-US', timeZone: 'America/New_York' };

const cached = new WeakMap<Platform, Promise<StoreProfile>>();
/** The profile once a read has finished: what every later caller gets, without waiting. */
const known = new WeakMap<Platform, StoreProfile>();
/** Bumped by each update, so a read that started before it cannot keep its older answer. */
const generation = new WeakMap<Platform, number>();

async function load(db: Db): Promise<StoreProfile> {
  const [row] = await db.select().from(storeProfile).where(eq(storeProfile.id, 1));
  if (!row) return DEFAULT_PROFILE;
  return { name: row.name, currency: row.currency, locale: row.locale, timeZone: row.timeZone };
}

/**
 * The store profile, read once. Code running inside a transaction passes its handle: the
 * outer one may not be used there. Such a caller never waits on a read still running through
 * the outer handle either: on PGlite that read waits for the caller's own transaction to end,
 * and neither would ever finish.
 */
export function getStoreProfile(platform: Platform, db: Db = platform.database.db): Promise<StoreProfile> {
  const profile = known.get(platform);
  if (profile) return Promise.resolve(profile);
  const startedIn = generation.get(platform) ?? 0;
  const keep = (value: StoreProfile) => {
    if ((generation.get(platform) ?? 0) === startedIn) known.set(platform, value);
    return value;
  };
  if (db !== platform.database.db) return load(db).then(keep);
  let reading = cached.get(platform);
  if (!reading) {
    reading = load(db).then(keep);
    // A failed read must not be remembered.
    reading.catch(() => cached.delete(platform));
    cached.set(platform, reading);
  }
  return reading;
}

export async function updateStoreProfile(platform: Platform, tx: Db, changes: Partial<StoreProfile>): Promise<void> {
  await tx
    .insert(storeProfile)
    .values({ id: 1, ...DEFAULT_PROFILE, ...changes })
    .onConflictDoUpdate({ target: storeProfile.id, set: { ...changes, updatedAt: new Date() } });
  platform.database.afterCommit(() => {
    cached.delete(platform);
    known.delete(platform);
    generation.set(platform, (generation.get(platform) ?? 0) + 1);
  });
}
