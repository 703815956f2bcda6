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
//
// For the same reason a transaction's writes whose answer nobody reads (an order's rows, its
// history, the outbox's events and jobs) can be deferred (`deferStatement`): they wait, and go
// out ahead of the transaction's next statement or its commit, in the same write, by their
// prepared names. Placing an order writes six such rows; with the commit they are one round trip.
import pg from 'pg';
import pgUtils from 'pg/lib/utils.js';

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

/** A statement already prepared on the connection, to be run ahead of another one in the same write: its name and its values. */
interface Leading {
  statement: string;
  values: unknown[];
}

/** What drizzle is told of a `begin` kept back, or of a transaction ended before anything was sent. */
const nothingSent = (command: string) => Promise.resolve({ command, rowCount: null, oid: null, rows: [], fields: [] });

/**
 * A statement with others in front of it, in one write: each leading statement's Bind and
 * Execute (by its prepared name), then the statement's own messages and its Sync; or, with no
 * statement of its own, the leading ones and a Sync. PostgreSQL runs them in order and answers
 * once; this query swallows the leading statements' answers (the client ignores their
 * BindComplete), so its answer is its own. When a leading statement fails, PostgreSQL skips the
 * rest up to the Sync, and its error is this query's.
 */
class LeadingQuery extends pg.Query {
  readonly #leading: readonly Leading[];
  readonly #ownStatement: boolean;
  /** Leading statements whose CommandComplete has not come yet. */
  #unanswered: number;

  constructor(leading: readonly Leading[], config: QueryConfigLike | undefined, values: unknown, callback: (error: Error | null, result?: unknown) => void) {
    // pg.Query's constructor takes what pg.Client.query does; its types know only part of it.
    super((config ?? { text: 'leading statements' }) as pg.QueryConfig, values as unknown[], callback as never);
    this.#leading = leading;
    this.#ownStatement = config !== undefined;
    this.#unanswered = leading.length;
  }

