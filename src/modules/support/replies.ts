// An agent's reply to the customer, guarded against a race: the console's reply form carries
// the number of the last message the agent saw, and a reply is refused when someone else (the
// customer, another agent) wrote to the ticket since — the agent reads the new message first,
// so two people never send two answers to one question. The check runs with the ticket locked,
// so of two replies sent at once from the same view, the second waits for the first and is refused.
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { Problem } from '../../platform/http/problem.ts';
import type { Platform } from '../../platform/platform.ts';
import { lockTicket } from './history.ts';
import { addTicketMessage } from './messages.ts';
import type { TicketMessage } from './read.ts';
import { ticketMessages } from './schema.ts';
import type { MessageKind, TicketStatus } from './states.ts';
import { moveLockedTicket } from './status.ts';

/** Messages that change what an answer should say: the customer's words and replies sent to them. */
const CONVERSATION: readonly MessageKind[] = ['customer', 'agent_reply'];

/** The conversation moved on since the form was drawn: nothing was sent. */
export class ReplyRaced extends Problem {
  override name = 'ReplyRaced';
  readonly newer: TicketMessage[];
  constructor(number: string, newer: TicketMessage[]) {
    super({
      status: 409,
      type: 'ticket-reply-raced',
      title: `Not sent: ticket ${number} has ${newer.length === 1 ? 'a new message' : `${newer.length} new messages`}`,
      detail: 'Someone wrote on this ticket after you opened it. Read what is new, then send your reply again if it still fits.',
    });
    this.newer = newer;
  }
}

export interface AgentReply {
  body: string;
  /** The highest message number the agent's page showed. */
  seenSeq: number;
  staffId: string;
  /** A status to move to with the reply (waiting on the customer, solved); none keeps it (a new ticket becomes open). */
  then?: TicketStatus | null;
}

/** Messages after `seq` that an answer must take into account. */
export async function messagesAfter(db: Db, ticketId: string, seq: number): Promise<TicketMessage[]> {
  return db
    .select()
    .from(ticketMessages)
    .where(and(eq(ticketMessages.ticketId, ticketId), gt(ticketMessages.seq, seq), inArray(ticketMessages.kind, CONVERSATION)))
    .orderBy(asc(ticketMessages.seq));
}

export async function replyToTicket(platform: Platform, tx: Db, ticketId: string, reply: AgentReply): Promise<TicketMessage> {
  const ticket = await lockTicket(tx, ticketId);
  const newer = await messagesAfter(tx, ticketId, reply.seenSeq);
  if (newer.length > 0) throw new ReplyRaced(ticket.number, newer);
  const actor = { kind: 'staff' as const, id: reply.staffId };
  const message = await addTicketMessage(platform, tx, ticketId, { kind: 'agent_reply', body: reply.body, channel: 'email', actor });
  // A new ticket someone answered is open at least: it is no longer untouched.
  const then = reply.then ?? (ticket.status === 'new' ? 'open' : null);
  if (then) {
    const current = await lockTicket(tx, ticketId);
    if (current.status !== then) await moveLockedTicket(platform, tx, current, then, { actor, reason: 'With the reply' });
  }
  return message;
}
