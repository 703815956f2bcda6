// Macros: canned replies the desk writes once and agents insert into an answer. Their text
// may name the ticket's facts with placeholders, filled when the macro is inserted, so the
// agent sees (and can still change) the exact words the customer will read before sending.
// A placeholder that has no value for this ticket (no order linked) is left visible, in its
// braces, so the agent notices it rather than sending a sentence with a hole in it.
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { Problem, type FieldError } from '../../platform/http/problem.ts';
import { newId } from '../../platform/ids.ts';
import type { Platform } from '../../platform/platform.ts';
import { orderById, orderPageUrl } from '../orders/index.ts';
import { getStoreProfile } from '../site/index.ts';
import { actorLabel, type TicketActor } from './actor.ts';
import type { Ticket } from './read.ts';
import { MESSAGE_MAX, supportMacros } from './schema.ts';
import { formatPromisedAnswer } from './sla/promise.ts';
import { isUuid } from './uuid.ts';

export type Macro = typeof supportMacros.$inferSelect;

export const MACRO_TITLE_MAX = 80;

/** The placeholders a macro may use, with what each becomes. */
export const MACRO_PLACEHOLDERS: Readonly<Record<string, string>> = {
  'customer.name': 'The customer’s first name (“there” when we do not know it)',
  'ticket.number': 'The request number, e.g. T-48213',
  'order.number': 'The number of the order the request is about (the first, when several)',
  'tracking.link': 'The link to that order’s page, where each parcel’s tracking is shown (signed: it opens without an account)',
  'promised.time': 'When we promised to answer or solve it, e.g. “by Tuesday 8 December, 14:00 (New York time)”',
  'agent.name': 'Your name',
};

const PLACEHOLDER = /\{\{\s*([a-z]+\.[a-z]+)\s*\}\}/g;

export class InvalidMacro extends Problem {
  override name = 'InvalidMacro';
  constructor(errors: FieldError[]) {
    super({ status: 422, type: 'invalid-macro', title: 'The macro could not be saved', detail: errors.map((e) => `${e.field} ${e.message}`).join('; '), errors });
  }
}

export interface MacroInput {
  title: string;
  body: string;
}

/** Field errors of a macro as typed (empty when it can be saved). */
export function checkMacro(input: MacroInput): FieldError[] {
  const errors: FieldError[] = [];
  const title = input.title.trim();
  if (title === '') errors.push({ field: 'title', message: 'is empty' });
  else if (title.length > MACRO_TITLE_MAX) errors.push({ field: 'title', message: `is longer than ${MACRO_TITLE_MAX} characters` });
  const body = input.body.trim();
  if (body === '') errors.push({ field: 'body', message: 'is empty' });
  else if (body.length > MESSAGE_MAX) errors.push({ field: 'body', message: `is longer than ${MESSAGE_MAX} characters` });
  const unknown = [...body.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((name) => !(name in MACRO_PLACEHOLDERS));
  if (unknown.length > 0) errors.push({ field: 'body', message: `uses ${[...new Set(unknown)].map((n) => `{{${n}}}`).join(', ')}, which is not a placeholder (see the list)` });
  return errors;
}

export async function listMacros(db: Db): Promise<Macro[]> {
  return db.select().from(supportMacros).orderBy(asc(sql`lower(${supportMacros.title})`));
}

export async function macroById(db: Db, id: string): Promise<Macro | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(supportMacros).where(eq(supportMacros.id, id));
  return row ?? null;
}

const titleTaken = (title: string) => new InvalidMacro([{ field: 'title', message: `“${title}” is the title of another macro` }]);

/** Creates (no id) or changes a macro. Titles are unique whatever their case. */
export async function saveMacro(platform: Platform, tx: Db, id: string | null, input: MacroInput, by: TicketActor): Promise<Macro> {
  const errors = checkMacro(input);
  if (errors.length > 0) throw new InvalidMacro(errors);
  const title = input.title.trim().replace(/\s+/g, ' ');
  const body = input.body.trim();
  const now = platform.clock.now();
  const updatedBy = actorLabel(by);
  if (id === null) {
    const [row] = await tx.insert(supportMacros).values({ id: newId(), title, body, createdAt: now, updatedAt: now, updatedBy }).onConflictDoNothing().returning();
    if (!row) throw titleTaken(title);
    return row;
  }
  if (!(await macroById(tx, id))) throw macroNotFound();
  const [clash] = await tx
    .select({ id: supportMacros.id })
    .from(supportMacros)
    .where(sql`lower(${supportMacros.title}) = lower(${title}) and ${supportMacros.id} <> ${id}`);
  if (clash) throw titleTaken(title);
  const [row] = await tx.update(supportMacros).set({ title, body, updatedAt: now, updatedBy }).where(eq(supportMacros.id, id)).returning();
  return row!;
}

export const macroNotFound = () => new Problem({ status: 404, type: 'macro-not-found', title: 'We could not find that macro', detail: 'It may have been deleted: see the list of macros.' });

export async function deleteMacro(tx: Db, id: string): Promise<void> {
  if (!isUuid(id)) throw macroNotFound();
  const deleted = await tx.delete(supportMacros).where(eq(supportMacros.id, id)).returning({ id: supportMacros.id });
  if (deleted.length === 0) throw macroNotFound();
}

/** The values of the placeholders for this ticket and agent; absent when the ticket has none. */
export async function placeholderValues(platform: Platform, db: Db, ticket: Ticket, agentName: string): Promise<Record<string, string>> {
  const values: Record<string, string> = {
    'customer.name': ticket.name?.trim().split(/\s+/)[0] || 'there',
    'ticket.number': ticket.number,
    'agent.name': agentName,
  };
  const linked = ticket.orders[0];
  const order = linked ? await orderById(db, linked.orderId) : null;
  if (order) {
    values['order.number'] = order.number;
    values['tracking.link'] = orderPageUrl(platform, order);
  }
  const due = ticket.firstRespondedAt ? ticket.resolutionDueAt : ticket.firstResponseDueAt;
  if (due) values['promised.time'] = formatPromisedAnswer(due, await getStoreProfile(platform));
  return values;
}

/** The macro's text with its placeholders filled; the ones without a value stay as typed. */
export function fillPlaceholders(body: string, values: Readonly<Record<string, string>>): string {
  return body.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}

/** Placeholders still in the text (no value for this ticket): the preview names them. */
export function unfilledPlaceholders(body: string): string[] {
  return [...new Set([...body.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}
