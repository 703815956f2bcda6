// The addresses left on the outage page ("tell me when you are back"), imported from the
// outage file once the database answers again: each becomes a row (its id is the file line's,
// so a second import of the same file adds nothing) and one event, whose touch point emails
// "we are back" once per address and outage.
import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { registerOutageImporter, type OutageRequest } from '../../platform/http/outage.ts';
import type { Platform } from '../../platform/platform.ts';
import { emailProblem, normalizeEmail } from '../customers/index.ts';
import { backOnlineRequested } from './events.ts';
import { backOnlineRequests } from './schema.ts';

export type BackOnlineRequest = typeof backOnlineRequests.$inferSelect;

/** Imports the lines in one transaction; returns how many were new. Invalid addresses are skipped. */
export async function importBackOnlineRequests(platform: Platform, requests: readonly OutageRequest[]): Promise<number> {
  const valid = requests.filter((request) => !emailProblem(normalizeEmail(request.email)));
  if (valid.length === 0) return 0;
  return platform.database.transaction(async (tx) => {
    const now = platform.clock.now();
    const inserted = await tx
      .insert(backOnlineRequests)
      .values(valid.map((request) => ({ id: request.id, email: normalizeEmail(request.email), requestedAt: new Date(request.at), outageSince: new Date(request.outageSince), importedAt: now })))
      .onConflictDoNothing({ target: backOnlineRequests.id })
      .returning({ id: backOnlineRequests.id });
    for (const row of inserted) await platform.events.publish(tx, backOnlineRequested, { requestId: row.id }, 'system');
    return inserted.length;
  });
}

export function registerOutageImport(platform: Platform): void {
  registerOutageImporter(platform, async (requests) => {
    const added = await importBackOnlineRequests(platform, requests);
    if (added > 0) platform.log.info({ added }, 'addresses left during the outage imported');
  });
}

export async function backOnlineRequestById(db: Db, id: string): Promise<BackOnlineRequest | null> {
  const [row] = await db.select().from(backOnlineRequests).where(eq(backOnlineRequests.id, id));
  return row ?? null;
}
