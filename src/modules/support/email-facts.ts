// What the notifications module needs to write the desk's emails, so it never reads the
// support tables: a ticket's facts (who, what, the start of their question, the orders) and a
// message's (what kind, who wrote it, its text). Names and text are personal data: they are
// read here when the email is written, never carried in events. A ticket marked spam has no
// facts to give: nothing is written about it.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { staffPrincipal } from '../staff/index.ts';
import { ticketById } from './read.ts';
import type { PromisedAnswer } from './sla/promise.ts';
import { ticketMessages } from './schema.ts';
import type { MessageKind, TicketChannel, TicketStatus } from './states.ts';
import { isUuid } from './uuid.ts';

export interface TicketForEmail {
  id: string;
  number: string;
  subject: string;
  /** Where the desk answers. */
  email: string;
  name: string | null;
  status: TicketStatus;
  channel: TicketChannel;
  /** It came from a machine (an auto-reply, a bounce): no automatic email answers it. */
  noAutoReply: boolean;
  /** The start of the first message, on one line, for "You wrote: …". */
  firstMessageExcerpt: string;
  /** The first message is the customer's own words (not a line the store or an agent wrote to open it). */
  firstMessageFromCustomer: boolean;
  /** The first answer promised when it opened; null for a ticket opened before promises were made. */
  promisedAnswer: PromisedAnswer | null;
  orderNumbers: string[];
}

export interface MessageForEmail {
  id: string;
  ticketId: string;
  kind: MessageKind;
  /** The staff member's or customer's name; null for the store's own lines or a name no longer known (the email names the store). */
  authorName: string | null;
  body: string;
}

export const EXCERPT_MAX = 200;

/** The text on one line, cut at a word before `max` characters with an ellipsis. */
export function excerpt(text: string, max = EXCERPT_MAX): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export async function ticketForEmail(db: Db, ticketId: string): Promise<TicketForEmail | null> {
  const ticket = await ticketById(db, ticketId);
  // Spam gets no email of any kind: an acknowledgement would tell a spammer the address is read.
  if (!ticket || ticket.spamAt) return null;
  const [first] = await db
    .select({ body: ticketMessages.body, kind: ticketMessages.kind, author: ticketMessages.author })
    .from(ticketMessages)
    .where(and(eq(ticketMessages.ticketId, ticket.id), eq(ticketMessages.seq, 1)));
  return {
    id: ticket.id,
    number: ticket.number,
    subject: ticket.subject,
    email: ticket.email,
    name: ticket.name,
    status: ticket.status,
    channel: ticket.channel,
    noAutoReply: ticket.noAutoReply,
    firstMessageExcerpt: excerpt(first?.body ?? ''),
    firstMessageFromCustomer: first !== undefined && first.kind === 'customer' && !first.author.startsWith('staff'),
    promisedAnswer: ticket.firstResponseDueAt ? { dueAt: ticket.firstResponseDueAt, businessHoursOnly: ticket.slaBusinessHours ?? true } : null,
    orderNumbers: ticket.orders.map((order) => order.orderNumber),
  };
}

export async function messageForEmail(db: Db, messageId: string): Promise<MessageForEmail | null> {
  if (!isUuid(messageId)) return null;
  const [message] = await db.select().from(ticketMessages).where(eq(ticketMessages.id, messageId));
  if (!message) return null;
  return {
    id: message.id,
    ticketId: message.ticketId,
    kind: message.kind,
    authorName: await authorName(db, message.author, message.ticketId),
    body: message.body,
  };
}

/** "staff:<id>" → their name; "customer…" → the ticket's name; the store → null. */
async function authorName(db: Db, author: string, ticketId: string): Promise<string | null> {
  const [kind, id] = author.split(':', 2);
  if (kind === 'staff' && id) {
    const staff = await staffPrincipal(db, id);
    return staff?.kind === 'staff' ? staff.name : null;
  }
  if (kind === 'customer') return (await ticketById(db, ticketId))?.name ?? null;
  return null;
}