  // pg's types declare submit as a property; pg calls it as a method and reads an Error it returns.
  override submit = (connection: pg.Connection): Error | null => {
    const wire = connection as unknown as Connection;
    wire.stream.cork();
    try {
      for (const { statement, values } of this.#leading) {
        wire.bind({ portal: '', statement, values });
        wire.execute({ portal: '', rows: 0 });
      }
      if (this.#ownStatement) return (pg.Query.prototype as unknown as { submit(c: pg.Connection): Error | null }).submit.call(this, connection);
      wire.sync();
      return null;
    } finally {
      wire.stream.uncork();
    }
  };

  handleDataRow(message: unknown): void {
    if (this.#unanswered > 0) return;
    (pg.Query.prototype as unknown as { handleDataRow(m: unknown): void }).handleDataRow.call(this, message);
  }

  handleCommandComplete(message: unknown, connection: unknown): void {
    if (this.#unanswered > 0) {
      this.#unanswered--;
      return;
    }
    (pg.Query.prototype as unknown as { handleCommandComplete(m: unknown, c: unknown): void }).handleCommandComplete.call(this, message, connection);
  }
}

/** The parts of pg's connection a LeadingQuery writes with (pg's types leave them out). */
interface Connection {
  stream: { cork(): void; uncork(): void };
  parsedStatements: Record<string, string | undefined>;
  bind(message: { portal: string; statement: string; values: unknown[] }): void;
  execute(message: { portal: string; rows: number }): void;
  sync(): void;
}

/** `config` is the plain command `word` (begin, commit, rollback): no name, no parameters, no options. */
function isBare(config: unknown, values: unknown, word: string): boolean {
  if (values !== undefined && !(Array.isArray(values) && values.length === 0)) return false;
  if (typeof config === 'string') return config.trim().toLowerCase() === word;
  if (typeof config !== 'object' || config === null) return false;
  const query = config as QueryConfigLike;
  return query.submit === undefined && query.name === undefined && typeof query.text === 'string' && query.text.trim().toLowerCase() === word && !hasValues(query.values);
}

/** How a client of the preparing pool takes a write to send later (see deferStatement). */
const DEFER = Symbol('defer');

/** A statement's text and its values, as drizzle's `toSQL()` gives them. */
export interface StatementText {
  sql: string;
  params: readonly unknown[];
}

interface Deferring {
  [DEFER](statement: () => StatementText): boolean;
}

/**
 * Keeps a write back, to go out in one write with the transaction's next statement or its
 * commit, when `client` is one of a preparing pool's, in a transaction, and has the statement
 * prepared; answers false otherwise, and the caller runs it itself. `statement` is asked for
 * only when the client can defer. PostgreSQL runs the write in its place in the transaction's
 * order; if it fails, the statement it went out with fails with its error, and the transaction
 * with it. So only a write whose answer nobody reads and whose failure nobody catches on its
 * own may be deferred.
 */
export function deferStatement(client: unknown, statement: () => StatementText): boolean {
  return typeof client === 'object' && client !== null && DEFER in client && (client as Deferring)[DEFER](statement);
}

/**
 * A pg.Pool whose clients name the statements they repeat, send a transaction's `begin` with its
 * first statement, and send deferred writes with the statement after them. The names are shared
 * by every client of the pool (each prepares a statement on its own connection the first time
 * it runs it).
 */
export function preparingPool(config: pg.PoolConfig): pg.Pool {
  const names = new StatementNames();
  class PreparingClient extends pg.Client implements Deferring {
    /** A transaction is open: begun, not yet committed or rolled back. */
    #open = false;
    /** Its `begin` is asked for and not sent yet. */
    #beginWaiting = false;
    /** Writes kept back for the next statement. */
    #deferred: Leading[] = [];

    /** A new holder of the client starts outside any transaction (drizzle always ends what it begins; this is the belt to those braces). */
    startAfresh(): void {
      this.#open = false;
      this.#beginWaiting = false;
      this.#deferred = [];
    }

    get #wire(): Connection {
      return (this as unknown as { connection: Connection }).connection;
    }

    [DEFER](statement: () => StatementText): boolean {
      if (!this.#open) return false;
      const { sql: text, params: values } = statement();
      if (values.length === 0) return false;
      const name = names.nameFor(text);
      // Only a prepared statement can be sent by name alone; the first run on each connection prepares it.
      if (name === undefined || this.#wire.parsedStatements[name] !== text) return false;
      // Mapped now, as pg does when it binds: a value it cannot send fails the call that deferred it.
      this.#deferred.push({ statement: name, values: values.map((value) => pgUtils.prepareValue(value)) });
      return true;
    }

    /** What goes out ahead of the next statement: the begin kept back (when prepared here; otherwise it is sent now, on its own) and the deferred writes. */
    #takeLeading(send: (...a: unknown[]) => never): Leading[] {
      const leading: Leading[] = [];
      if (this.#beginWaiting) {
        this.#beginWaiting = false;
        if (this.#wire.parsedStatements[BEGIN.name] !== undefined) leading.push({ statement: BEGIN.name, values: [] });
        // Its answer is not awaited: a begin fails only with its connection, and the statement
        // queued behind it then fails too, which is what the caller hears. Sent, it is prepared for the next time.
        else (send(BEGIN, []) as unknown as Promise<unknown>).catch(() => {});
      }
      leading.push(...this.#deferred);
      this.#deferred = [];
      return leading;
    }

    // pg.Client.query's overloads cannot be re-declared one by one; the arguments pass through as they came.
    override query(...args: unknown[]): never {
      const [first, ...rest] = args;
      const send = (...a: unknown[]) => (super.query as (...b: unknown[]) => never).call(this, ...a);
      const promised = typeof rest.at(-1) !== 'function';
      const bare = (word: string) => promised && isBare(first, rest[0], word);
      if (bare('begin') && !this.#open) {
        this.#open = this.#beginWaiting = true;
        return nothingSent('BEGIN') as never;
      }
      const commit = bare('commit');
      const rollback = bare('rollback');
      if (commit || rollback) {
        this.#open = false;
        // A rollback undoes the deferred writes: they need not go at all.
        if (rollback) this.#deferred = [];
        // Begun and ended with nothing in between: nothing to send for either.
        if (this.#beginWaiting && this.#deferred.length === 0) {
          this.#beginWaiting = false;
          return nothingSent(commit ? 'COMMIT' : 'ROLLBACK') as never;
        }
      }
      const leading = this.#takeLeading(send);
      if (leading.length === 0) return send(namedConfig(names, first, rest[0]), ...rest);
      const answer = (query: (done: (error: Error | null, result?: unknown) => void) => pg.Query) =>
        new Promise((resolve, reject) => send(query((error, result) => (error ? reject(error) : resolve(result)))));
      // A commit after deferred writes goes with them, by the extended protocol (which runs one statement a message).
      if (commit) return answer((done) => new LeadingQuery(leading, { text: 'commit', queryMode: 'extended' } as QueryConfigLike, [], done)) as never;
      const named = namedConfig(names, first, rest[0]) as QueryConfigLike;
      const values = rest[0] ?? (named as QueryConfigLike | null)?.values;
      // Only a statement of the extended protocol can carry them.
      if (promised && rest.length <= 1 && typeof named === 'object' && named !== null && named.submit === undefined && Array.isArray(values) && values.length > 0) {
        return answer((done) => new LeadingQuery(leading, { ...named, values }, values, done)) as never;
      }
      // Otherwise they go first, on their own; a promised statement waits for them so that their failure is what its caller hears.
      const sent = answer((done) => new LeadingQuery(leading, undefined, [], done));
      if (promised) return sent.then(() => send(named, ...rest)) as never;
      sent.catch(() => {});
      return send(named, ...rest);
    }
  }
  const pool = new pg.Pool({ ...config, Client: PreparingClient });
  pool.on('acquire', (client) => (client as unknown as PreparingClient).startAfresh());
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
