// One database API for both drivers: embedded PGlite (the default) and PostgreSQL through
// node-postgres. Modules receive a `Db` handle (the database or a transaction) and never
// branch on the driver.
import { AsyncLocalStorage } from 'node:async_hooks';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { sql, type SQL } from 'drizzle-orm';
import { deferStatement, preparingPool, type StatementText } from './prepared.ts';

/** A database or transaction handle: everything a service needs to read and write. */
export type Db = PgDatabase<PgQueryResultHKT>;

export type DriverKind = 'pglite' | 'postgres';

export interface Database {
  readonly kind: DriverKind;
  /** The outer handle. Using it inside `transaction()` throws instead of deadlocking. */
  readonly db: Db;
  /** Runs `fn` in one transaction; it commits when `fn` resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` once the current transaction has committed (never if it rolls back), or at once
   * outside a transaction. For in-memory effects that must not run on uncommitted data, such
   * as dropping cached pages.
   */
  afterCommit(fn: () => void): void;
  /**
   * Runs `fn` in the current transaction once its body has finished, just before it commits,
   * and answers true; outside a transaction answers false and runs nothing. For writes
   * gathered through a transaction and made in one statement at its end (the outbox's events).
   */
  beforeCommit(fn: () => Promise<void>): boolean;
  /** The raw embedded client (only on PGlite): for the job queue adapter. */
  readonly pglite: PGlite | undefined;
  /** The connection string (only on PostgreSQL): for the job queue's own pool. */
  readonly connectionString: string | undefined;
  close(): Promise<void>;
}

/** Raised when code reaches for the outer handle while its own transaction is open. */
export class OuterHandleInTransactionError extends Error {
  override name = 'OuterHandleInTransactionError';
  constructor() {
    super(
      'The outer database handle was used inside a transaction. Use the transaction handle (tx) ' +
        'passed to your callback: on PGlite the outer call would wait forever for the transaction.',
    );
  }
}

/**
 * Wraps a driver client so that calls made while this async context is inside one of our
 * transactions fail at once. PGlite has a single connection: an outer query issued inside a
 * transaction queues behind it and never runs.
 */
function guardOuterClient<T extends object>(
  client: T,
  guarded: readonly string[],
  insideTx: AsyncLocalStorage<true>,
): T {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      const bound = (value as (...args: unknown[]) => unknown).bind(target);
      if (typeof prop !== 'string' || !guarded.includes(prop)) return bound;
      return (...args: unknown[]) => {
        if (insideTx.getStore()) throw new OuterHandleInTransactionError();
        return bound(...args);
      };
    },
  });
}

export interface OpenOptions {
  /** postgres://… ; absent → PGlite */
  url?: string | undefined;
  /** PGlite data directory; absent → in memory. */
  dataDir?: string | undefined;
  /** PostgreSQL pool size. */
  poolSize?: number;
}

export const pgliteExtensions = { pg_trgm, unaccent };

/** What waits for the outermost open transaction of this async context: work to finish in it, and callbacks for after its commit. */
interface PendingCommit {
  before: (() => Promise<void>)[];
  after: (() => void)[];
}

function commitHooks() {
  const pending = new AsyncLocalStorage<PendingCommit>();
  return {
    /**
     * Runs `fn` in a transaction that `begin` opens, so that work registered inside it with
     * beforeCommit runs at its end (in it, committed or rolled back with the rest) and callbacks
     * registered with afterCommit run after it commits.
     */
    async run<T>(begin: (body: (tx: Db) => Promise<T>) => Promise<T>, fn: (tx: Db) => Promise<T>): Promise<T> {
      const hooks: PendingCommit = { before: [], after: [] };
      const result = await pending.run(hooks, () =>
        begin(async (tx) => {
          const value = await fn(tx);
          // Work may register more work: run until none is left.
          for (let i = 0; i < hooks.before.length; i++) await hooks.before[i]!();
          return value;
        }),
      );
      for (const hook of hooks.after) {
        // The data is committed whatever a hook does: its failure must not look like the transaction's.
        try {
          hook();
        } catch (error) {
          process.emitWarning(error as Error);
        }
      }
      return result;
    },
    beforeCommit(fn: () => Promise<void>): boolean {
      const hooks = pending.getStore();
      if (!hooks) return false;
      hooks.before.push(fn);
      return true;
    },
    afterCommit(fn: () => void): void {
      const hooks = pending.getStore();
      if (hooks) hooks.after.push(fn);
      else fn();
    },
  };
}

/** Each open transaction's handle, and the database handle it was opened on (platform/memo.ts). */
const outerHandles = new WeakMap<object, Db>();

