// The emails part of the status page: while the mail server refuses or fails to take our
// emails, they wait in the queue to be sent again, and the status page says emails are
// delayed (nothing is lost: they go out when it takes them again).
import { and, count, eq, isNotNull } from 'drizzle-orm';
import type { Platform } from '../../../platform/platform.ts';
import { registerComponentSignals, type ComponentSignal } from '../../site/index.ts';
import { outgoingEmails } from '../schema.ts';

/** Emails whose last try failed and that wait for another (the partial "due" index holds only queued and sending rows). */
export async function emailsWaitingToRetry(platform: Platform): Promise<number> {
  const [row] = await platform.database.db
    .select({ waiting: count() })
    .from(outgoingEmails)
    .where(and(eq(outgoingEmails.status, 'queued'), isNotNull(outgoingEmails.lastError)));
  return row?.waiting ?? 0;
}

export async function emailSignals(platform: Platform): Promise<ComponentSignal[]> {
  const waiting = await emailsWaitingToRetry(platform);
  if (waiting === 0) return [];
  return [{ component: 'email', state: 'degraded', detail: `Emails are delayed: our mail server is not taking them right now. ${waiting === 1 ? 'One email is' : `${waiting} emails are`} kept and will go out as soon as it does; nothing is lost.` }];
}

export function registerEmailStatus(platform: Platform): void {
  registerComponentSignals(platform, () => emailSignals(platform));
}
