// Addresses we must not write to again: a hard bounce (the address does not exist) or a spam
// complaint. Transactional emails to them are recorded as suppressed instead of sent, so the
// agent sees why the customer heard nothing; the order itself carries on.
import { desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import { normalizeAddress } from '../preferences/preferences.ts';
import { emailSuppressions, type SuppressionReason } from '../schema.ts';

export interface Suppression {
  address: string;
  reason: SuppressionReason;
  detail: string;
  createdAt: Date;
}

export async function suppressionOf(db: Db, address: string): Promise<Suppression | null> {
  const [row] = await db.select().from(emailSuppressions).where(eq(emailSuppressions.address, normalizeAddress(address)));
  return row ?? null;
}

export async function suppressionsOf(db: Db, addresses: readonly string[]): Promise<Map<string, Suppression>> {
  if (addresses.length === 0) return new Map();
  const rows = await db.select().from(emailSuppressions).where(inArray(emailSuppressions.address, addresses.map(normalizeAddress)));
  return new Map(rows.map((row) => [row.address, row]));
}

/** Adds the address (the first reason is kept: it is the one that explains the silence). */
export async function suppress(db: Db, address: string, reason: SuppressionReason, detail: string, now: Date): Promise<void> {
  await db
    .insert(emailSuppressions)
    .values({ address: normalizeAddress(address), reason, detail: detail.slice(0, 1000), createdAt: now })
    .onConflictDoNothing({ target: emailSuppressions.address });
}

export async function liftSuppression(db: Db, address: string): Promise<boolean> {
  const removed = await db.delete(emailSuppressions).where(eq(emailSuppressions.address, normalizeAddress(address))).returning({ address: emailSuppressions.address });
  return removed.length > 0;
}

/** The most recent suppressions, those whose address contains `search` when it is given. */
export async function listSuppressions(db: Db, search: string, limit: number): Promise<Suppression[]> {
  const term = normalizeAddress(search);
  // strpos rather than LIKE: what staff typed is matched as it is, wildcards and all.
  const where = term ? sql`strpos(${emailSuppressions.address}, ${term}) > 0` : undefined;
  return db.select().from(emailSuppressions).where(where).orderBy(desc(emailSuppressions.createdAt), emailSuppressions.address).limit(limit);
}
