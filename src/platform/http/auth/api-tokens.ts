// Scoped API tokens for integrations (a warehouse system). A token is `dst_` and 32 random
// bytes; it is shown once, and only its SHA-256 is kept, so a leaked table cannot be
// replayed. A token acts with the scopes (permission names) it was given, never as a person.
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { newId } from '../../ids.ts';
import { apiTokens } from './schema.ts';

const TOKEN_PREFIX = 'dst_';
/** Characters of the token kept in clear, so a merchant can tell tokens apart in a list. */
const SHOWN_CHARACTERS = 10;
/** Longer than any token we issue: anything longer is refused without a lookup. */
const MAX_TOKEN_LENGTH = 100;
/** last_used_at is written at most this often per token, not on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** What a valid bearer token stands for. */
export interface ApiTokenIdentity {
  id: string;
  name: string;
  scopes: string[];
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates a token; `secret` is the whole token, returned this once and never stored. */
export async function createApiToken(
  db: Db,
  clock: Clock,
  input: { name: string; scopes: readonly string[]; createdBy: string },
): Promise<{ token: ApiToken; secret: string }> {
  const secret = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const [row] = await db
    .insert(apiTokens)
    .values({
      id: newId(),
      name: input.name,
      prefix: secret.slice(0, SHOWN_CHARACTERS),
      secretHash: hashToken(secret),
      scopes: [...new Set(input.scopes)],
      createdBy: input.createdBy,
      createdAt: clock.now(),
    })
    .returning();
  return { token: toToken(row!), secret };
}

/** Every token, newest first, revoked ones included (they explain past movements). */
export async function listApiTokens(db: Db): Promise<ApiToken[]> {
  const found = await db.select().from(apiTokens).orderBy(desc(apiTokens.createdAt));
  return found.map(toToken);
}

/** Revokes a token at once; false when there is no such live token. */
export async function revokeApiToken(db: Db, clock: Clock, id: string): Promise<boolean> {
  const revoked = await db
    .update(apiTokens)
    .set({ revokedAt: clock.now() })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return revoked.length > 0;
}

/**
 * The token presented in an Authorization header, or null when it is unknown or revoked.
 * The lookup is by hash, so its cost does not depend on how much of a guess is right.
 */
export async function resolveApiToken(
  db: Db,
  clock: Clock,
  token: string,
): Promise<ApiTokenIdentity | null> {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  const [row] = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      scopes: apiTokens.scopes,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.secretHash, hashToken(token)));
  if (!row || row.revokedAt) return null;
  const now = clock.now();
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!row.lastUsedAt || row.lastUsedAt < staleBefore) {
    // Conditional, so a burst of concurrent requests writes once.
    await db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(apiTokens.id, row.id),
          or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, staleBefore)),
        ),
      );
  }
  return { id: row.id, name: row.name, scopes: row.scopes };
}

function toToken(row: typeof apiTokens.$inferSelect): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}
