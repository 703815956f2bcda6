// Background work, retries, schedules and dead letters, on pg-boss. The same queue runs on
// PostgreSQL (several instances share it without double work: jobs are fetched with
// SKIP LOCKED) and on embedded PGlite (through pg-boss's PGlite adapter).
import { sql } from 'drizzle-orm';
import { PgBoss, fromDrizzle, fromPglite, type JobResult } from 'pg-boss';
import type { Logger } from 'pino';
import type { Database, Db } from '../db/database.ts';
import { deferSql, rows } from '../db/database.ts';
import type { QueueDepth } from '../metrics.ts';

export interface JobContext {
  jobId: string;
  retryCount: number;
}

export type JobHandler<T> = (data: T, context: JobContext) => Promise<void>;

export interface QueueDefinition {
  /** How often a failing job is tried again before it is dead-lettered. */
  retryLimit?: number;
  /** First retry delay in seconds; doubled on each retry (exponential backoff). */
  retryDelaySeconds?: number;
  /** How often a worker asks for new jobs. */
  pollingIntervalSeconds?: number;
  /** Jobs this process runs at once for the queue. */
  concurrency?: number;
}

export interface FailedJob {
  id: string;
  queue: string;
  data: unknown;
  error: string;
  retryCount: number;
  failedAt: Date | null;
  createdAt: Date;
}

export interface JobsOptions {
  database: Database;
  log: Logger;
  /** Process jobs in this process (false: only enqueue, another instance works them). */
  work: boolean;
  /** Store time zone for schedules. */
  timeZone?: string;
  /** Called after a job attempt fails (for metrics). */
  onFailure?: (queue: string) => void;
}

interface Registration {
  name: string;
  definition: QueueDefinition;
  handler: JobHandler<never>;
}

interface ScheduleRegistration {
  name: string;
  cron: string;
}

/**
 * How often a queue whose jobs announce themselves is still polled: for the jobs no NOTIFY
 * announces (a retry or a job whose start was put off comes due) and a notification lost while
 * the listener reconnected.
 */
const NOTIFIED_POLLING_SECONDS = 2;

/** Jobs a worker takes at once: they run one after another and are settled together. */
const BATCH_SIZE = 10;

const DEFAULTS: Required<QueueDefinition> = {
  retryLimit: 6,
  retryDelaySeconds: 2,
  pollingIntervalSeconds: 0.5,
  concurrency: 1,
};

export class Jobs {
  readonly #options: JobsOptions;
  readonly #queues = new Map<string, Registration>();
  readonly #schedules: ScheduleRegistration[] = [];
  #boss: PgBoss | undefined;

  constructor(options: JobsOptions) {
    this.#options = options;
  }

