// Opening a ticket, in the caller's transaction: whatever channel a request comes by (the order
// page's form, a delay the orders module detected, later an email, a call or a chat), it
// becomes one ticket with its number, the customer its email matches (a new customer record
// for an unknown sender), the orders it is about, its first message, the first row of its
// history, its answer times (sla/) and the support.ticket_opened event — together or not at
// all. A request that can arrive twice names itself with a source key; its second arrival
// finds the first ticket.
import type { Db } from '../../platform/db/database.ts';
import { Problem, type FieldError } from '../../platform/http/problem.ts';
import { newId } from '../../platform/ids.ts';
import type { Platform } from '../../platform/platform.ts';
import { emailProblem, findOrCreateCustomerByEmail, getCustomer, normalizeEmail } from '../customers/index.ts';
import { orderById } from '../orders/index.ts';
import { actorLabel, type TicketActor } from './actor.ts';
import { ticketOpened } from './events.ts';
import { recordTicketEvent } from './history.ts';
import { isBlockedSender } from './spam.ts';
import { digitsForDraw, DRAWS_PER_LENGTH, newTicketNumber, SHORTEST_DIGITS } from './numbers.ts';
import { ticketBySourceKey, type LinkedOrder, type Ticket } from './read.ts';
import { MESSAGE_MAX, SUBJECT_MAX, ticketMessages, ticketOrders, tickets } from './schema.ts';
import { slaAtOpening } from './sla/tracking.ts';
import { TICKET_CHANNELS, TICKET_PRIORITIES, type TicketChannel, type TicketPriority } from './states.ts';
import { normalizeTag, TAGS_PER_TICKET } from './tags.ts';
import { isUuid } from './uuid.ts';

export interface NewTicket {
  channel: TicketChannel;
  email: string;
  name?: string | null;
  subject: string;
  /** The first message, plain text. */
  body: string;
  /** The first message is the customer's words (default) or the store's own (a delay it detected). */
  messageKind?: 'customer' | 'system';
  orderIds?: readonly string[];
  tags?: readonly string[];
  priority?: TicketPriority;
  queue?: string;
  /** When the caller knows the customer (a signed-in customer, an order's customer); otherwise the email finds or makes one. */
  customerId?: string | null;
  actor: TicketActor;
  /** Names a request that may arrive twice (a form's one-time token, an email's Message-ID). */
  sourceKey?: string;
  /** It came from a machine (an auto-reply, a bounce): no automatic email answers it. */
  noAutoReply?: boolean;
}

/** The ticket opened with its first message's id, or (created false) the one its source key found: nothing was written. */
export type OpenedTicket = { ticket: Ticket; created: true; firstMessageId: string } | { ticket: Ticket; created: false };

const NAME_MAX = 100;
export const QUEUE_MAX = 40;
const SOURCE_KEY_MAX = 300;
const ORDERS_PER_TICKET = 20;
/** Five digits while they are easy to find, then six, seven and eight: never out of numbers. */
const NUMBER_DRAWS = DRAWS_PER_LENGTH * (8 - SHORTEST_DIGITS + 1);

/** A request the desk cannot record as it is: nothing was written. */
export class InvalidTicket extends Problem {
  override name = 'InvalidTicket';
  constructor(errors: FieldError[]) {
    super({ status: 422, type: 'invalid-ticket', title: 'The request could not be recorded', detail: errors.map((e) => `${e.field} ${e.message}`).join('; '), errors });
  }
}

/** The message body trimmed, or the reason it cannot be stored. */
export function checkBody(body: string): { body: string } | { error: string } {
  const trimmed = body.trim();
  if (trimmed === '') return { error: 'is empty' };
  if (trimmed.length > MESSAGE_MAX) return { error: `is longer than ${MESSAGE_MAX} characters` };
  return { body: trimmed };
}

/** Tags normalised, without repeats; the ones that normalise to nothing are reported. */
function cleanTags(typed: readonly string[], fail: (field: string, message: string) => void): string[] {
  const tags = new Set<string>();
  for (const [i, raw] of typed.entries()) {
    const tag = normalizeTag(raw);
    if (tag) tags.add(tag);
    else fail(`tags.${i}`, 'must be letters, digits and dashes, at most 40');
  }
  if (tags.size > TAGS_PER_TICKET) fail('tags', `must be at most ${TAGS_PER_TICKET}`);
  return [...tags];
}

