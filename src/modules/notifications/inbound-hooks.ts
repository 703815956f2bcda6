// What the support desk's inbound mail asks of the module that sends the store's email:
// which of the Message-IDs a customer answered are ours (an email in the queue, or the thread
// root every email about a ticket or an order carries in References) and what each was
// about; and the handling of delivery reports and complaints, the same as by the bounce webhook.
import { inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import type { Platform } from '../../platform/platform.ts';
import { registerInboundMailHooks, type SentMailMatch } from '../support/index.ts';
import { outgoingEmails } from './schema.ts';
import { applyMailReport } from './suppression/bounces.ts';
import { MalformedReport, readMailReport } from './suppression/reports.ts';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

async function sentMail(platform: Platform, db: Db, messageIds: readonly string[]): Promise<Map<string, SentMailMatch>> {
  const found = new Map<string, SentMailMatch>();
  if (messageIds.length === 0) return found;
  const rows = await db
    .select({ messageId: outgoingEmails.messageId, ticketId: outgoingEmails.ticketId, orderId: outgoingEmails.orderId })
    .from(outgoingEmails)
    .where(inArray(outgoingEmails.messageId, [...messageIds]));
  for (const row of rows) found.set(row.messageId, { ticketId: row.ticketId, orderId: row.orderId });
  // Thread roots, as queue/enqueue.ts writes them: <ticket.<id>@host>, <order.<id>@host>.
  const root = new RegExp(`^<(ticket|order)\\.(${UUID})@${new URL(platform.config.baseUrl).hostname.replace(/\./g, '\\.')}>$`, 'i');
  for (const id of messageIds) {
    const match = root.exec(id);
    if (!match || found.has(id)) continue;
    const about = match[2]!.toLowerCase();
    found.set(id, match[1]!.toLowerCase() === 'ticket' ? { ticketId: about, orderId: null } : { ticketId: null, orderId: about });
  }
  return found;
}

async function mailReport(platform: Platform, raw: Buffer): Promise<string | null> {
  try {
    const outcome = await applyMailReport(platform, await readMailReport(raw));
    const changed = outcome.suppressed.length > 0 ? `suppressed ${outcome.suppressed.join(', ')}` : 'nothing suppressed';
    return `${outcome.kind === 'delivery-status' ? 'Delivery report' : 'Complaint'}: ${changed}${outcome.ignored.length > 0 ? `; passing failure for ${outcome.ignored.join(', ')}` : ''}${outcome.markedEmail ? '; the email it is about is marked' : ''}.`;
  } catch (error) {
    if (error instanceof MalformedReport) return null;
    throw error;
  }
}

export function registerSupportInboundHooks(platform: Platform): void {
  registerInboundMailHooks(platform, { sentMail: (db, ids) => sentMail(platform, db, ids), mailReport: (raw) => mailReport(platform, raw) });
}
