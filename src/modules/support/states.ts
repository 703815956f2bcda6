// The ticket's vocabulary as data: the channels a request arrives by, its statuses and the one
// table of allowed status moves, its priorities and the kinds of message in a conversation.
// Everything that moves a ticket checks the table here; the database checks the same lists.

/**
 * How a request reached the desk. `web` is the contact form, `order_page` the "Ask about this
 * order" form, `delay_alert` the orders module's delay job, `checkout` a buyer handed over from
 * a failed payment; `email`, `phone`, `chat` and `callback` arrive with the rest of the desk.
 */
export const TICKET_CHANNELS = ['web', 'email', 'phone', 'chat', 'callback', 'order_page', 'delay_alert', 'checkout'] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];

export const TICKET_STATUSES = ['new', 'open', 'waiting_on_customer', 'waiting_on_third_party', 'solved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Still needs someone: everything before solved. The queue views and "one open ticket per order" read this. */
export const OPEN_STATUSES: readonly TicketStatus[] = ['new', 'open', 'waiting_on_customer', 'waiting_on_third_party'];

/**
 * Where each status may go. `new` is a request nobody has acted on yet. A solved ticket
 * reopens when the customer writes again; a closed one is final (a later message starts a new
 * ticket that can point back to it), so nothing the customer was told as "closed" changes.
 */
export const TICKET_TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  new: ['open', 'waiting_on_customer', 'waiting_on_third_party', 'solved', 'closed'],
  open: ['waiting_on_customer', 'waiting_on_third_party', 'solved', 'closed'],
  waiting_on_customer: ['open', 'waiting_on_third_party', 'solved', 'closed'],
  waiting_on_third_party: ['open', 'waiting_on_customer', 'solved', 'closed'],
  solved: ['open', 'closed'],
  closed: [],
};

export function canMoveTicket(from: TicketStatus, to: TicketStatus): boolean {
  return TICKET_TRANSITIONS[from].includes(to);
}

export function isTicketStatus(value: string): value is TicketStatus {
  return (TICKET_STATUSES as readonly string[]).includes(value);
}

export const TICKET_STATUS_LABELS: Readonly<Record<TicketStatus, string>> = {
  new: 'New',
  open: 'Open',
  waiting_on_customer: 'Waiting on the customer',
  waiting_on_third_party: 'Waiting on a third party',
  solved: 'Solved',
  closed: 'Closed',
};

/** What the customer reads about their own request: they are never "waiting on a third party", we are. */
export const TICKET_STATUS_CUSTOMER_LABELS: Readonly<Record<TicketStatus, string>> = {
  new: 'Received',
  open: 'We are on it',
  waiting_on_customer: 'Waiting for your answer',
  waiting_on_third_party: 'We are on it',
  solved: 'Solved',
  closed: 'Closed',
};

export const TICKET_CHANNEL_LABELS: Readonly<Record<TicketChannel, string>> = {
  web: 'Contact form',
  email: 'Email',
  phone: 'Phone',
  chat: 'Chat',
  callback: 'Callback request',
  order_page: 'Order page',
  delay_alert: 'Delay alert',
  checkout: 'Checkout',
};

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

/**
 * A conversation's entries: what the customer wrote (by any channel), what an agent sent them,
 * notes only staff see, and lines the store writes itself (a delay detected, a call logged).
 */
export const MESSAGE_KINDS = ['customer', 'agent_reply', 'internal_note', 'system'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

