// When the database stops answering, the store keeps answering: every page request gets a
// friendly outage page held in memory (no database read), the API a 503 problem, and the
// page's one form ("tell me when you are back") appends the address to a local file under
// DATA_DIR (JSON lines, fsync'd before the visitor is thanked). Once the database answers
// again, the file is handed to whoever registered an importer (the status module) and rotated.
//
// How the store notices: a probe (`select 1`, bounded by a timeout) runs every few seconds, and
// at once when a request fails with an unexpected error, before its error page is chosen. The probe failing marks the store down;
// the first probe that succeeds marks it up and runs the import. A slow probe (PGlite queues it
// behind a long transaction) counts only when it times out twice in a row.
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import type { Platform } from '../platform.ts';
import { Problem } from './problem.ts';

export const OUTAGE_NOTIFY_PATH = '/outage/notify';
/** What keeps answering while the database is out. */
const ALWAYS_SERVED = new Set(['/healthz', '/readyz', '/metrics', OUTAGE_NOTIFY_PATH]);
const ASSET_PREFIX = '/assets/';
export const OUTAGE_FILE = 'outage-requests.jsonl';
const IMPORTING_SUFFIX = '.importing';
/** Seconds a client is asked to wait before trying again. */
export const OUTAGE_RETRY_AFTER = 30;
const EMAIL_MAX = 254;
// The same shape the customers module accepts; the import checks again with its rules.
const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]{2,}$/;

/** One line of the outage file. */
export interface OutageRequest {
  id: string;
  email: string;
  at: string;
  /** When the outage the visitor saw began (ISO), or the moment itself when the store was up. */
  outageSince: string;
}

export type OutageImporter = (requests: OutageRequest[]) => Promise<void>;

export interface OutagePage {
  /** The page with the form; `sent` thanks the visitor; `error` is shown beside the field. */
  render(request: FastifyRequest, options: { since: Date | null; sent?: boolean; error?: string; email?: string }): string;
}

export interface OutageOptions {
  database: Database;
  log: Platform['log'];
  dataDir: string;
  /** Between probes while up and while down. */
  probeEveryMs?: { up: number; down: number };
  probeTimeoutMs?: number;
}

const importers = new WeakMap<object, OutageImporter[]>();

/** Registers what to do with the addresses once the database is back (a module's register hook). */
export function registerOutageImporter(platform: Platform, importer: OutageImporter): void {
  importers.set(platform.database, [...(importers.get(platform.database) ?? []), importer]);
}

class ProbeTimeout extends Error {}

export class OutageGuard {
  readonly #options: Required<OutageOptions>;
  #down = false;
  #since: Date | null = null;
  #timer: NodeJS.Timeout | null = null;
  #probing: Promise<boolean> | null = null;
  #slowProbes = 0;
  #stopped = false;
  #importing: Promise<void> = Promise.resolve();

  constructor(options: OutageOptions) {
    this.#options = { probeEveryMs: { up: 5000, down: 2000 }, probeTimeoutMs: 5000, ...options };
  }

  get down(): boolean {
    return this.#down;
  }

  /** When the current outage was first noticed; null while up. */
  get since(): Date | null {
    return this.#since;
  }