/** Opens the ticket (or finds the one its source key opened). `drawNumber` is there for tests of number collisions. */
export async function openTicket(platform: Platform, tx: Db, input: NewTicket, drawNumber: (draw: number) => string = (draw) => newTicketNumber(digitsForDraw(draw))): Promise<OpenedTicket> {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });
  if (!TICKET_CHANNELS.includes(input.channel)) fail('channel', `must be one of ${TICKET_CHANNELS.join(', ')}`);
  const emailIssue = emailProblem(input.email);
  if (emailIssue) fail('email', emailIssue);
  const subject = input.subject.trim().replace(/\s+/g, ' ');
  if (subject === '') fail('subject', 'is empty');
  if (subject.length > SUBJECT_MAX) fail('subject', `is longer than ${SUBJECT_MAX} characters`);
  const body = checkBody(input.body);
  if ('error' in body) fail('body', body.error);
  const name = (input.name ?? '').trim().slice(0, NAME_MAX);
  const priority = input.priority ?? 'normal';
  if (!TICKET_PRIORITIES.includes(priority)) fail('priority', `must be one of ${TICKET_PRIORITIES.join(', ')}`);
  const queue = (input.queue ?? 'general').trim();
  if (queue === '' || queue.length > QUEUE_MAX) fail('queue', `must be 1 to ${QUEUE_MAX} characters`);
  const tags = cleanTags(input.tags ?? [], fail);
  const orderIds = [...new Set(input.orderIds ?? [])];
  if (orderIds.length > ORDERS_PER_TICKET) fail('orderIds', `must be at most ${ORDERS_PER_TICKET}`);
  const linked: LinkedOrder[] = [];
  for (const [i, orderId] of orderIds.entries()) {
    const order = isUuid(orderId) ? await orderById(tx, orderId) : null;
    if (order) linked.push({ orderId: order.id, orderNumber: order.number });
    else fail(`orderIds.${i}`, 'is not an order');
  }
  if (input.customerId && !isUuid(input.customerId)) fail('customerId', 'must be a uuid');
  if (input.sourceKey !== undefined && (input.sourceKey === '' || input.sourceKey.length > SOURCE_KEY_MAX)) fail('sourceKey', `must be 1 to ${SOURCE_KEY_MAX} characters`);
  if (errors.length > 0 || 'error' in body) throw new InvalidTicket(errors);

  // A source key seen before is found after the insert below does nothing: a request that
  // arrives once (nearly all) costs no lookup.
  const email = normalizeEmail(input.email);
  const customer = (input.customerId ? await getCustomer(tx, input.customerId) : null) ?? (await findOrCreateCustomerByEmail(tx, email, name || undefined));
  const now = platform.clock.now();
  const actor = actorLabel(input.actor);
  // The answer times promised to this customer's tier for this channel, fixed now.
  const sla = await slaAtOpening(platform, tx, customer.tier, input.channel, now);
  // A blocked sender's request is kept (nothing is lost if the block was a mistake) but opens as spam.
  const spamAt = (await isBlockedSender(tx, email)) ? now : null;

  for (let draw = 0; draw < NUMBER_DRAWS; draw++) {
    // ON CONFLICT DO NOTHING on any unique key (the number or the source key) rather than
    // catching a violation, which on PostgreSQL would abort the caller's whole transaction.
    // A concurrent insert with the same source key waits here until the other one commits.
    const [row] = await tx
      .insert(tickets)
      .values({
        id: newId(),
        number: drawNumber(draw),
        channel: input.channel,
        customerId: customer.id,
        email,
        name: name || customer.name || null,
        subject,
        status: 'new',
        priority,
        queue,
        tags,
        sourceKey: input.sourceKey ?? null,
        noAutoReply: input.noAutoReply ?? false,
        createdAt: now,
        updatedAt: now,
        spamAt,
        ...sla,
      })
      .onConflictDoNothing()
      .returning();
    if (row) {
      if (linked.length > 0) await tx.insert(ticketOrders).values(linked.map((order) => ({ ticketId: row.id, ...order, linkedAt: now })));
      const messageId = newId();
      await tx.insert(ticketMessages).values({ id: messageId, ticketId: row.id, seq: 1, kind: input.messageKind ?? 'customer', channel: input.channel, author: actor, body: body.body, createdAt: now });
      await recordTicketEvent(tx, row.id, { at: now, kind: 'opened', actor, detail: { channel: input.channel, orders: linked.map((o) => o.orderNumber), tags, priority, queue, messageId } });
      await platform.events.publish(tx, ticketOpened, { ticketId: row.id, number: row.number, channel: input.channel, orderIds: linked.map((o) => o.orderId) }, actor);
      return { ticket: { ...row, orders: linked }, created: true, firstMessageId: messageId };
    }
    if (input.sourceKey) {
      const existing = await ticketBySourceKey(tx, input.sourceKey);
      if (existing) return { ticket: existing, created: false };
    }
    // Nothing with this source key: the number was taken. Draw another.
  }
  throw new Error(`No free ticket number after ${NUMBER_DRAWS} draws`);
}
