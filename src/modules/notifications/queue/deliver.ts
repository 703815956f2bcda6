// Hands queued emails to the mail server (SMTP, or the dev mailbox), a batch at a time.
// A row is claimed (status `sending`, attempt counted) and committed before the hand-off, so
// a process that dies mid-send leaves a trace: after STALE_AFTER_MS the row is claimed
// again and sent with the same Message-ID, the only form of retry when the outcome is
// unknown. A refusal for the address itself (5xx to the recipient) suppresses the address;
// any other failure is retried with backoff and, after MAX_ATTEMPTS, shown as failed in the
// admin, where staff can send it again.
import { and, eq, inArray, lte, or, sql } from 'drizzle-orm';
import { crashPoint } from '../../../platform/crash.ts';
import type { Platform } from '../../../platform/platform.ts';
import { outgoingEmails } from '../schema.ts';
import { suppress } from '../suppression/suppressions.ts';
import { brandFor } from '../compose/brand.ts';
import { getStoreProfile } from '../../site/index.ts';
import { DELIVER_QUEUE } from './names.ts';

export const MAX_ATTEMPTS = 8;
/** A send that has not finished after this long belonged to a process that died. */
export const STALE_AFTER_MS = 2 * 60_000;
const BATCH = 50;

/** 30 s, 1 min, 2 min … capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

interface Claimed {
  id: string;
  recipient: string;
  messageId: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  attempts: number;
}

/** One statement: the due rows no one else holds, marked as being sent (a committed claim before any hand-off). */
async function claimBatch(platform: Platform): Promise<Claimed[]> {
  const now = platform.clock.now();
  const staleBefore = new Date(now.getTime() - STALE_AFTER_MS);
  const due = platform.database.db
    .select({ id: outgoingEmails.id })
    .from(outgoingEmails)
    .where(
      or(
        and(eq(outgoingEmails.status, 'queued'), lte(outgoingEmails.nextAttemptAt, now)),
        and(eq(outgoingEmails.status, 'sending'), lte(outgoingEmails.claimedAt, staleBefore)),
      ),
    )
    .orderBy(outgoingEmails.nextAttemptAt)
    .limit(BATCH)
    .for('update', { skipLocked: true });
  return platform.database.db
    .update(outgoingEmails)
    .set({ status: 'sending', claimedAt: now, attempts: sql`${outgoingEmails.attempts} + 1` })
    .where(inArray(outgoingEmails.id, due))
    .returning({
      id: outgoingEmails.id,
      recipient: outgoingEmails.recipient,
      messageId: outgoingEmails.messageId,
      subject: outgoingEmails.subject,
      text: outgoingEmails.text,
      html: outgoingEmails.html,
      headers: outgoingEmails.headers,
      attempts: outgoingEmails.attempts,
    });
}

/** The server refused the address itself (it does not exist): writing again cannot help. */
function refusesRecipient(error: unknown): boolean {
  const { code, responseCode } = error as { code?: string; responseCode?: number };
  return code === 'EENVELOPE' && typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600;
}

function describe(error: unknown): string {
  const { message, response } = error as { message?: string; response?: string };
  return String(response ?? message ?? error).slice(0, 500);
}

/** True when the server accepted it (marked sent with its batch); a failure is recorded here. */
async function sendOne(platform: Platform, from: string, email: Claimed): Promise<boolean> {
  const { 'Reply-To': replyTo, ...headers } = email.headers;
  try {
    crashPoint(platform.config, 'email:before-handoff');
    await platform.mailer.send({ from, to: email.recipient, subject: email.subject, text: email.text, html: email.html, messageId: email.messageId, headers, ...(replyTo ? { replyTo } : {}) });
    crashPoint(platform.config, 'email:after-handoff');
    return true;
  } catch (error) {
    const now = platform.clock.now();
    if (refusesRecipient(error)) {
      await platform.database.transaction(async (tx) => {
        await suppress(tx, email.recipient, 'hard_bounce', describe(error), now);
        await tx.update(outgoingEmails).set({ status: 'suppressed', lastError: `The mail server refused the address: ${describe(error)}` }).where(eq(outgoingEmails.id, email.id));
      });
      return false;
    }
    const givingUp = email.attempts >= MAX_ATTEMPTS;
    platform.log.warn({ emailId: email.id, attempts: email.attempts, err: describe(error) }, givingUp ? 'email failed for good' : 'email send failed, will retry');
    await platform.database.db
      .update(outgoingEmails)
      .set({ status: givingUp ? 'failed' : 'queued', lastError: describe(error), nextAttemptAt: new Date(now.getTime() + retryDelayMs(email.attempts)) })
      .where(eq(outgoingEmails.id, email.id));
    return false;
  }
}

/** Sends everything due now, batch after batch; returns how many were handed over or given up on. */
export async function deliverDue(platform: Platform): Promise<number> {
  const [profile, brand] = await Promise.all([getStoreProfile(platform), brandFor(platform.database)]);
  const name = (brand.senderName || profile.name).replace(/["\\]/g, '');
  const from = `"${name}" <${platform.config.mailFrom}>`;
  let handled = 0;
  for (;;) {
    const batch = await claimBatch(platform);
    if (batch.length === 0) return handled;
    const accepted = await Promise.all(batch.map((email) => sendOne(platform, from, email)));
    // One write for the batch: should the process die before it, the batch is sent again
    // with the same Message-IDs, which receiving mail systems treat as one message.
    const sent = batch.filter((_, i) => accepted[i]).map((email) => email.id);
    if (sent.length > 0) await platform.database.db.update(outgoingEmails).set({ status: 'sent', sentAt: platform.clock.now(), lastError: null }).where(inArray(outgoingEmails.id, sent));
    handled += batch.length;
  }
}

/** Staff send a failed email again: same Message-ID, same content, now. */
export async function retryEmail(platform: Platform, id: string): Promise<boolean> {
  const updated = await platform.database.transaction(async (tx) => {
    const rows = await tx
      .update(outgoingEmails)
      .set({ status: 'queued', nextAttemptAt: platform.clock.now(), attempts: 0 })
      .where(and(eq(outgoingEmails.id, id), eq(outgoingEmails.status, 'failed')))
      .returning({ id: outgoingEmails.id });
    if (rows.length > 0) await platform.jobs.send(tx, DELIVER_QUEUE, {}, { singletonKey: 'deliver' });
    return rows.length > 0;
  });
  return updated;
}
