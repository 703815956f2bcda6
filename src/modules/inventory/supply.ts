// Inbound supply: purchase-order lines the merchant expects at a location on a day. Until
// received they date backorders (see promise-for.ts), so creating or cancelling one is
// announced like a stock change; receiving adds the units through the ledger as a receipt
// whose reference is "po:<id>".
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { isLocalDate, localDateOf, type LocalDate } from '../../platform/calendar.ts';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import type { Platform } from '../../platform/platform.ts';
import { getStoreProfile } from '../site/index.ts';
import { changeStock } from './adjust.ts';
import { announceStockChange, type AnnounceDeps } from './announce.ts';
import { inboundSupply, stockLocations, type InboundStatus } from './schema.ts';

export interface SupplyInput {
  /** The purchase-order number or the supplier's reference; may be empty. */
  reference: string;
  variantId: string;
  locationId: string;
  quantity: number;
  expectedOn: LocalDate;
  note: string;
}

export interface SupplyLine extends SupplyInput {
  id: string;
  received: number;
  /** Units still to come: quantity less received. */
  outstanding: number;
  status: InboundStatus;
  createdBy: string;
  createdAt: Date;
}

export interface SupplyProblem {
  field: keyof SupplyInput;
  message: string;
}

export const SUPPLY_LIMITS = { reference: 100, note: 500, reason: 500, quantity: 1_000_000 } as const;

/** Today in the store's time zone: the day expected receipts are compared with. Call it outside a transaction. */
export async function storeToday(platform: Platform): Promise<LocalDate> {
  return localDateOf(platform.clock.now(), (await getStoreProfile(platform)).timeZone);
}

/** The reference a receipt's ledger rows carry. */
export const supplyReference = (id: string): string => `po:${id}`;

function quantityProblem(quantity: number, limit: number): string | null {
  if (!Number.isInteger(quantity) || quantity <= 0) return 'Enter a whole number of units, at least 1.';
  if (quantity > limit) return `Enter at most ${limit}.`;
  return null;
}

export function supplyProblems(input: SupplyInput, today: LocalDate): SupplyProblem[] {
  const problems: SupplyProblem[] = [];
  if (input.reference.length > SUPPLY_LIMITS.reference) problems.push({ field: 'reference', message: `Use at most ${SUPPLY_LIMITS.reference} characters.` });
  const quantity = quantityProblem(input.quantity, SUPPLY_LIMITS.quantity);
  if (quantity) problems.push({ field: 'quantity', message: quantity });
  if (!isLocalDate(input.expectedOn)) problems.push({ field: 'expectedOn', message: 'Enter the expected date as YYYY-MM-DD.' });
  else if (input.expectedOn < today) problems.push({ field: 'expectedOn', message: `The expected date cannot be in the past (today is ${today}).` });
  if (input.note.length > SUPPLY_LIMITS.note) problems.push({ field: 'note', message: `Use at most ${SUPPLY_LIMITS.note} characters.` });
  return problems;
}

export type CreateSupplyOutcome = { kind: 'created'; id: string } | { kind: 'invalid'; problems: SupplyProblem[] };

export async function createSupply(deps: AnnounceDeps, tx: Db, input: SupplyInput, today: LocalDate, actor: string): Promise<CreateSupplyOutcome> {
  const problems = supplyProblems(input, today);
  const [location] = await tx.select({ id: stockLocations.id }).from(stockLocations).where(eq(stockLocations.id, input.locationId));
  if (!location) problems.push({ field: 'locationId', message: 'Choose one of the stock locations.' });
  if (problems.length) return { kind: 'invalid', problems };
  const id = newId();
  const now = deps.clock.now();
  await tx.insert(inboundSupply).values({ id, ...input, reference: input.reference.trim(), note: input.note.trim(), createdBy: actor, createdAt: now, updatedAt: now });
  await announceStockChange(deps, tx, [input.variantId], actor);
  return { kind: 'created', id };
}

export interface SupplyQuery {
  variantIds?: readonly string[];
  offset?: number;
  limit?: number;
}

