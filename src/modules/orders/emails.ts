// The emails an order's customer was sent, for the staff order page. Outgoing mail records no
// order yet (the dev mailbox keeps recipient, subject and body; SMTP keeps nothing here), so
// this lists what went to the order's address since it was placed and marks the messages
// that name the order's number: the ones about this order, as far as the mail can tell.
import { and, desc, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { devMailbox } from '../../platform/mail/schema.ts';
import type { Order } from './read.ts';

export interface SentEmail {
  sentAt: Date;
  subject: string;
  /** The subject or the text names the order's number. */
  namesOrder: boolean;
}

export const EMAILS_SHOWN = 50;

/** Newest first, at most EMAILS_SHOWN; one indexed read (recipient, time). */
export async function emailsSinceOrder(db: Db, order: Pick<Order, 'email' | 'number' | 'placedAt'>): Promise<SentEmail[]> {
  return db
    .select({
      sentAt: devMailbox.sentAt,
      subject: devMailbox.subject,
      namesOrder: sql<boolean>`(strpos(${devMailbox.subject}, ${order.number}) > 0 or strpos(${devMailbox.text}, ${order.number}) > 0)`,
    })
    .from(devMailbox)
    .where(and(eq(devMailbox.to, order.email.trim().toLowerCase()), gte(devMailbox.sentAt, order.placedAt)))
    .orderBy(desc(devMailbox.sentAt))
    .limit(EMAILS_SHOWN);
}
