// Adding to a ticket's conversation, in the caller's transaction: the customer's answer (by
// the site, later by email), an agent's reply, an internal note, or a line the store writes
// itself. The ticket is locked, the message numbered, the history and the event written
// together. A customer writing to a solved ticket, or to one waiting for them, puts it back
// in front of an agent; a closed ticket takes nothing more (a new request opens a new one). An
// agent's first reply to the customer is the ticket's first answer (sla/tracking.ts).
import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { Problem } from '../../platform/http/problem.ts';
import { newId } from '../../platform/ids.ts';
import type { Platform } from '../../platform/platform.ts';
import { actorLabel, type TicketActor } from './actor.ts';
import { ticketMessageAdded } from './events.ts';
import { announceTicketChange } from './live.ts';
import { lockTicket, nextMessageSeq, recordTicketEvent } from './history.ts';
import type { TicketMessage } from './read.ts';
import { ticketMessages, tickets } from './schema.ts';
import { MESSAGE_KINDS, TICKET_CHANNELS, type MessageKind, type TicketChannel, type TicketStatus } from './states.ts';
import { applySlaChange, slaOnReply } from './sla/tracking.ts';
import { moveLockedTicket } from './status.ts';
import { checkBody, InvalidTicket } from './tickets.ts';

export interface NewTicketMessage {
  kind: MessageKind;
  body: string;
  actor: TicketActor;
  /** How it came or went; null for internal notes and the store's own lines. */
  channel?: TicketChannel | null;
  /** Sent by a machine for the customer (an out-of-office reply to our email): recorded, but it reopens nothing. */
  automatic?: boolean;
}

/** The statuses a customer's new message takes the ticket out of, back to an agent. */
const REOPENED_BY_CUSTOMER: readonly TicketStatus[] = ['solved', 'waiting_on_customer'];

export class TicketClosed extends Problem {
  override name = 'TicketClosed';
  constructor(number: string) {
    super({ status: 409, type: 'ticket-closed', title: `Ticket ${number} is closed`, detail: 'A closed ticket takes no more messages: open a new request instead.' });
  }
}

export async function addTicketMessage(platform: Platform, tx: Db, ticketId: string, input: NewTicketMessage): Promise<TicketMessage> {
  if (!MESSAGE_KINDS.includes(input.kind)) throw new InvalidTicket([{ field: 'kind', message: `must be one of ${MESSAGE_KINDS.join(', ')}` }]);
  const channel = input.channel ?? null;
  if (channel !== null && !TICKET_CHANNELS.includes(channel)) throw new InvalidTicket([{ field: 'channel', message: `must be one of ${TICKET_CHANNELS.join(', ')}` }]);
  const body = checkBody(input.body);
  if ('error' in body) throw new InvalidTicket([{ field: 'body', message: body.error }]);

  const ticket = await lockTicket(tx, ticketId);
  if (ticket.status === 'closed') throw new TicketClosed(ticket.number);
  const now = platform.clock.now();
  const actor = actorLabel(input.actor);
  const [message] = await tx
    .insert(ticketMessages)
    .values({ id: newId(), ticketId, seq: nextMessageSeq(ticketId), kind: input.kind, channel, author: actor, body: body.body, createdAt: now })
    .returning();
  await tx.update(tickets).set({ updatedAt: now }).where(eq(tickets.id, ticketId));
  if (input.kind === 'agent_reply') await applySlaChange(tx, ticket, slaOnReply(ticket, now), now);
  await recordTicketEvent(tx, ticketId, { at: now, kind: 'message_added', actor, detail: { messageId: message!.id, seq: message!.seq, kind: input.kind, ...(channel ? { channel } : {}) } });
  await platform.events.publish(tx, ticketMessageAdded, { ticketId, number: ticket.number, messageId: message!.id, kind: input.kind }, actor);
  if (input.kind === 'customer' && !input.automatic && REOPENED_BY_CUSTOMER.includes(ticket.status)) {
    await moveLockedTicket(platform, tx, ticket, 'open', { actor: input.actor, reason: 'The customer wrote again' });
  }
  announceTicketChange(platform, ticketId, 'message');
  return message!;
}
