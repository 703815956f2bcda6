// Server-side prepared statements for the queries the store repeats. A statement sent
// unnamed is parsed, analysed and planned by PostgreSQL every time; named, each connection
// does that once and then only binds and runs it (PostgreSQL still re-plans while a custom
// plan pays, and on any schema change). Measured on a checkout hold, parsing and planning
// were a large share of PostgreSQL's CPU, which shares the machine with the store.
//
// Statements are named by their text the second time it is seen, so one-off texts (a bulk
// insert of an unusual length) name nothing. Names are capped: each connection keeps every
// statement it prepared until it closes, and the cap bounds that memory on the server.
// (A pooler between the store and PostgreSQL must pass named statements through: PgBouncer
// does from 1.21 with `max_prepared_statements` set.)
//
// A transaction's `begin` is not a round trip of its own: it waits, and goes out in the same
// write as the transaction's first statement, ahead of it and before the one Sync that ends
// both (PostgreSQL's extended protocol runs the messages in order; node-postgres sends a
// statement only once the previous one is answered, so drizzle's `begin` would otherwise cost
// a write, a wake-up of the backend and an answer of its own). Each round trip to PostgreSQL
// is the largest cost of a checkout step here, and every transaction of the order flow saves one.
import pg from 'pg';

/** The most distinct statements named; later texts run unnamed. */
const MAX_NAMED = 500;
/** Texts seen once are remembered up to this many, then forgotten together. */
const MAX_SEEN_ONCE = 5_000;
/** Longer texts are generated (bulk writes) and rarely repeat exactly. */
const MAX_TEXT_LENGTH = 10_000;

export class StatementNames {
  readonly #names = new Map<string, string>();
  #seenOnce = new Set<string>();

