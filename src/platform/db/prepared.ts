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

/**
 * A pg.Pool whose clients name the statements they repeat. The names are shared by every
 * client of the pool (each prepares a statement on its own connection the first time it runs it).
 */
export function preparingPool(config: pg.PoolConfig): pg.Pool {
  const names = new StatementNames();
  class PreparingClient extends pg.Client {
    // pg.Client.query's overloads cannot be re-declared one by one; the arguments pass through as they came.
    override query(...args: unknown[]): never {
      const [first, ...rest] = args;
      const named = namedConfig(names, first, rest[0]);
      return (super.query as (...a: unknown[]) => never).call(this, named, ...rest);
    }
  }
  return new pg.Pool({ ...config, Client: PreparingClient });
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