  /** Declares a queue and its handler. Call before `start()`. */
  define<T extends object>(name: string, handler: JobHandler<T>, definition: QueueDefinition = {}): void {
    if (this.#boss) throw new Error(`Queue ${name} defined after the job system started`);
    if (this.#queues.has(name)) throw new Error(`Queue ${name} is defined twice`);
    this.#queues.set(name, { name, definition, handler: handler as JobHandler<never> });
  }

  /** Runs the queue's handler on a cron schedule (store time zone). */
  schedule(name: string, cron: string, handler: JobHandler<Record<string, never>>, definition: QueueDefinition = {}): void {
    this.define(name, handler, definition);
    this.#schedules.push({ name, cron });
  }

  /**
   * Enqueues a job inside the caller's transaction: it exists only if the transaction
   * commits (the transactional outbox).
   */
  async send<T extends object>(tx: Db, name: string, data: T, options: { startAfter?: Date; singletonKey?: string } = {}): Promise<void> {
    if (!this.#queues.has(name)) throw new Error(`Unknown queue ${name}`);
    const boss = this.#started();
    await boss.send(name, data, {
      ...options,
      db: fromDrizzle(tx as never, sql as never),
    });
  }

  /**
   * Enqueues one job per item on one queue, in one statement, inside the caller's transaction.
   * On PostgreSQL the statement is deferred (deferWrite): it goes out with the transaction's
   * next statement or its commit. pg-boss's insert reads no answer unless asked for the jobs' ids.
   */
  async sendMany<T extends object>(tx: Db, name: string, items: readonly T[]): Promise<void> {
    if (!this.#queues.has(name)) throw new Error(`Unknown queue ${name}`);
    if (items.length === 0) return;
    const inTx = fromDrizzle(tx as never, sql as never) as { executeSql(text: string, values?: unknown[]): Promise<unknown> };
    const db = { executeSql: (text: string, values: unknown[] = []) => (deferSql(tx, text, values) ? Promise.resolve({ rows: [] }) : inTx.executeSql(text, values)) };
    await this.#started().insert(
      name,
      items.map((data) => ({ data })),
      { db: db as never },
    );
  }

  async start(): Promise<void> {
    const { database, log } = this.#options;
    const boss =
      database.kind === 'pglite'
        ? new PgBoss({ db: fromPglite(database.pglite as never), schedule: this.#options.work, supervise: this.#options.work })
        : new PgBoss({
            connectionString: database.connectionString!,
            max: 4,
            application_name: 'doorstep-jobs',
            schedule: this.#options.work,
            supervise: this.#options.work,
            // A job sent (in the sender's transaction) wakes the workers at its commit
            // through LISTEN/NOTIFY, on this instance and any other: polling every queue every
            // half second (some sixty queues: over a hundred statements a second on an idle
            // store) becomes a slow backstop.
            useListenNotify: this.#options.work,
          });
    boss.on('error', (error: Error) => log.error({ err: error }, 'job system error'));
    await boss.start();
    this.#boss = boss;

    for (const { name, definition } of this.#queues.values()) {
      const d = { ...DEFAULTS, ...definition };
      const options = {
        retryLimit: d.retryLimit,
        retryDelay: d.retryDelaySeconds,
        retryBackoff: true,
        retryDelayMax: 600,
        // Failed jobs are kept for the dead-letter view.
        deleteAfterSeconds: 30 * 24 * 3600,
        // PGlite has one connection and no listener: its workers poll.
        notify: database.kind !== 'pglite',
      };
      if (await boss.getQueue(name)) await boss.updateQueue(name, options);
      else await boss.createQueue(name, options);
    }
    for (const { name, cron } of this.#schedules) {
      await boss.schedule(name, cron, {}, { tz: this.#options.timeZone ?? 'UTC' });
    }
    if (!this.#options.work) return;
    for (const registration of this.#queues.values()) await this.#work(boss, registration);
  }

  async #work(boss: PgBoss, { name, definition, handler }: Registration): Promise<void> {
    const d = { ...DEFAULTS, ...definition };
    const { log, onFailure } = this.#options;
    const runOne = async (job: { id: string; data: never; retryCount: number }): Promise<JobResult> => {
      try {
        await handler(job.data, { jobId: job.id, retryCount: job.retryCount });
        return { id: job.id, status: 'completed' };
      } catch (error) {
        onFailure?.(name);
        // A failure that will be retried is expected (a carrier or CDN down for a while):
        // one short line. The last attempt, which dead-letters the job, logs the stack.
        const last = job.retryCount >= d.retryLimit;
        const err = last ? error : { type: (error as Error).name, message: (error as Error).message };
        log.warn({ err, queue: name, jobId: job.id, retryCount: job.retryCount }, last ? 'job failed for the last time; it is dead-lettered' : 'job failed; it will be retried');
        // Failed on its own (retried with backoff, then dead-lettered); the batch's others stand.
        return { id: job.id, status: 'failed', output: error };
      }
    };
    await boss.work<never>(
      name,
      {
        // While fetches come back full the worker fetches again at once: a backlog (a sale's
        // confirmation emails, jobs due while the store was down) is worked through without
        // pause, where one job per fetch would wait for the next notification or poll (2 s)
        // once the notifications that woke it have stopped. A batch is settled in one statement.
        batchSize: BATCH_SIZE,
        burstWhenBatchFull: true,
        perJobResults: true,
        pollingIntervalSeconds: d.pollingIntervalSeconds,
        notifyPollingIntervalSeconds: Math.max(NOTIFIED_POLLING_SECONDS, d.pollingIntervalSeconds),
        localConcurrency: d.concurrency,
      },
      async (jobs) => {
        const results: JobResult[] = [];
        // One after another: a queue's concurrency is its number of workers, as before.
        for (const job of jobs) {
          // The store is stopping and its grace ran out: pg-boss has failed the batch's jobs for
          // another attempt, so none of them is started here any more.
          if (job.signal.aborted) break;
          results.push(await runOne(job));
        }
        return results;
      },
    );
  }

  /** Jobs that used up their retries, newest first. */
  async failed(limit = 100): Promise<FailedJob[]> {
    const found = await rows<{
      id: string;
      name: string;
      data: unknown;
      output: unknown;
      retry_count: number;
      completed_on: Date | null;
      created_on: Date;
    }>(
      this.#options.database.db,
      sql`select id, name, data, output, retry_count, completed_on, created_on
          from pgboss.job where state = 'failed' order by completed_on desc nulls last limit ${limit}`,
    );
    return found.map((row) => ({
      id: row.id,
      queue: row.name,
      data: row.data,
      error: describeOutput(row.output),
      retryCount: row.retry_count,
      failedAt: row.completed_on ? new Date(row.completed_on) : null,
      createdAt: new Date(row.created_on),
    }));
  }

  /** Puts a dead-lettered job back in its queue. */
  async retry(queue: string, id: string): Promise<void> {
    await this.#started().retry(queue, id);
  }

  /**
   * Per queue: jobs due and waiting (their start time has come), jobs scheduled for later (sent
   * with a start time, or resting before a retry), running and dead-lettered ones, and how long
   * the longest-due one has waited (metrics, the status page's backlog signal). A job that is
   * not due yet is not late: counting it from its creation would call an image fetch retrying
   * every ten minutes, or a reminder set for tomorrow, a backlog.
   */
  async depth(): Promise<QueueDepth[]> {
    const found = await rows<{ name: string; waiting: number; scheduled: number; active: number; failed: number; oldest: number | null }>(
      this.#options.database.db,
      sql`select name,
            count(*) filter (where state in ('created','retry') and start_after <= now())::int as waiting,
            count(*) filter (where state in ('created','retry') and start_after > now())::int as scheduled,
            count(*) filter (where state = 'active')::int as active,
            count(*) filter (where state = 'failed')::int as failed,
            extract(epoch from now() - min(start_after) filter (where state in ('created','retry') and start_after <= now()))::float8 as oldest
          from pgboss.job group by name`,
    );
    return found.map((row) => ({
      queue: row.name,
      waiting: row.waiting,
      scheduled: row.scheduled,
      active: row.active,
      failed: row.failed,
      oldestWaitingSeconds: Math.max(0, row.oldest ?? 0),
    }));
  }

  /** Stops fetching, lets running jobs finish (up to `timeoutMs`). */
  async stop(timeoutMs = 10_000): Promise<void> {
    const boss = this.#boss;
    this.#boss = undefined;
    if (boss) await boss.stop({ graceful: true, timeout: timeoutMs, close: true });
  }

  #started(): PgBoss {
    if (!this.#boss) throw new Error('The job system is not started');
    return this.#boss;
  }
}

function describeOutput(output: unknown): string {
  if (output && typeof output === 'object') {
    const o = output as { message?: unknown; name?: unknown };
    if (typeof o.message === 'string') return typeof o.name === 'string' ? `${o.name}: ${o.message}` : o.message;
  }
  return output === null || output === undefined ? '' : JSON.stringify(output);
}
