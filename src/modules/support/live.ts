// Live updates of a ticket: once a change has committed, a message on `ticket:<id>` tells the
// pages showing it (the customer's request page, agents' console pages) to fetch it again.
// The message carries no content: whoever refetches goes through the page's own access check,
// and a ticket id is a random UUID that only those pages hand out.
import type { Platform } from '../../platform/platform.ts';

export const TICKET_TOPIC_KIND = 'ticket';
export const ticketTopic = (ticketId: string) => `${TICKET_TOPIC_KIND}:${ticketId}`;

/** What changed: the conversation (a message), the ticket's fields or status, or who is looking at it. */
export type TicketChange = 'message' | 'ticket' | 'presence';

export function openTicketTopics(platform: Platform): void {
  platform.live.allowPublic(TICKET_TOPIC_KIND);
}

/** Announces the change once the caller's transaction commits (at once outside one). */
export function announceTicketChange(platform: Platform, ticketId: string, change: TicketChange): void {
  platform.database.afterCommit(() => platform.live.publish(ticketTopic(ticketId), { change }));
}
