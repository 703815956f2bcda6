// Live updates between the store's processes and the browsers they serve. A module publishes
// a small message on a topic ("stock:<variantId>") once its change has committed; every
// process hears it and hands it to its subscribers (the open server-sent-event streams).
// On PostgreSQL the messages travel by LISTEN/NOTIFY, so several instances behind a load
// balancer hear each other; on PGlite one process owns the data, so they stay in process.
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';

/** The one NOTIFY channel every process listens on. */
export const LIVE_CHANNEL = 'doorstep_live';
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
export const MAX_PAYLOAD_BYTES = 7999;

const TOPIC = /^[a-z][a-z-]{0,31}:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Messages carry ids and small facts, never personal data: anyone may follow a public topic. */
export type LiveData = Record<string, unknown>;
export type LiveListener = (data: LiveData) => void;

export interface Live {
  /**
   * Sends `data` to every subscriber of `topic` in every process. Call it once the change has
   * committed (`database.afterCommit(() => live.publish(…))`): a message about a change that
   * rolled back would send browsers to fetch figures that never existed.
   */
  publish(topic: string, data: LiveData): void;
  /** Returns the function that unsubscribes. */
  subscribe(topic: string, listener: LiveListener): () => void;
  /** Resolves once messages published from now on reach this process (on PostgreSQL: it is listening). */
  ready(): Promise<void>;
  /** Called when messages may have been missed (the listening connection dropped and is back). */
  onGap(listener: () => void): () => void;
  /** Lets anyone follow topics of this kind ("stock" for "stock:<id>"). */
  allowPublic(kind: string): void;
  /** Whether a browser may follow this topic: a well-formed "<kind>:<uuid>" of a public kind. */
  isPublic(topic: string): boolean;
  close(): Promise<void>;
}

