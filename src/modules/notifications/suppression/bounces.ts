// What a bounce or a complaint changes, in one transaction: a permanent failure (5.x.x,
// Action: failed) puts the address on the suppression list as a hard bounce, a complaint as a
// complaint; a temporary one (4.x.x) changes nothing, the sender retries by itself. Emails
// still waiting in the queue for a suppressed address are not sent, and the email the report
// is about (found by its Message-ID) says what happened, for the agent.
import { and, eq, inArray } from 'drizzle-orm';
import type { Platform } from '../../../platform/platform.ts';
import { outgoingEmails } from '../schema.ts';
import { isPermanentFailure, type MailReport } from './reports.ts';
import { suppress } from './suppressions.ts';

export { EMAIL_WEBHOOK_SECRET_HEADER, emailWebhookSecret, isEmailWebhookSecret } from '../../../platform/mail/webhook-secret.ts';

export interface ReportOutcome {
  kind: MailReport['kind'];
  /** Addresses now on the suppression list (or already there). */
  suppressed: string[];
  /** Recipients of a temporary failure, or of a report that asks for nothing (not-spam). */
  ignored: string[];
  /** The email the report is about was found in our queue and now says what happened. */
  markedEmail: boolean;
}

export async function applyMailReport(platform: Platform, report: MailReport): Promise<ReportOutcome> {
  const now = platform.clock.now();
  const toSuppress: { address: string; detail: string }[] = [];
  const ignored: string[] = [];
  if (report.kind === 'delivery-status') {
    for (const failure of report.recipients) {
      if (isPermanentFailure(failure)) toSuppress.push({ address: failure.address, detail: [failure.status, failure.diagnostic].filter(Boolean).join(' ') });
      else ignored.push(failure.address);
    }
  } else if (report.feedbackType === 'not-spam') {
    ignored.push(...report.recipients);
  } else {
    for (const address of report.recipients) toSuppress.push({ address, detail: `Reported our email as ${report.feedbackType === 'abuse' ? 'spam' : report.feedbackType}.` });
  }
  const reason = report.kind === 'delivery-status' ? ('hard_bounce' as const) : ('complaint' as const);

  return platform.database.transaction(async (tx) => {
    for (const { address, detail } of toSuppress) await suppress(tx, address, reason, detail, now);
    const addresses = toSuppress.map((entry) => entry.address);
    if (addresses.length > 0) {
      await tx
        .update(outgoingEmails)
        .set({ status: 'suppressed', lastError: `Not sent: the address is on the suppression list (${reason.replace('_', ' ')}).` })
        .where(and(inArray(outgoingEmails.recipient, addresses), eq(outgoingEmails.status, 'queued')));
    }
    let markedEmail = false;
    if (report.originalMessageId && toSuppress.length > 0) {
      const note =
        reason === 'hard_bounce'
          ? { status: 'suppressed' as const, lastError: `Bounced: the receiving server said the address does not accept mail (${toSuppress[0]!.detail}).`.slice(0, 1000) }
          : { lastError: 'Delivered, but the reader reported it as spam: no more emails go to this address.' };
      const updated = await tx.update(outgoingEmails).set(note).where(eq(outgoingEmails.messageId, report.originalMessageId)).returning({ id: outgoingEmails.id });
      markedEmail = updated.length > 0;
    }
    return { kind: report.kind, suppressed: addresses, ignored, markedEmail };
  });
}
