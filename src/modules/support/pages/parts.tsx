// Small pieces the desk's pages share: a ticket's status badge, its tags, how old it is, the
// answer time it is working to, a message's text with its line breaks, and who an actor label names.
import { Fragment } from 'preact';
import { formatDateTime } from '../../../web/dates.ts';
import type { CustomerTier } from '../../customers/index.ts';
import type { Ticket } from '../read.ts';
import type { TicketStatus } from '../states.ts';
import { TICKET_STATUS_LABELS } from '../states.ts';

export const ADMIN_SUPPORT_PATH = '/admin/support';
export const ANSWER_TIMES_PATH = `${ADMIN_SUPPORT_PATH}/answer-times`;
export const MACROS_PATH = `${ADMIN_SUPPORT_PATH}/macros`;
export const SATISFACTION_PATH = `${ADMIN_SUPPORT_PATH}/satisfaction`;
export const ESCALATION_PATH = `${ADMIN_SUPPORT_PATH}/escalation`;

export const TIER_LABELS: Readonly<Record<CustomerTier, string>> = { standard: 'Standard', premium: 'Premium', platinum: 'Platinum' };
export const adminTicketPath = (number: string) => `${ADMIN_SUPPORT_PATH}/${number}`;
export const adminOrderPath = (number: string) => `/admin/orders/${number}`;

/** The order-status badge tones, reused: what still needs someone stands out. */
const TONES: Partial<Record<TicketStatus, string>> = {
  new: 'order-status--attention',
  waiting_on_customer: 'order-status--done',
  waiting_on_third_party: 'order-status--done',
  solved: 'order-status--done',
  closed: 'order-status--stopped',
};

export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  const tone = TONES[status];
  return <span class={tone ? `badge ${tone}` : 'badge'}>{TICKET_STATUS_LABELS[status]}</span>;
}

export function Tags({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return <span class="muted">—</span>;
  return <span>{tags.join(', ')}</span>;
}

/** "12 min", "5 h", "3 d": how long a ticket has been waiting, at a glance. */
export function age(since: Date, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

/** "2 h 10 min", "35 min", "3 d 4 h": a span read at a glance, to the minute below a day. */
export function span(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** "2 h 10 min left", "overdue 35 min": a due time against now. */
export function timeLeft(due: Date, now: Date): string {
  return due > now ? `${span(due.getTime() - now.getTime())} left` : `overdue ${span(now.getTime() - due.getTime())}`;
}

/** The promise a ticket still works to: its first answer until one is sent, then its solution; none once solved. */
export function nextDue(ticket: Ticket): { what: 'First answer' | 'Solution'; due: Date } | null {
  if (ticket.status === 'solved' || ticket.status === 'closed') return null;
  if (!ticket.firstRespondedAt && ticket.firstResponseDueAt) return { what: 'First answer', due: ticket.firstResponseDueAt };
  return ticket.resolutionDueAt ? { what: 'Solution', due: ticket.resolutionDueAt } : null;
}

/** The list's "Due" cell: what is due, when, and how long is left (or how late it is); the clock stands still while paused. */
export function DueCell({ ticket, now, format }: { ticket: Ticket; now: Date; format: { locale: string; timeZone: string } }) {
  const next = nextDue(ticket);
  if (!next) return <span class="muted">—</span>;
  const late = next.due <= now;
  const paused = next.what === 'Solution' && ticket.slaPausedAt !== null;
  return (
    <span>
      {next.what}{' '}
      <time dateTime={next.due.toISOString()} title={formatDateTime(next.due, format.locale, format.timeZone)}>
        {formatDateTime(next.due, format.locale, format.timeZone)}
      </time>
      <br />
      <span class={late && !paused ? 'field__error' : 'muted'}>{paused ? 'Paused: waiting on the customer' : timeLeft(next.due, now)}</span>
    </span>
  );
}

/** Plain text as typed: paragraphs at blank lines, line breaks kept, everything escaped by the renderer. */
export function MessageText({ body }: { body: string }) {
  return (
    <>
      {body.split(/\n{2,}/).map((paragraph, i) => (
        <p key={i}>
          {paragraph.split('\n').map((line, j) => (
            <Fragment key={j}>
              {j > 0 && <br />}
              {line}
            </Fragment>
          ))}
        </p>
      ))}
    </>
  );
}

/** "staff:<id>" → the staff member's name when known; the customer and the store by role. */
export function actorName(label: string, staffNames: ReadonlyMap<string, string>): string {
  const [kind, id] = label.split(':', 2);
  if (kind === 'staff') return id && staffNames.has(id) ? staffNames.get(id)! : 'A staff member';
  if (kind === 'customer') return 'The customer';
  return 'The store';
}
