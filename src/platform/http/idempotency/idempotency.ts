// Idempotency-Key for unsafe JSON routes that create something (IETF httpapi draft
// semantics): the first request with a key runs and its answer is kept; the same key with
// the same request replays that answer; the same key with another request is refused (422);
// a duplicate arriving while the first still runs is refused (409). A 5xx answer is not kept,
// so the client may retry with the same key; nor is a claim whose process died before
// answering (after ABANDONED_AFTER_MS the key may be taken again). Keys are kept for
// KEY_LIFETIME_HOURS.
import { createHash } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/database.ts';
import { Problem } from '../problem.ts';
import { idempotencyKeys } from './schema.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const KEY_LIFETIME_HOURS = 24;
/**
 * Longer than any request runs (placing an order waits at most about 25 s on a failing
 * gateway: three tries of 8 s). A takeover that came too early would still be safe where it
 * matters: one cart makes one order whatever runs twice.
 */
export const ABANDONED_AFTER_MS = 30_000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** What a route says to honour the header: whose request it is, so keys never cross callers. */
export interface IdempotencyOptions {
  scope: (request: FastifyRequest) => Promise<string> | string;
}

const problemsIdempotency = {
  malformed: () =>
    new Problem({ status: 400, type: 'idempotency-key-malformed', title: 'The Idempotency-Key header is not valid', detail: 'Send 1 to 255 visible ASCII characters, for example a UUID.' }),
  reused: () =>
    new Problem({ status: 422, type: 'idempotency-key-reused', title: 'This Idempotency-Key was used for another request', detail: 'Use a new key for a different request.' }),
  inProgress: () =>
    new Problem({ status: 409, type: 'idempotency-request-in-progress', title: 'The first request with this Idempotency-Key is still running', detail: 'Retry shortly with the same key to get its answer.', headers: { 'retry-after': '1' } }),
};

function fingerprintOf(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
}

interface Claimed {
  scope: string;
  key: string;
}

const claimedBy = new WeakMap<FastifyRequest, Claimed>();

/**
 * preHandler step: claims the key, or replays / refuses. Returns true when the reply was
 * sent (a replay) and the handler must not run.
 */
export async function claimIdempotencyKey(database: Database, clock: Clock, options: IdempotencyOptions, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  const header = request.headers[IDEMPOTENCY_HEADER];
  if (header === undefined) return false;
  if (typeof header !== 'string' || !KEY_PATTERN.test(header)) throw problemsIdempotency.malformed();
  const scope = `${request.routeOptions.url ?? request.url}|${await options.scope(request)}`;
  const fingerprint = fingerprintOf(request);
  const now = clock.now();
  const db = database.db;
  const [inserted] = await db
    .insert(idempotencyKeys)
    .values({ scope, key: header, fingerprint, state: 'running', createdAt: now })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted) {
    claimedBy.set(request, { scope, key: header });
    return false;
  }
  const where = and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, header));
  const [found] = await db.select().from(idempotencyKeys).where(where);
  // Forgotten between the two statements (a 5xx released it): the client may simply retry.
  if (!found) throw problemsIdempotency.inProgress();
  if (found.fingerprint !== fingerprint) throw problemsIdempotency.reused();
  if (found.state === 'running') {
    const abandoned = await db
      .update(idempotencyKeys)
      .set({ createdAt: now })
      .where(and(where, eq(idempotencyKeys.state, 'running'), lt(idempotencyKeys.createdAt, new Date(now.getTime() - ABANDONED_AFTER_MS))))
      .returning({ key: idempotencyKeys.key });
    if (abandoned.length === 0) throw problemsIdempotency.inProgress();
    claimedBy.set(request, { scope, key: header });
    return false;
  }
  reply.header('idempotent-replayed', 'true');
  if (found.contentType) reply.type(found.contentType);
  await reply.code(found.statusCode ?? 200).send(found.body ?? '');
  return true;
}

/** onSend step: keeps the answer of a claimed key, or releases the key after a 5xx. */
export async function settleIdempotencyKey(database: Database, clock: Clock, request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<void> {
  const claimed = claimedBy.get(request);
  if (!claimed) return;
  claimedBy.delete(request);
  const where = and(eq(idempotencyKeys.scope, claimed.scope), eq(idempotencyKeys.key, claimed.key));
  if (reply.statusCode >= 500) {
    await database.db.delete(idempotencyKeys).where(where);
    return;
  }
  const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '';
  const contentType = reply.getHeader('content-type');
  await database.db
    .update(idempotencyKeys)
    .set({ state: 'done', statusCode: reply.statusCode, contentType: typeof contentType === 'string' ? contentType : null, body, completedAt: clock.now() })
    .where(where);
}

/** Drops keys older than their lifetime (a daily job). */
export async function forgetOldIdempotencyKeys(database: Database, now: Date): Promise<number> {
  const before = new Date(now.getTime() - KEY_LIFETIME_HOURS * 3_600_000);
  const removed = await database.db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, before)).returning({ key: idempotencyKeys.key });
  return removed.length;
}