/** Open supply, soonest expected first (of some variants, or of all a page at a time), and how many there are. */
export async function openSupply(db: Db, query: SupplyQuery = {}): Promise<{ lines: SupplyLine[]; total: number }> {
  if (query.variantIds?.length === 0) return { lines: [], total: 0 };
  const where = and(eq(inboundSupply.status, 'open'), query.variantIds ? inArray(inboundSupply.variantId, [...query.variantIds]) : undefined);
  const [counted, rows] = await Promise.all([
    db.select({ total: count() }).from(inboundSupply).where(where),
    db
      .select()
      .from(inboundSupply)
      .where(where)
      .orderBy(asc(inboundSupply.expectedOn), asc(inboundSupply.createdAt), asc(inboundSupply.id))
      .limit(query.limit ?? 1000)
      .offset(query.offset ?? 0),
  ]);
  return { lines: rows.map(toLine), total: counted[0]?.total ?? 0 };
}

export async function supplyById(db: Db, id: string): Promise<SupplyLine | null> {
  const [row] = await db.select().from(inboundSupply).where(eq(inboundSupply.id, id));
  return row ? toLine(row) : null;
}

function toLine(row: typeof inboundSupply.$inferSelect): SupplyLine {
  const { id, reference, variantId, locationId, quantity, received, expectedOn, status, note, createdBy, createdAt } = row;
  return { id, reference, variantId, locationId, quantity, received, outstanding: Math.max(0, quantity - received), expectedOn, status, note, createdBy, createdAt };
}

export type SupplyFailure = 'missing' | 'not-open' | 'bad-quantity' | 'over-receipt' | 'bad-reason';

export class SupplyError extends Error {
  readonly code: SupplyFailure;
  constructor(code: SupplyFailure, message: string) {
    super(message);
    this.name = 'SupplyError';
    this.code = code;
  }
}

async function lockOpen(tx: Db, id: string): Promise<SupplyLine> {
  const [row] = await tx.select().from(inboundSupply).where(eq(inboundSupply.id, id)).for('update');
  if (!row) throw new SupplyError('missing', 'There is no such expected receipt.');
  if (row.status !== 'open') throw new SupplyError('not-open', `This expected receipt is already ${row.status}.`);
  return toLine(row);
}

/**
 * Receives `quantity` units (all that is outstanding or part of it): a receipt in the ledger
 * raises on-hand at the receipt's location; the line is received once nothing is outstanding.
 * More than is outstanding is refused: extra units are a new expected receipt or an adjustment.
 */
export async function receiveSupply(deps: AnnounceDeps, tx: Db, id: string, quantity: number, actor: string): Promise<SupplyLine> {
  const line = await lockOpen(tx, id);
  const problem = quantityProblem(quantity, SUPPLY_LIMITS.quantity);
  if (problem) throw new SupplyError('bad-quantity', problem);
  if (quantity > line.outstanding) {
    throw new SupplyError('over-receipt', `Only ${line.outstanding} of this receipt ${line.outstanding === 1 ? 'is' : 'are'} still expected: receive at most ${line.outstanding}, and count extra units as an adjustment.`);
  }
  const reason = line.reference ? `Received on ${line.reference}` : 'Received from an expected receipt';
  await changeStock(deps, tx, [{ variantId: line.variantId, locationId: line.locationId, delta: quantity, kind: 'receipt', reason }], actor, supplyReference(id));
  const received = line.received + quantity;
  const status: InboundStatus = received >= line.quantity ? 'received' : 'open';
  await tx.update(inboundSupply).set({ received, status, updatedAt: deps.clock.now() }).where(eq(inboundSupply.id, id));
  return { ...line, received, outstanding: line.quantity - received, status };
}

/** Cancels what is still to come of a receipt (units already received stay); the reason is kept in its note. */
export async function cancelSupply(deps: AnnounceDeps, tx: Db, id: string, reason: string, actor: string): Promise<void> {
  const line = await lockOpen(tx, id);
  const why = reason.trim();
  if (why === '') throw new SupplyError('bad-reason', 'Say why the receipt is cancelled.');
  if (why.length > SUPPLY_LIMITS.reason) throw new SupplyError('bad-reason', `Use at most ${SUPPLY_LIMITS.reason} characters.`);
  const note = [line.note, `Cancelled: ${why}`].filter(Boolean).join('\n');
  await tx.update(inboundSupply).set({ status: 'cancelled', note, updatedAt: deps.clock.now() }).where(eq(inboundSupply.id, id));
  await announceStockChange(deps, tx, [line.variantId], actor);
}
