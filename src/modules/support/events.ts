// The domain events the support desk emits, published in the transaction of the change they
// describe. Payloads carry ids and small facts, never a name, an address or a message's text:
// a handler that needs them reads the ticket.
import { defineEvent } from '../../platform/events/events.ts';
import type { MessageKind, TicketChannel, TicketStatus } from './states.ts';

export type TicketOpenedPayload = { ticketId: string; number: string; channel: TicketChannel; orderIds: string[] };
export type TicketMessagePayload = { ticketId: string; number: string; messageId: string; kind: MessageKind };
export type TicketStatusPayload = { ticketId: string; number: string; from: TicketStatus; to: TicketStatus };
export type TicketReadPayload = { ticketId: string; number: string };
export type TicketEscalatedPayload = { ticketId: string; number: string; target: 'first_response' | 'resolution'; dueAt: string };

/** A request reached the desk (its first message is part of it): for the acknowledgement email and SLA clocks. */
export const ticketOpened = defineEvent<TicketOpenedPayload>('support.ticket_opened');

/** A message after the first: a customer's answer, an agent's reply (to be emailed), an internal note. */
export const ticketMessageAdded = defineEvent<TicketMessagePayload>('support.ticket_message_added');

/** The ticket moved (solved: the satisfaction survey; waiting on the customer: the SLA clock pauses). */
export const ticketStatusChanged = defineEvent<TicketStatusPayload>('support.ticket_status_changed');

/** An agent opened the ticket for the first time (the "we have read your question" email). Published once. */
export const ticketRead = defineEvent<TicketReadPayload>('support.ticket_read');

/** The sweep found a ticket near its due time and raised its priority: the desk's leads are told. */
export const ticketEscalated = defineEvent<TicketEscalatedPayload>('support.ticket_escalated');
