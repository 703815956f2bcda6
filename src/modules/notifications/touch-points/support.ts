// Touch points for a request to the support desk (seed 004: "your question was received, we
// will answer you in the next 10 hours", later "we have read your question, we are finding the
// best solution"), then each agent reply and the solution with its one-click rating.
//
// Every email carries the ticket number in its subject ("[#T-48213]") and threads on the
// ticket, so a reply lands on the same request. None sells: a request usually starts with a
// problem, and the solved email's one question is whether we helped; products beside it would
// read as selling to someone who may not have got the answer they hoped for.
import type { Db } from '../../../platform/db/database.ts';
import type { Platform } from '../../../platform/platform.ts';
import { orderById, orderByNumber, orderPageUrl } from '../../orders/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import { activeIncidentsIn, componentNames, incidentMatchingRequest, INCIDENTS_PUBLIC_PATH } from '../../status-incidents/index.ts';
import { activeStaff } from '../../staff/index.ts';
import {
  formatPromisedAnswer,
  messageForEmail,
  promisedAnswer,
  RATINGS,
  ratingLink,
  requestLink,
  ticketEscalated,
  ticketForEmail,
  ticketMessageAdded,
  ticketMessagesOf,
  ticketOpened,
  ticketRead,
  ticketsForOrder,
  ticketById,
  ticketStatusChanged,
  type Rating,
  type TicketChannel,
  type TicketForEmail,
} from '../../support/index.ts';
import { defineTouchPoint, type Block, type Letter, type TouchPoint } from './define.ts';

const TICKET_PLACEHOLDERS: Record<string, string> = {
  'ticket.number': 'The request number, e.g. T-48213',
  'ticket.subject': 'The subject of the request',
};

/**
 * Channels whose requests get no "received" or "read" email: on the phone and in a chat the
 * customer is talking to us already, and a delay alert is the store's own note, not a question.
 */
const NOT_ACKNOWLEDGED: readonly TicketChannel[] = ['phone', 'chat', 'delay_alert'];

/**
 * Whether the customer asked this themselves, by a channel where an acknowledgement helps:
 * a request staff opened for the customer (its first message is theirs) was acknowledged by
 * whoever took it, in person.
 */
function askedByCustomer(ticket: TicketForEmail): boolean {
  // A request from a machine (an out-of-office reply, a bounce) is not answered by another machine: that is how mail loops start.
  if (NOT_ACKNOWLEDGED.includes(ticket.channel) || ticket.noAutoReply) return false;
  return ticket.firstMessageFromCustomer;
}

function ticketLetter(ticket: TicketForEmail, about: string, blocks: Block[], values: Record<string, string> = {}): Letter {
  const first = ticket.name?.trim().split(/\s+/)[0] ?? '';
  return {
    to: ticket.email,
    about,
    ticketId: ticket.id,
    thread: `ticket.${ticket.id}`,
    values: { ...(first ? { 'customer.name': first } : {}), 'ticket.number': ticket.number, 'ticket.subject': ticket.subject, ...values },
    blocks,
  };
}

const REPLY_HINT = (ticket: TicketForEmail): Block => ({
  kind: 'paragraph',
  text: `To add something, just reply to this email: it joins request ${ticket.number}.`,
});

/** The signed link to the request's page (status, promised time, the whole conversation): what a guest follows it by. */
const REQUEST_LINK = (platform: Platform, ticket: TicketForEmail): Block => ({ kind: 'link', label: `Follow request ${ticket.number}`, url: requestLink(platform, ticket) });

/** The signed link to the order the request is about, when there is exactly one. */
async function orderLink(platform: Platform, tx: Db, orderIds: readonly string[]): Promise<Block[]> {
  if (orderIds.length !== 1) return [];
  const order = await orderById(tx, orderIds[0]!);
  return order ? [{ kind: 'link', label: `See order ${order.number}`, url: orderPageUrl(platform, order) }] : [];
}

