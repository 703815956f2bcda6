// What the admin reads of the mail queue: the figures per touch point, the list of recent
// emails with its filters, and one email in full.
import { and, count, desc, eq, gte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import { EMAIL_ROW_FIELDS } from '../queue/read.ts';
import { outgoingEmails, type EmailStatus } from '../schema.ts';

export interface TouchPointCounts {
  sent: number;
  failed: number;
}

/** Emails sent and failed per touch point since `since` (a failed one counts from when it was queued). */
export async function countsSince(db: Db, since: Date): Promise<Map<string, TouchPointCounts>> {
  const rows = await db
    .select({
      touchPoint: outgoingEmails.touchPoint,
      sent: sql<number>`count(*) filter (where ${outgoingEmails.status} = 'sent' and ${outgoingEmails.sentAt} >= ${since})`.mapWith(Number),
      failed: sql<number>`count(*) filter (where ${outgoingEmails.status} = 'failed' and ${outgoingEmails.createdAt} >= ${since})`.mapWith(Number),
    })
    .from(outgoingEmails)
    .where(or(gte(outgoingEmails.sentAt, since), and(eq(outgoingEmails.status, 'failed'), gte(outgoingEmails.createdAt, since))))
    .groupBy(outgoingEmails.touchPoint);
  return new Map(rows.map((row) => [row.touchPoint, { sent: row.sent, failed: row.failed }]));
}

export interface OutboxRow {
  id: string;
  touchPoint: string;
  recipient: string;
  subject: string;
  status: EmailStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface OutboxFilter {
  status: EmailStatus | null;
  /** Part of the recipient's address, any case. */
  recipient: string;
}

export const OUTBOX_PAGE_SIZE = 50;

/** Typed text matched literally: % and _ are letters here, not patterns. */
function containing(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listOutbox(db: Db, filter: OutboxFilter, page: number): Promise<{ rows: OutboxRow[]; total: number; page: number; pageCount: number }> {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(outgoingEmails.status, filter.status));
  if (filter.recipient) conditions.push(sql`${outgoingEmails.recipient} like ${containing(filter.recipient.trim())}`);
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const [totalRow] = await db.select({ n: count() }).from(outgoingEmails).where(where);
  const total = totalRow?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE));
  const current = Math.min(page, pageCount);
  const rows = await db
    .select(EMAIL_ROW_FIELDS)
    .from(outgoingEmails)
    .where(where)
    .orderBy(desc(outgoingEmails.createdAt), desc(outgoingEmails.id))
    .limit(OUTBOX_PAGE_SIZE)
    .offset((current - 1) * OUTBOX_PAGE_SIZE);
  return { rows, total, page: current, pageCount };
}

export type StoredEmail = typeof outgoingEmails.$inferSelect;

export async function storedEmail(db: Db, id: string): Promise<StoredEmail | null> {
  const [row] = await db.select().from(outgoingEmails).where(eq(outgoingEmails.id, id));
  return row ?? null;
}
