// Typed domain events over the transactional outbox. A module defines its events as
// constants (so a listener can never subscribe to a name that is never emitted), publishes
// them with the transaction handle of the change they describe, and other modules subscribe
// handlers by name. Each handler gets its own queue, its own retries and its own
// exactly-once record.
import { sql } from 'drizzle-orm';
import type { Clock } from '../clock.ts';
import { deferWrite, type Db, type Database } from '../db/database.ts';
import { newId } from '../ids.ts';
import type { Jobs, QueueDefinition } from '../jobs/jobs.ts';
import { domainEvents, handledEvents } from './schema.ts';

/** Payloads carry ids and small facts, never personal data. */
export type EventPayload = Record<string, string | number | boolean | null | string[]>;

export interface EventType<P extends EventPayload> {
  readonly name: string;
  /** Type-level only: carries the payload type. */
  readonly _payload?: P;
}

export function defineEvent<P extends EventPayload>(name: string): EventType<P> {
  return Object.freeze({ name });
}

export interface DomainEvent<P extends EventPayload> {
  id: string;
  type: string;
  payload: P;
  actor: string;
  occurredAt: string;
}

export type EventHandler<P extends EventPayload> = (event: DomainEvent<P>, tx: Db) => Promise<void>;

interface Subscription {
  handlerName: string;
  queue: string;
}

export class Events {
  readonly #jobs: Jobs;
  readonly #database: Database;
  readonly #clock: Clock;
  readonly #subscriptions = new Map<string, Subscription[]>();
  /** Events published in a transaction not yet at its end, by the transaction's handle. */
  readonly #outboxes = new WeakMap<Db, DomainEvent<EventPayload>[]>();

  constructor(jobs: Jobs, database: Database, clock: Clock) {
    this.#jobs = jobs;
    this.#database = database;
    this.#clock = clock;
  }

  /**
   * Subscribes a handler. `handlerName` is stable and unique (e.g. "notifications.order-recorded"):
   * it names the handler's queue and its exactly-once records. The handler runs in a
   * transaction; its changes and the "handled" record commit together, so a handler that
   * throws is retried with backoff and one that succeeded is never run again for that event.
   */
  subscribe<P extends EventPayload>(
    type: EventType<P>,
    handlerName: string,
    handler: EventHandler<P>,
    definition?: QueueDefinition,
  ): void {
    const queue = `event.${handlerName}`;
    this.#jobs.define<DomainEvent<P>>(queue, (event) => this.#deliver(handlerName, event, handler), definition);
    const list = this.#subscriptions.get(type.name) ?? [];
    list.push({ handlerName, queue });
    this.#subscriptions.set(type.name, list);
  }

  /**
   * Records the event and enqueues it for every subscribed handler, all inside `tx`: if the
   * transaction rolls back, the event never happened and nobody hears of it. Inside a
   * transaction the events are written at its end, all of them in one statement and each
   * handler's jobs in one more, instead of one statement per event and per handler.
   */
  async publish<P extends EventPayload>(tx: Db, type: EventType<P>, payload: P, actor = 'system'): Promise<string> {
    const event: DomainEvent<P> = {
      id: newId(),
      type: type.name,
      payload,
      actor,
      occurredAt: this.#clock.now().toISOString(),
    };
    let outbox = this.#outboxes.get(tx);
    if (!outbox) {
      const gathered: DomainEvent<EventPayload>[] = [];
      const deferred = this.#database.beforeCommit(() => {
        this.#outboxes.delete(tx);
        return this.#write(tx, gathered);
      });
      if (!deferred) {
        await this.#write(tx, [event]);
        return event.id;
      }
      this.#outboxes.set(tx, (outbox = gathered));
    }
    outbox.push(event);
    return event.id;
  }

  /** Writes events and their handlers' jobs: one statement for the events, one per handler queue, deferred to go out with the commit. */
  async #write(tx: Db, events: readonly DomainEvent<EventPayload>[]): Promise<void> {
    await deferWrite(tx, tx.insert(domainEvents).values(
      events.map((event) => ({ id: event.id, type: event.type, payload: event.payload, actor: event.actor, occurredAt: new Date(event.occurredAt) })),
    ));
    const jobs = new Map<string, DomainEvent<EventPayload>[]>();
    for (const event of events) {
      for (const { queue } of this.#subscriptions.get(event.type) ?? []) {
        const list = jobs.get(queue) ?? [];
        list.push(event);
        jobs.set(queue, list);
      }
    }
    for (const [queue, list] of jobs) await this.#jobs.sendMany(tx, queue, list);
  }

  /** Runs one handler for one event at most once, whatever the number of deliveries. */
  async #deliver<P extends EventPayload>(handlerName: string, event: DomainEvent<P>, handler: EventHandler<P>): Promise<void> {
    await this.#database.transaction(async (tx) => {
      const claimed = await tx
        .insert(handledEvents)
        .values({ eventId: event.id, handler: handlerName })
        .onConflictDoNothing()
        .returning({ eventId: handledEvents.eventId });
      if (claimed.length === 0) return; // already handled: a redelivery
      await handler(event, tx);
    });
  }

  /** Events of a type, oldest first (for timelines and tests). */
  async history(handle: Db, typeName: string, limit = 100): Promise<DomainEvent<EventPayload>[]> {
    const found = await handle
      .select()
      .from(domainEvents)
      .where(sql`${domainEvents.type} = ${typeName}`)
      .orderBy(domainEvents.occurredAt)
      .limit(limit);
    return found.map((row) => ({
      id: row.id,
      type: row.type,
      payload: row.payload as EventPayload,
      actor: row.actor,
      occurredAt: row.occurredAt.toISOString(),
    }));
  }
}