/**
 * When the request is about a part of the store an open incident affects (status-incidents'
 * `incidentMatchingRequest`: a word for that part in its tags, subject or first message), the
 * acknowledgement says we know, where it stands, and where to follow it.
 */
async function knownIncident(platform: Platform, tx: Db, ticket: TicketForEmail): Promise<Block[]> {
  const open = await activeIncidentsIn(platform, tx);
  if (open.length === 0) return [];
  const full = await ticketById(tx, ticket.id);
  const incident = incidentMatchingRequest(open, { subject: ticket.subject, text: ticket.firstMessageExcerpt, tags: full?.tags ?? [] });
  if (!incident) return [];
  const latest = incident.updates[0];
  return [
    {
      kind: 'paragraph',
      text: `You may be writing about something we already know of: “${incident.title}” (${componentNames(incident.components)}). ${latest ? `Our latest update: ${latest.message}` : ''}`.trim(),
    },
    { kind: 'link', label: 'Follow it on our status page', url: `${platform.config.baseUrl}${INCIDENTS_PUBLIC_PATH}/${incident.id}` },
  ];
}

/** For previews: a request about the order with this number (none without one). */
async function previewTicket(db: Db, orderNumber: string | undefined): Promise<(TicketForEmail & { orderIds: string[] }) | null> {
  const order = orderNumber ? await orderByNumber(db, orderNumber) : null;
  const [ticket] = order ? await ticketsForOrder(db, order.id) : [];
  const facts = ticket ? await ticketForEmail(db, ticket.id) : null;
  return facts && ticket ? { ...facts, orderIds: ticket.orders.map((linked) => linked.orderId) } : null;
}

export const supportReceived = defineTouchPoint({
  key: 'support.received',
  group: 'Support',
  title: 'Request received',
  when: 'When a customer sends a question (not for calls and chats, where they are talking to us already).',
  event: ticketOpened,
  kind: 'transactional',
  sells: false,
  defaults: {
    subject: 'We have your question [#{{ticket.number}}]',
    intro: 'Thank you for writing to us. We have your question and will answer you {{ticket.answer_by}}.',
  },
  placeholders: { ...TICKET_PLACEHOLDERS, 'ticket.answer_by': 'When we promise to answer, e.g. “by Tuesday 8 December, 14:00 (New York time)”' },
  async letters(platform, tx, event) {
    const ticket = await ticketForEmail(tx, event.payload.ticketId);
    if (!ticket || !askedByCustomer(ticket)) return [];
    const promise = ticket.promisedAnswer;
    const answerBy = promise ? formatPromisedAnswer(promise.dueAt, await getStoreProfile(platform)) : 'as soon as we can';
    return [
      ticketLetter(
        ticket,
        `ticket:${ticket.id}`,
        [
          {
            kind: 'facts',
            rows: [
              { label: 'Request', value: ticket.number },
              { label: 'Subject', value: ticket.subject },
              ...(ticket.orderNumbers.length > 0 ? [{ label: ticket.orderNumbers.length > 1 ? 'Orders' : 'Order', value: ticket.orderNumbers.join(', ') }] : []),
            ],
          },
          ...(ticket.firstMessageExcerpt ? [{ kind: 'paragraph' as const, text: `You wrote: “${ticket.firstMessageExcerpt}”` }] : []),
          ...(await orderLink(platform, tx, event.payload.orderIds)),
          ...(await knownIncident(platform, tx, ticket)),
          REQUEST_LINK(platform, ticket),
          REPLY_HINT(ticket),
        ],
        { 'ticket.answer_by': answerBy },
      ),
    ];
  },
  async preview(db, number) {
    const ticket = await previewTicket(db, number);
    return ticket ? { ticketId: ticket.id, number: ticket.number, channel: ticket.channel, orderIds: ticket.orderIds } : null;
  },
});