  /** The name to prepare `text` under, or undefined to send it unnamed. */
  nameFor(text: string): string | undefined {
    const known = this.#names.get(text);
    if (known || text.length > MAX_TEXT_LENGTH || this.#names.size >= MAX_NAMED) return known;
    if (!this.#seenOnce.has(text)) {
      if (this.#seenOnce.size >= MAX_SEEN_ONCE) this.#seenOnce = new Set();
      this.#seenOnce.add(text);
      return undefined;
    }
    this.#seenOnce.delete(text);
    const name = `s${this.#names.size + 1}`;
    this.#names.set(text, name);
    return name;
  }

  get size(): number {
    return this.#names.size;
  }
}

interface QueryConfigLike {
  text?: unknown;
  name?: unknown;
  values?: unknown;
  submit?: unknown;
}

/** The name `begin` is prepared under on each connection: once prepared, it is sent without its text, and answered without a ParseComplete. */
const BEGIN = { name: 'doorstep_begin', text: 'begin' };

/** What drizzle is told of a `begin` kept back, or of a transaction ended before anything was sent. */
const nothingSent = (command: string) => Promise.resolve({ command, rowCount: null, oid: null, rows: [], fields: [] });

/**
 * A statement with the transaction's `begin` in front of it, in one write: the begin's Bind and
 * Execute (by its prepared name), then the statement's own messages and its Sync. PostgreSQL
 * answers the begin's BindComplete and CommandComplete first; the client ignores the one and
 * this query swallows the other, so the statement's answer is its own.
 */
class BegunQuery extends pg.Query {
  #beginAnswered = false;

  constructor(config: QueryConfigLike, values: unknown, callback: (error: Error | null, result?: unknown) => void) {
    // pg.Query's constructor takes what pg.Client.query does; its types know only part of it.
    super(config as pg.QueryConfig, values as unknown[], callback as never);
  }

  // pg's types declare submit as a property; pg calls it as a method and reads an Error it returns.
  override submit = (connection: pg.Connection): void => {
    const wire = connection as unknown as Connection;
    wire.stream.cork();
    try {
      wire.bind({ portal: '', statement: BEGIN.name, values: [] });
      wire.execute({ portal: '', rows: 0 });
      return (pg.Query.prototype as unknown as { submit(c: pg.Connection): void }).submit.call(this, connection);
    } finally {
      wire.stream.uncork();
    }
  };

  handleCommandComplete(message: unknown, connection: unknown): void {
    if (!this.#beginAnswered) {
      this.#beginAnswered = true;
      return;
    }
    (pg.Query.prototype as unknown as { handleCommandComplete(m: unknown, c: unknown): void }).handleCommandComplete.call(this, message, connection);
  }
}

/** The parts of pg's connection a BegunQuery writes with (pg's types leave them out). */
interface Connection {
  stream: { cork(): void; uncork(): void };
  parsedStatements: Record<string, string | undefined>;
  bind(message: { portal: string; statement: string; values: unknown[] }): void;
  execute(message: { portal: string; rows: number }): void;
}

/** `config` is the plain command `word` (begin, commit, rollback): no name, no parameters, no options. */
function isBare(config: unknown, values: unknown, word: string): boolean {
  if (values !== undefined && !(Array.isArray(values) && values.length === 0)) return false;
  if (typeof config === 'string') return config.trim().toLowerCase() === word;
  if (typeof config !== 'object' || config === null) return false;
  const query = config as QueryConfigLike;
  return query.submit === undefined && query.name === undefined && typeof query.text === 'string' && query.text.trim().toLowerCase() === word && !hasValues(query.values);
}

/**
 * A pg.Pool whose clients name the statements they repeat and send a transaction's `begin`
 * with its first statement. The names are shared by every client of the pool (each prepares a
 * statement on its own connection the first time it runs it).
 */
export function preparingPool(config: pg.PoolConfig): pg.Pool {
  const names = new StatementNames();
  class PreparingClient extends pg.Client {
    /** A `begin` asked for and not sent yet. */
    #beginWaiting = false;

    /** A new holder of the client starts with no begin waiting (drizzle always ends what it begins; this is the belt to those braces). */
    forgetWaitingBegin(): void {
      this.#beginWaiting = false;
    }

    // pg.Client.query's overloads cannot be re-declared one by one; the arguments pass through as they came.
    override query(...args: unknown[]): never {
      const [first, ...rest] = args;
      const send = (...a: unknown[]) => (super.query as (...b: unknown[]) => never).call(this, ...a);
      const promised = typeof rest.at(-1) !== 'function';
      if (promised && isBare(first, rest[0], 'begin') && !this.#beginWaiting) {
        this.#beginWaiting = true;
        return nothingSent('BEGIN') as never;
      }
      if (this.#beginWaiting) {
        this.#beginWaiting = false;
        // Begun and ended with nothing in between: nothing to send for either.
        for (const end of ['commit', 'rollback']) if (promised && isBare(first, rest[0], end)) return nothingSent(end.toUpperCase()) as never;
        const named = namedConfig(names, first, rest[0]) as QueryConfigLike;
        const values = rest[0] ?? (named as QueryConfigLike | null)?.values;
        const connection = (this as unknown as { connection: Connection }).connection;
        // Only a statement of the extended protocol can carry it, and only once `begin` is prepared on this connection.
        if (promised && rest.length <= 1 && typeof named === 'object' && named !== null && named.submit === undefined && Array.isArray(values) && values.length > 0 && connection.parsedStatements[BEGIN.name] !== undefined) {
          const config = { ...named, values };
          return new Promise((resolve, reject) => send(new BegunQuery(config, values, (error, result) => (error ? reject(error) : resolve(result))))) as never;
        }
        // Otherwise it goes first, on its own (and is prepared for the next time); node-postgres
        // sends in order. Its answer is not awaited: a begin fails only with its connection, and
        // the statement queued behind it then fails too, which is what the caller hears.
        (send(BEGIN, []) as unknown as Promise<unknown>).catch(() => {});
      }
      return send(namedConfig(names, first, rest[0]), ...rest);
    }
  }
  const pool = new pg.Pool({ ...config, Client: PreparingClient });
  pool.on('acquire', (client) => (client as unknown as PreparingClient).forgetWaitingBegin());
  return pool;
}

const hasValues = (values: unknown) => Array.isArray(values) && values.length > 0;

function namedConfig(names: StatementNames, config: unknown, values: unknown): unknown {
  if (typeof config === 'string') {
    const name = hasValues(values) ? names.nameFor(config) : undefined;
    return name ? { text: config, name } : config;
  }
  if (typeof config !== 'object' || config === null) return config;
  const query = config as QueryConfigLike;
  // A Submittable (a cursor, a stream) manages its own protocol; a named query already has a
  // name. A text without parameters goes by the simple protocol, which allows several
  // statements in one text (a migration): naming it would refuse those.
  if (typeof query.text !== 'string' || query.name !== undefined || typeof query.submit === 'function') return config;
  if (!hasValues(values) && !hasValues(query.values)) return config;
  const name = names.nameFor(query.text);
  return name ? { ...query, name } : config;
}