/** The database handle `handle` is a transaction of; undefined when it is no transaction of ours. */
export function outerHandleOf(handle: Db): Db | undefined {
  return outerHandles.get(handle);
}

function openedOn(tx: unknown, db: unknown): Db {
  outerHandles.set(tx as object, db as Db);
  return tx as Db;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const insideTx = new AsyncLocalStorage<true>();
  const hooks = commitHooks();
  if (options.url) {
    const pool = preparingPool({
      connectionString: options.url,
      max: options.poolSize ?? 20,
      connectionTimeoutMillis: 5000,
    });
    // An idle client that loses its server must not crash the process.
    pool.on('error', () => {});
    const db = drizzlePg({ client: guardOuterClient(pool, ['query', 'connect'], insideTx) });
    return {
      kind: 'postgres',
      db: db as unknown as Db,
      transaction: (fn) => hooks.run((body) => db.transaction((tx) => insideTx.run(true, () => body(openedOn(tx, db)))), fn),
      afterCommit: hooks.afterCommit,
      beforeCommit: hooks.beforeCommit,
      pglite: undefined,
      connectionString: options.url,
      close: () => pool.end(),
    };
  }
  const client = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    extensions: pgliteExtensions,
  });
  const db = drizzlePglite({
    client: guardOuterClient(client, ['query', 'exec', 'transaction', 'sql'], insideTx),
  });
  return {
    kind: 'pglite',
    db: db as unknown as Db,
    transaction: (fn) => hooks.run((body) => db.transaction((tx) => insideTx.run(true, () => body(openedOn(tx, db)))), fn),
    afterCommit: hooks.afterCommit,
    beforeCommit: hooks.beforeCommit,
    pglite: client,
    connectionString: undefined,
    close: () => client.close(),
  };
}

/** Runs raw SQL and returns its rows, whatever the driver's result shape. */
export async function rows<T extends Record<string, unknown>>(handle: Db, query: SQL): Promise<T[]> {
  const result = (await handle.execute(query)) as unknown as { rows: T[] } | T[];
  return Array.isArray(result) ? result : result.rows;
}

/** A write drizzle can build: an insert, update or delete without `returning`. */
interface Write extends PromiseLike<unknown> {
  toSQL(): { sql: string; params: unknown[] };
}

/**
 * Makes `write` in the transaction `tx` without waiting for its answer, when the driver can:
 * on PostgreSQL, inside a transaction, it goes out with the transaction's next statement or its
 * commit, in the same round trip (platform/db/prepared.ts); elsewhere it is run and awaited
 * here. Either way it runs in its place in the transaction's order. A deferred write that fails
 * fails the statement it went out with, and the transaction: defer only writes whose answer
 * nobody reads and whose failure is not caught on its own (a unique key that means "already
 * there" must be written and awaited).
 */
export async function deferWrite(tx: Db, write: Write): Promise<void> {
  if (!deferOn(tx, () => write.toSQL())) await write;
}

/**
 * deferWrite for a statement a library writes in SQL with `$1` parameters (the job queue's):
 * answers true when it is deferred, false when the caller must run it.
 */
export function deferSql(tx: Db, text: string, params: readonly unknown[]): boolean {
  return deferOn(tx, () => ({ sql: text, params }));
}

function deferOn(tx: Db, statement: () => StatementText): boolean {
  // drizzle keeps a transaction's driver client on its session; PGlite's, and a pool outside a transaction, cannot defer.
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client;
  return deferStatement(client, statement);
}

/**
 * A statement built once per database handle, for the reads every checkout step repeats:
 * drizzle builds a statement's text anew at each call (25 µs for a one-table select, 40 µs for
 * a cart's lines with their variants, measured here on a quiet machine; several times that
 * when the cores are busy). `build` makes the query with `sql.placeholder(…)` for its
 * values and `.prepare(name)`s it (a unique name: PostgreSQL prepares it under that name on
 * each connection); run it with `.execute({ … })`. A transaction's handle is new each time,
 * so in a transaction the statement is built for that one use, as any other.
 */
export function builtOnce<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<object, T>();
  return (db) => {
    let query = built.get(db);
    if (query === undefined) built.set(db, (query = build(db)));
    return query;
  };
}

/**
 * One field of every item as a single array parameter, for `unnest(…)`: write it with its cast
 * (`${arrayOf(parcels, (p) => p.id)}::uuid[]`). A statement over many rows then has one text
 * whatever their number, so it is prepared once.
 */
export function arrayOf<T>(list: readonly T[], pick: (item: T) => unknown): SQL {
  return sql`${sql.param(list.map(pick))}`;
}