export const supportRead = defineTouchPoint({
  key: 'support.read',
  group: 'Support',
  title: 'Request read',
  when: 'When someone at the desk opens the request for the first time.',
  event: ticketRead,
  kind: 'transactional',
  sells: false,
  defaults: {
    subject: 'We are on your question [#{{ticket.number}}]',
    intro: 'We have read your question and are finding the best solution.',
  },
  placeholders: TICKET_PLACEHOLDERS,
  async letters(_platform, tx, event) {
    const ticket = await ticketForEmail(tx, event.payload.ticketId);
    if (!ticket || !askedByCustomer(ticket)) return [];
    // Already answered or done: the answer itself is the news.
    if (ticket.status === 'solved' || ticket.status === 'closed') return [];
    return [
      ticketLetter(ticket, `ticket:${ticket.id}`, [
        { kind: 'facts', rows: [{ label: 'Request', value: ticket.number }, { label: 'Subject', value: ticket.subject }] },
        { kind: 'paragraph', text: 'We write again as soon as we have the answer.' },
        REPLY_HINT(ticket),
      ]),
    ];
  },
  async preview(db, number) {
    const ticket = await previewTicket(db, number);
    return ticket ? { ticketId: ticket.id, number: ticket.number } : null;
  },
});

const SAID_LIVE: readonly TicketChannel[] = ['phone', 'chat', 'callback'];

export const supportReply = defineTouchPoint({
  key: 'support.reply',
  group: 'Support',
  title: 'Our reply',
  when: 'Each time someone at the desk writes to the customer (not for internal notes, nor for what was said on the phone or in a chat).',
  event: ticketMessageAdded,
  kind: 'transactional',
  sells: false,
  defaults: {
    subject: 'Re: {{ticket.subject}} [#{{ticket.number}}]',
    intro: '{{agent.name}} answered your question.',
  },
  placeholders: { ...TICKET_PLACEHOLDERS, 'agent.name': 'The name of who answered, or “Our team”' },
  async letters(platform, tx, event) {
    if (event.payload.kind !== 'agent_reply') return [];
    // One after another: a transaction is one connection, which runs one statement at a time.
    const message = await messageForEmail(tx, event.payload.messageId);
    const ticket = await ticketForEmail(tx, event.payload.ticketId);
    const conversation = await ticketMessagesOf(tx, event.payload.ticketId);
    if (!message || !ticket || message.kind !== 'agent_reply') return [];
    // A reply the agent logged as said on the phone or in a chat was heard already.
    const channel = conversation.find((entry) => entry.id === message.id)?.channel;
    if (channel && SAID_LIVE.includes(channel)) return [];
    const agent = message.authorName?.trim() || 'Our team';
    const paragraphs = message.body
      .split(/\n\s*\n/)
      .map((part) => part.trim())
      .filter((part) => part !== '');
    return [
      ticketLetter(
        ticket,
        // Its own subject: a second reply is a second email.
        `ticket-message:${message.id}`,
        [...paragraphs.map((text): Block => ({ kind: 'paragraph', text })), { kind: 'paragraph', text: `— ${agent}` }, { kind: 'paragraph', text: 'To answer, just reply to this email.' }, REQUEST_LINK(platform, ticket)],
        { 'agent.name': agent },
      ),
    ];
  },
  preview: async () => null,
});

/** "Did we help?": each answer lands on the desk's page, whose button records it. */
const RATING_LABELS: Record<Rating, string> = { good: 'Good', bad: 'Not good' };