  get file(): string {
    return join(this.#options.dataDir, OUTAGE_FILE);
  }

  /** Starts the regular probe. */
  start(): void {
    this.#stopped = false;
    this.#schedule();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#probing?.catch(() => undefined);
    await this.#importing;
  }

  /** Marks the store down now (the database could not be reached at start). */
  markDown(): void {
    if (this.#down) return;
    this.#down = true;
    this.#since = new Date();
    this.#options.log.error('database unreachable: serving the outage page');
  }

  #schedule(): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.probe().finally(() => this.#schedule()), this.#down ? this.#options.probeEveryMs.down : this.#options.probeEveryMs.up);
    this.#timer.unref();
  }

  /** Asks the database now (concurrent callers share one probe); true when it answered. */
  probe(): Promise<boolean> {
    this.#probing ??= this.#probeOnce().finally(() => {
      this.#probing = null;
    });
    return this.#probing;
  }

  async #probeOnce(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.#options.database.db.execute(sql`select 1`),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new ProbeTimeout()), this.#options.probeTimeoutMs);
        }),
      ]);
      this.#slowProbes = 0;
      if (this.#down) this.#back();
      return true;
    } catch (error) {
      if (error instanceof ProbeTimeout && ++this.#slowProbes < 2) return !this.#down;
      this.markDown();
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  #back(): void {
    this.#options.log.info({ since: this.#since }, 'database reachable again: importing the addresses left meanwhile');
    this.#down = false;
    this.#since = null;
    void this.importRequests();
  }

  /** Appends one address to the outage file and waits for it to be on disk. */
  async append(email: string): Promise<OutageRequest> {
    const now = new Date();
    const request: OutageRequest = { id: randomUUID(), email, at: now.toISOString(), outageSince: (this.#since ?? now).toISOString() };
    await mkdir(this.#options.dataDir, { recursive: true });
    const handle = await open(this.file, 'a', 0o600);
    try {
      await handle.appendFile(`${JSON.stringify(request)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return request;
  }

  /**
   * Hands every address waiting in outage files to the importers, then rotates each file. The
   * file is first renamed aside, so addresses appended meanwhile go to a fresh file and wait
   * for the next import; a file whose import failed keeps its name and is tried next time.
   * The importers are idempotent (each line carries its id), so a crash before the rotation
   * imports nothing twice.
   */
  importRequests(): Promise<void> {
    this.#importing = this.#importing.then(() => this.#importAll()).catch((error: unknown) => this.#options.log.error({ err: error }, 'importing the outage addresses failed; they stay in the file for the next try'));
    return this.#importing;
  }

  async #importAll(): Promise<void> {
    const list = importers.get(this.#options.database) ?? [];
    if (list.length === 0) return;
    // No data directory yet: nobody left an address.
    const names = await readdir(this.#options.dataDir).catch(() => [] as string[]);
    if (names.includes(OUTAGE_FILE)) {
      const aside = `${OUTAGE_FILE}.${Date.now()}${IMPORTING_SUFFIX}`;
      await rename(this.file, join(this.#options.dataDir, aside));
      names.push(aside);
    }
    const waiting = names.filter((name) => name.startsWith(`${OUTAGE_FILE}.`) && name.endsWith(IMPORTING_SUFFIX)).sort();
    for (const name of waiting) {
      const path = join(this.#options.dataDir, name);
      const requests = parseOutageFile(await readFile(path, 'utf8'));
      for (const importer of list) await importer(requests);
      await rename(path, path.slice(0, -IMPORTING_SUFFIX.length) + '.imported');
      this.#options.log.info({ file: name, addresses: requests.length }, 'outage addresses imported');
    }
  }
}

/** The valid lines of an outage file; a torn last line (a crash mid-append) or a bad one is skipped. */
export function parseOutageFile(content: string): OutageRequest[] {
  const requests: OutageRequest[] = [];
  for (const line of content.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value = JSON.parse(line) as Partial<OutageRequest>;
      if (typeof value.id === 'string' && /^[0-9a-f-]{36}$/.test(value.id) && typeof value.email === 'string' && typeof value.at === 'string' && typeof value.outageSince === 'string' && !Number.isNaN(Date.parse(value.at)) && !Number.isNaN(Date.parse(value.outageSince))) {
        requests.push({ id: value.id, email: value.email, at: value.at, outageSince: value.outageSince });
      }
    } catch {
      // skipped: see above
    }
  }
  return requests;
}

function isServedAnyway(url: string): boolean {
  const path = url.split('?')[0]!;
  return ALWAYS_SERVED.has(path) || path.startsWith(ASSET_PREFIX);
}

function sendOutage(request: FastifyRequest, reply: FastifyReply, page: OutagePage, guard: OutageGuard, status: number, extra: { sent?: boolean; error?: string; email?: string } = {}): FastifyReply {
  reply.header('retry-after', String(OUTAGE_RETRY_AFTER)).header('cache-control', 'no-store');
  if (!request.wantsHtml() && extra.sent === undefined && extra.error === undefined) {
    throw new Problem({ status: 503, type: 'database-unavailable', title: 'The store is briefly unavailable', detail: 'Our database is not answering. Nothing you placed is lost; please try again in a minute.', headers: { 'retry-after': String(OUTAGE_RETRY_AFTER) } });
  }
  return reply.status(status).type('text/html; charset=utf-8').send(page.render(request, { since: guard.since, ...extra }));
}

/**
 * The outage page for every request while the guard says the database is down (registered after
 * the app's own hooks), the form's route, and a probe after each server error.
 */
export function registerOutageRoutes(app: FastifyInstance, guard: OutageGuard, page: OutagePage): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!guard.down || isServedAnyway(request.url)) return;
    return sendOutage(request, reply, page, guard, 503);
  });

  // An unexpected failure may be the database going away (the 4xx and 503 problems of bad
  // input, planned maintenance or a store still starting are not). Fastify runs this before the
  // error handler, so the failing request itself already gets the outage page when it is.
  app.addHook('onError', async (_request, _reply, error) => {
    const status = (error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
    if (guard.down || (typeof status === 'number' && status < 500) || status === 503) return;
    await guard.probe();
  });

  // The page is the same for every visitor and carries no token: the browser's fetch metadata
  // (or Origin) must name this site, as for the forms on cached catalogue pages.
  app.post(OUTAGE_NOTIFY_PATH, { config: { access: 'public', csrf: 'origin', maintenance: 'exempt', rateLimit: { max: 10, timeWindow: '10 minutes' } } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const email = (typeof body.email === 'string' ? body.email : '').trim().toLowerCase();
    if (email.length > EMAIL_MAX || !EMAIL.test(email)) {
      return sendOutage(request, reply, page, guard, 400, { error: 'Please check the address: it should look like name@example.com.', email: email.slice(0, EMAIL_MAX) });
    }
    await guard.append(email);
    // Up already (an old tab): the address goes in now instead of waiting for an outage to end.
    if (!guard.down) void guard.importRequests();
    return sendOutage(request, reply, page, guard, guard.down ? 503 : 200, { sent: true });
  });
}
