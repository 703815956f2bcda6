// The support desk's public face: opening tickets from any channel (the order page's form, the
// orders module's delay job, later email, phone, chat and callbacks), their conversation and
// status moves with their events, and what other modules read (an order's tickets, the open
// one a job should update, how many carry a tag), the answer times promised by tier and channel
// (sla/), the satisfaction survey, and the facts the notifications module writes emails from.
// It owns the ticket tables; nobody else writes them.
import type { Module } from '../../platform/module.ts';
import { registerInboundMail, startInboundSmtp } from './inbound/routes.ts';
import { registerSupportRoutes } from './pages/routes.ts';
import { escalateNearBreaches } from './sla/escalation.ts';
import { SLA_SWEEP_CRON, SLA_SWEEP_JOB, sweepSlaBreaches } from './sla/sweep.ts';
import { openTicketTopics } from './live.ts';

export { actorLabel as ticketActorLabel, type TicketActor } from './actor.ts';
export { ticketForEmail, messageForEmail, type MessageForEmail, type TicketForEmail } from './email-facts.ts';
export {
  ticketEscalated,
  ticketMessageAdded,
  ticketOpened,
  ticketRead,
  ticketStatusChanged,
  type TicketEscalatedPayload,
  type TicketMessagePayload,
  type TicketOpenedPayload,
  type TicketReadPayload,
  type TicketStatusPayload,
} from './events.ts';
export { addTicketMessage, TicketClosed, type NewTicketMessage } from './messages.ts';
export { normalizeTicketNumber } from './numbers.ts';
export { currentTicket } from './merge.ts';
export { requestLink } from './requests.ts';
export { countTicketsTaggedPerDay, type TaggedDay } from './per-day.ts';
export {
  countTicketsTagged,
  findOpenTicketFor,
  ticketById,
  ticketByNumber,
  ticketHistory,
  ticketMessagesOf,
  ticketsForOrder,
  type LinkedOrder,
  type Ticket,
  type TicketEvent,
  type TicketMessage,
} from './read.ts';
export { ratingLink, type TicketRating } from './ratings.ts';
export { MESSAGE_MAX, RATINGS, type Rating } from './schema.ts';
export { formatPromisedAnswer, promisedAnswer, type PromisedAnswer } from './sla/promise.ts';
export {
  canMoveTicket,
  MESSAGE_KINDS,
  OPEN_STATUSES,
  TICKET_CHANNELS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TICKET_STATUS_LABELS,
  TICKET_TRANSITIONS,
  type MessageKind,
  type TicketChannel,
  type TicketPriority,
  type TicketStatus,
} from './states.ts';
export { registerTicketSection, type TicketSection, type TicketSectionContext } from './sections.ts';
export { IllegalTicketTransition, markTicketRead, setTicketStatus, type StatusChangeBy } from './status.ts';
export { normalizeTag, WHERE_IS_MY_ORDER_TAG } from './tags.ts';
export { InvalidTicket, openTicket, type NewTicket, type OpenedTicket } from './tickets.ts';
export { registerInboundMailHooks, type InboundMailHooks, type SentMailMatch } from './inbound/hooks.ts';

export const supportModule: Module = {
  name: 'support',
  register(app, platform) {
    registerSupportRoutes(app, platform);
    registerInboundMail(app, platform);
    openTicketTopics(platform);
    // One sweep: escalate what draws near its due time, then record what passed it.
    platform.jobs.schedule(SLA_SWEEP_JOB, SLA_SWEEP_CRON, async () => {
      await escalateNearBreaches(platform);
      await sweepSlaBreaches(platform);
    });
  },
  ready: startInboundSmtp,
};
