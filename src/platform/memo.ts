// Small, rarely changed business settings (inventory settings, stock locations, the shipping
// calendar and zones) are read on every checkout and product page. They are kept here for a
// few seconds per database handle, so a busy sale does not re-read them for every request.
// A writer calls `forget(family)` once its change has committed: on its own instance the
// change applies at once; another instance sees it within MEMO_TTL_MS. A read through a
// transaction's handle is never remembered, so a transaction always sees its own writes.
import { PgTransaction } from 'drizzle-orm/pg-core';
import { outerHandleOf, type Database, type Db } from './db/database.ts';

export const MEMO_TTL_MS = 5_000;

interface Entry {
  value: Promise<unknown>;
  at: number;
  generation: number;
  /** The read has finished (a reader in a transaction may only take a finished one). */
  settled: boolean;
}

const byHandle = new WeakMap<object, Map<string, Entry>>();
const generations = new Map<string, number>();

const generationOf = (name: string) => generations.get(name) ?? 0;

/**
 * The value `load` gives for `key` of `family` (e.g. "shipping.zones", "methods:US") on this
 * database handle, re-read after MEMO_TTL_MS or once the family is forgotten.
 */
export function remember<T>(handle: object, family: string, key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
  if (handle instanceof PgTransaction) return load();
  let entries = byHandle.get(handle);
  if (!entries) byHandle.set(handle, (entries = new Map()));
  const name = `${family}\u0000${key}`;
  const hit = freshEntry<T>(handle, family, key, now);
  if (hit) return hit;
  // Settled once: a query builder handed back as is would run again at every await.
  const value = Promise.resolve(load());
  const entry: Entry = { value, at: now, generation: generationOf(family), settled: false };
  entries.set(name, entry);
  // A failed read is not remembered.
  value.then(
    () => (entry.settled = true),
    () => {
      if (entries.get(name) === entry) entries.delete(name);
    },
  );
  return value;
}

function freshEntry<T>(handle: object, family: string, key: string, now: number, settledOnly = false): Promise<T> | undefined {
  const hit = byHandle.get(handle)?.get(`${family}\u0000${key}`);
  if (!hit || hit.generation !== generationOf(family) || now - hit.at >= MEMO_TTL_MS) return undefined;
  return settledOnly && !hit.settled ? undefined : (hit.value as Promise<T>);
}

/**
 * For code in a transaction that reads `family` but never writes it (an event handler reading
 * the merchant's settings for each email): what the database's outer handle remembers while
 * it is fresh. Otherwise the read goes through the transaction, and once that commits the outer
 * handle reads and remembers it for the transactions after. (The outer handle may not be used
 * while the transaction is open: on PGlite it would wait for it forever.)
 */
export function rememberFor<T>(database: Pick<Database, 'db' | 'afterCommit'>, handle: Db, family: string, key: string, load: (db: Db) => Promise<T>, now = Date.now()): Promise<T> {
  const outer = database.db;
  if (handle === outer) return remember(outer, family, key, () => load(outer), now);
  // Never a read still running through the outer handle: on PGlite it may be queued behind this
  // very transaction, which would then wait for it forever.
  const hit = freshEntry<T>(outer, family, key, now, true);
  if (hit) return hit;
  database.afterCommit(() => void remember(outer, family, key, () => load(outer)).catch(() => {}));
  return load(handle);
}

/**
 * For a family no transaction both writes and reads (the inventory settings: only the admin's
 * form writes them, in a transaction of its own), read deep in code that is handed a
 * transaction and no Database: in a transaction, what the handle it was opened on remembers
 * (a finished read, while fresh), else a read through the transaction; outside one, `remember`.
 */
export function rememberUnwritten<T>(handle: Db, family: string, key: string, load: (db: Db) => Promise<T>, now = Date.now()): Promise<T> {
  const outer = outerHandleOf(handle);
  if (!outer) return remember(handle, family, key, () => load(handle), now);
  return freshEntry<T>(outer, family, key, now, true) ?? load(handle);
}

/** Drops every key of `family` in this process: call it after the change commits. */
export function forget(family: string): void {
  generations.set(family, generationOf(family) + 1);
}
