// The emails about an order, a ticket or to an address, for the staff order page, the agent's
// ticket view and the customer's timeline.
import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import { normalizeAddress } from '../preferences/preferences.ts';
import { outgoingEmails, type EmailStatus } from '../schema.ts';

export interface SentEmailRow {
  id: string;
  touchPoint: string;
  recipient: string;
  subject: string;
  orderId: string | null;
  ticketId: string | null;
  status: EmailStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  /** The staff member who asked for this copy; null for the touch point's own emails. */
  requestedBy: string | null;
}

const SHOWN = 100;

/** What a list of emails shows of each (everything but the parts and headers). */
export const EMAIL_ROW_FIELDS = {
  id: outgoingEmails.id,
  touchPoint: outgoingEmails.touchPoint,
  recipient: outgoingEmails.recipient,
  subject: outgoingEmails.subject,
  orderId: outgoingEmails.orderId,
  ticketId: outgoingEmails.ticketId,
  status: outgoingEmails.status,
  attempts: outgoingEmails.attempts,
  lastError: outgoingEmails.lastError,
  createdAt: outgoingEmails.createdAt,
  sentAt: outgoingEmails.sentAt,
  requestedBy: outgoingEmails.requestedBy,
};

export async function emailsAbout(db: Db, about: { orderId?: string; ticketId?: string; recipient?: string }): Promise<SentEmailRow[]> {
  const conditions: SQL[] = [];
  if (about.orderId) conditions.push(eq(outgoingEmails.orderId, about.orderId));
  if (about.ticketId) conditions.push(eq(outgoingEmails.ticketId, about.ticketId));
  if (about.recipient) conditions.push(eq(outgoingEmails.recipient, normalizeAddress(about.recipient)));
  if (conditions.length === 0) return [];
  return db
    .select(EMAIL_ROW_FIELDS)
    .from(outgoingEmails)
    .where(and(...conditions))
    .orderBy(desc(outgoingEmails.createdAt))
    .limit(SHOWN);
}