export const supportSolved = defineTouchPoint({
  key: 'support.solved',
  group: 'Support',
  title: 'Request solved',
  when: 'When the desk marks a request solved; asks with one click whether we helped.',
  event: ticketStatusChanged,
  kind: 'transactional',
  sells: false,
  defaults: {
    subject: 'Solved: {{ticket.subject}} [#{{ticket.number}}]',
    intro: 'We have marked your request {{ticket.number}} as solved.',
  },
  placeholders: TICKET_PLACEHOLDERS,
  async letters(platform, tx, event) {
    if (event.payload.to !== 'solved') return [];
    const ticket = await ticketForEmail(tx, event.payload.ticketId);
    if (!ticket || !(await customerTookPart(tx, ticket.id))) return [];
    return [
      ticketLetter(
        ticket,
        // A request reopened and solved again is a new moment, with its own question.
        `ticket-solved:${event.id}`,
        [
          { kind: 'choices', prompt: 'How did we do?', options: RATINGS.map((rating) => ({ label: RATING_LABELS[rating], url: ratingLink(platform, ticket, rating) })) },
          { kind: 'paragraph', text: 'Something still not right? Just reply to this email and the request opens again.' },
        ],
      ),
    ];
  },
  async preview(db, number) {
    const ticket = await previewTicket(db, number);
    return ticket ? { ticketId: ticket.id, number: ticket.number, from: 'open' as const, to: 'solved' as const } : null;
  },
});

/** The customer wrote or was written to: a request that was only the store's own note asks nobody to rate it. */
async function customerTookPart(tx: Db, ticketId: string): Promise<boolean> {
  const messages = await ticketMessagesOf(tx, ticketId);
  return messages.some((message) => message.kind === 'customer' || message.kind === 'agent_reply');
}

const TARGET_WORDS: Record<'first_response' | 'resolution', string> = { first_response: 'first answer', resolution: 'solution' };

/**
 * The desk's leads hear of a ticket drawing near its promised time, so someone takes it before
 * the promise breaks. To every active lead (the admins when the desk has no lead).
 */
export const supportEscalated = defineTouchPoint({
  key: 'support.escalated',
  group: 'Support',
  title: 'Escalation to the leads',
  when: 'To the desk’s leads when a request is near its promised answer or solution time and still waiting (the share is set under Support → Escalation).',
  event: ticketEscalated,
  kind: 'transactional',
  sells: false,
  defaults: {
    subject: 'Escalated: {{ticket.number}} is due {{ticket.due}}',
    intro: 'A request is close to the time we promised and still waits for its {{ticket.target}}.',
  },
  placeholders: { ...TICKET_PLACEHOLDERS, 'ticket.due': 'When it is due, in the store’s time zone', 'ticket.target': '“first answer” or “solution”' },
  async letters(platform, tx, event) {
    const ticket = await ticketForEmail(tx, event.payload.ticketId);
    if (!ticket) return [];
    const staff = await activeStaff(tx);
    const leads = staff.filter((person) => person.role === 'lead');
    const to = leads.length > 0 ? leads : staff.filter((person) => person.role === 'admin');
    const profile = await getStoreProfile(platform, tx);
    const due = formatPromisedAnswer(new Date(event.payload.dueAt), profile).replace(/^by /, '');
    const console = new URL(`/admin/support/${ticket.number}`, platform.config.baseUrl).href;
    return to.map((person) => ({
      to: person.email,
      about: `ticket-escalated:${ticket.id}`,
      ticketId: ticket.id,
      values: { 'customer.name': person.name.split(/\s+/)[0] ?? '', 'ticket.number': ticket.number, 'ticket.subject': ticket.subject, 'ticket.due': due, 'ticket.target': TARGET_WORDS[event.payload.target] },
      blocks: [
        { kind: 'facts', rows: [{ label: 'Request', value: ticket.number }, { label: 'Subject', value: ticket.subject }, { label: 'From', value: ticket.email }, { label: 'Due', value: due }] },
        { kind: 'button', label: `Open ${ticket.number} in the console`, url: console },
      ],
    }));
  },
  async preview(db, number) {
    const ticket = await previewTicket(db, number);
    const promise = ticket ? await promisedAnswer(db, ticket.id) : null;
    return ticket && promise ? { ticketId: ticket.id, number: ticket.number, target: 'first_response' as const, dueAt: promise.dueAt.toISOString() } : null;
  },
});

export const SUPPORT_TOUCH_POINTS = [supportReceived, supportRead, supportReply, supportSolved, supportEscalated] as TouchPoint[];
