// What the staff ticket page shows of the emails behind a ticket's messages: the whole text,
// whether a machine sent it, whether its sender was verified, how it was matched, the closed ticket it follows up, and its
// attachments (kept ones to download, the others listed with why they were not kept).
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import { tickets } from '../schema.ts';
import { inboundAttachments, inboundEmails, type AttachmentRefusal, type SenderVerdict, type ThreadedBy } from './schema.ts';

export interface InboundAttachmentView {
  id: string;
  filename: string;
  size: number;
  kept: boolean;
  refused: AttachmentRefusal | null;
}

export interface InboundEmailView {
  id: string;
  fromAddress: string | null;
  subject: string;
  fullText: string;
  loopReason: string | null;
  threadedBy: ThreadedBy | null;
  followsTicketNumber: string | null;
  senderVerified: SenderVerdict;
  attachments: InboundAttachmentView[];
}

/** The emails behind the ticket's messages, by ticket message id. */
export async function inboundEmailsOf(db: Db, ticketId: string): Promise<Map<string, InboundEmailView>> {
  const rows = await db
    .select({
      id: inboundEmails.id,
      ticketMessageId: inboundEmails.ticketMessageId,
      fromAddress: inboundEmails.fromAddress,
      subject: inboundEmails.subject,
      fullText: inboundEmails.fullText,
      loopReason: inboundEmails.loopReason,
      threadedBy: inboundEmails.threadedBy,
      followsTicketNumber: tickets.number,
      senderVerified: inboundEmails.senderVerified,
    })
    .from(inboundEmails)
    .leftJoin(tickets, eq(tickets.id, inboundEmails.followsTicketId))
    .where(eq(inboundEmails.ticketId, ticketId));
  const files = rows.length
    ? await db
        .select()
        .from(inboundAttachments)
        .where(
          inArray(
            inboundAttachments.inboundEmailId,
            rows.map((row) => row.id),
          ),
        )
        .orderBy(asc(inboundAttachments.position))
    : [];
  const views = new Map<string, InboundEmailView>();
  for (const { ticketMessageId, ...row } of rows) {
    if (!ticketMessageId) continue;
    views.set(ticketMessageId, {
      ...row,
      attachments: files
        .filter((file) => file.inboundEmailId === row.id)
        .map((file) => ({ id: file.id, filename: file.filename, size: file.size, kept: file.storedPath !== null, refused: file.refused })),
    });
  }
  return views;
}

/** A kept attachment of one of the ticket's emails, with where its file is; null for any other id. */
export async function keptAttachment(db: Db, ticketId: string, attachmentId: string): Promise<{ filename: string; servedType: string; storedPath: string } | null> {
  const [row] = await db
    .select({ filename: inboundAttachments.filename, servedType: inboundAttachments.servedType, storedPath: inboundAttachments.storedPath, ticketId: inboundEmails.ticketId })
    .from(inboundAttachments)
    .innerJoin(inboundEmails, eq(inboundEmails.id, inboundAttachments.inboundEmailId))
    .where(eq(inboundAttachments.id, attachmentId));
  if (!row || row.ticketId !== ticketId || !row.storedPath || !row.servedType) return null;
  return { filename: row.filename, servedType: row.servedType, storedPath: row.storedPath };
}