/** Subscribers of this process, by topic. */
class Hub {
  readonly #topics = new Map<string, Set<LiveListener>>();
  readonly #gapListeners = new Set<() => void>();
  readonly #public = new Set<string>();
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
  }

  subscribe(topic: string, listener: LiveListener): () => void {
    const listeners = this.#topics.get(topic) ?? new Set();
    listeners.add(listener);
    this.#topics.set(topic, listeners);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.#topics.get(topic) === listeners) this.#topics.delete(topic);
    };
  }

  dispatch(topic: string, data: LiveData): void {
    for (const listener of [...(this.#topics.get(topic) ?? [])]) this.#guarded(() => listener(data));
  }

  onGap(listener: () => void): () => void {
    this.#gapListeners.add(listener);
    return () => this.#gapListeners.delete(listener);
  }

  gap(): void {
    for (const listener of [...this.#gapListeners]) this.#guarded(listener);
  }

  allowPublic(kind: string): void {
    this.#public.add(kind);
  }

  isPublic(topic: string): boolean {
    return TOPIC.test(topic) && this.#public.has(topic.slice(0, topic.indexOf(':')));
  }

  /** One subscriber's failure must not keep the message from the others. */
  #guarded(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.#log.error({ err: error }, 'live update subscriber failed');
    }
  }
}

/** The message as it travels: JSON, small enough for NOTIFY. Throws on a misuse (a caller's bug). */
function encode(topic: string, data: LiveData): string {
  if (!/^[a-z][a-z-]{0,31}:\S{1,200}$/.test(topic)) throw new RangeError(`Not a live topic: ${topic.slice(0, 80)}`);
  const payload = JSON.stringify({ topic, data });
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) throw new RangeError(`Live message on ${topic} is over ${MAX_PAYLOAD_BYTES} bytes: send ids, not content`);
  return payload;
}

function decode(payload: string): { topic: string; data: LiveData } | null {
  try {
    const message = JSON.parse(payload) as { topic?: unknown; data?: unknown };
    if (typeof message.topic !== 'string' || typeof message.data !== 'object' || message.data === null) return null;
    return { topic: message.topic, data: message.data as LiveData };
  } catch {
    return null;
  }
}

export interface LiveOptions {
  database: Database;
  log: Logger;
  /** First delay before reconnecting the listener; doubles per failure up to 30 s. */
  reconnectBaseMs?: number;
}

export function createLive(options: LiveOptions): Live {
  return options.database.kind === 'postgres' ? postgresLive(options) : inProcessLive(options.log);
}

/** PGlite: the data directory admits one process, so every subscriber is in it. */
function inProcessLive(log: Logger): Live {
  const hub = new Hub(log);
  return {
    publish(topic, data) {
      // Through JSON as on PostgreSQL, so subscribers get a copy with the same shape on both.
      const message = decode(encode(topic, data))!;
      queueMicrotask(() => hub.dispatch(message.topic, message.data));
    },
    subscribe: (topic, listener) => hub.subscribe(topic, listener),
    ready: () => Promise.resolve(),
    onGap: (listener) => hub.onGap(listener),
    allowPublic: (kind) => hub.allowPublic(kind),
    isPublic: (topic) => hub.isPublic(topic),
    close: () => Promise.resolve(),
  };
}

/**
 * PostgreSQL: NOTIFY through the pool; one dedicated connection per process LISTENs, opened
 * when the first subscriber arrives and reopened with backoff when it drops.
 */
function postgresLive({ database, log, reconnectBaseMs = 500 }: LiveOptions): Live {
  const hub = new Hub(log);
  const pending = new Set<Promise<unknown>>();
  let client: pg.Client | null = null;
  let connecting: Promise<void> | null = null;
  let connected = false;
  let everConnected = false;
  let failures = 0;
  let retry: NodeJS.Timeout | null = null;
  let closed = false;
  let waiters: (() => void)[] = [];

  let batch: string[] = [];

  function flush(): void {
    const payloads = batch;
    batch = [];
    const sent = database.db
      .execute(sql`select pg_notify(${LIVE_CHANNEL}, payload) from unnest(${sql.param(payloads)}::text[]) with ordinality as m(payload, n) order by n`)
      .then(
        () => {},
        (error: Error) => log.warn({ err: { message: error.message }, messages: payloads.length }, 'live updates not sent'),
      );
    pending.add(sent);
    void sent.finally(() => pending.delete(sent));
  }

  function listen(): Promise<void> {
    if (connected || closed) return Promise.resolve();
    const waiting = new Promise<void>((resolve) => waiters.push(resolve));
    if (!connecting && !retry) connecting = connect();
    return waiting;
  }

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: database.connectionString, connectionTimeoutMillis: 5000 });
    next.on('notification', (message) => {
      if (message.channel !== LIVE_CHANNEL || !message.payload) return;
      const decoded = decode(message.payload);
      if (decoded) hub.dispatch(decoded.topic, decoded.data);
    });
    // A connection that fails later (server restart, network) is replaced; the error itself is expected.
    next.on('error', (error) => lost(next, error));
    next.on('end', () => lost(next, null));
    try {
      await next.connect();
      await next.query(`LISTEN ${LIVE_CHANNEL}`);
    } catch (error) {
      connecting = null;
      next.removeAllListeners('end');
      next.end().catch(() => {});
      if (!closed) schedule(error as Error);
      return;
    }
    connecting = null;
    if (closed) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
    connected = true;
    failures = 0;
    if (everConnected) {
      log.info('live updates: listening again');
      hub.gap();
    }
    everConnected = true;
    for (const resolve of waiters) resolve();
    waiters = [];
  }

  function lost(which: pg.Client, error: Error | null): void {
    if (which !== client) return;
    client = null;
    connected = false;
    which.removeAllListeners('end');
    which.end().catch(() => {});
    if (!closed) schedule(error ?? new Error('connection ended'));
  }

  function schedule(error: Error): void {
    failures++;
    const delay = Math.min(30_000, reconnectBaseMs * 2 ** (failures - 1));
    log.warn({ err: { message: error.message }, retryInMs: delay }, 'live updates: listening connection lost; reconnecting');
    retry = setTimeout(() => {
      retry = null;
      if (!closed) connecting = connect();
    }, delay);
    retry.unref();
  }

  return {
    publish(topic, data) {
      const payload = encode(topic, data);
      // Messages published in the same tick (a bulk stock change) go in one round trip.
      if (batch.length === 0) queueMicrotask(flush);
      batch.push(payload);
    },
    subscribe(topic, listener) {
      void listen();
      return hub.subscribe(topic, listener);
    },
    ready: listen,
    onGap: (listener) => hub.onGap(listener),
    allowPublic: (kind) => hub.allowPublic(kind),
    isPublic: (topic) => hub.isPublic(topic),
    async close() {
      closed = true;
      if (batch.length) flush();
      if (retry) clearTimeout(retry);
      for (const resolve of waiters) resolve();
      waiters = [];
      await Promise.allSettled([...pending]);
      await connecting;
      const open = client;
      client = null;
      connected = false;
      if (open) {
        open.removeAllListeners('end');
        await open.end().catch(() => {});
      }
    },
  };
}
