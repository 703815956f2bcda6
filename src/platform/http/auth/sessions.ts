// Server-side sessions: an opaque random id in an HttpOnly, SameSite=Lax cookie; the
// database keeps only its hash, so a leaked table cannot be replayed as cookies.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { sessions } from './schema.ts';

export const SESSION_COOKIE = 'sid';
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

export type SessionKind = 'customer' | 'staff';

export interface SessionRecord {
  kind: SessionKind;
  subjectId: string;
  expiresAt: Date;
}

const hashId = (id: string) => createHash('sha256').update(id).digest('base64url');

/** Creates a session and returns the cookie value. */
export async function createSession(db: Db, clock: Clock, kind: SessionKind, subjectId: string): Promise<{ id: string; expiresAt: Date }> {
  const id = randomBytes(32).toString('base64url');
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.insert(sessions).values({ idHash: hashId(id), kind, subjectId, createdAt: now, expiresAt });
  return { id, expiresAt };
}

export async function findSession(db: Db, clock: Clock, id: string): Promise<SessionRecord | null> {
  if (id.length > 100) return null;
  const [row] = await db
    .select({ kind: sessions.kind, subjectId: sessions.subjectId, expiresAt: sessions.expiresAt })
    .from(sessions)
    .where(and(eq(sessions.idHash, hashId(id)), gt(sessions.expiresAt, clock.now())));
  return row ?? null;
}

export async function destroySession(db: Db, id: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, hashId(id)));
}

/** Signs a user out everywhere (after a password reset). */
export async function destroySessionsOf(db: Db, kind: SessionKind, subjectId: string): Promise<void> {
  await db.delete(sessions).where(and(eq(sessions.kind, kind), eq(sessions.subjectId, subjectId)));
}

export async function purgeExpiredSessions(db: Db, clock: Clock): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, clock.now()));
}
