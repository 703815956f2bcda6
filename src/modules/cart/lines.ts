// Changing a cart's lines: add, set quantity, remove, accept a new price. Each runs in the
// caller's transaction with the cart row locked, checks everything first and changes
// nothing when it refuses (it throws one of cartProblems). Its writes go out with the next
// statement or the commit (deferWrite): each was checked before it is made.
import { and, asc, eq, sql } from 'drizzle-orm';
import { deferWrite, type Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { variantsByIds, type VariantSummary } from '../catalog/index.ts';
import { availabilityFrom, canOrder, readStockFigures, type StockFigures } from '../inventory/index.ts';
import { lockCart, touchCart } from './carts.ts';
import { cartProblems } from './errors.ts';
import { checkoutHolder } from './holder.ts';
import { expiryFrom, MAX_LINES, MAX_QUANTITY, UUID_PATTERN } from './limits.ts';
import { itemName } from './naming.ts';
import { cartLines } from './schema.ts';
import { cartRead, type CartRead } from './view.ts';

type LineRow = typeof cartLines.$inferSelect;

function checkQuantity(quantity: number, allowZero: boolean): void {
  if (!Number.isInteger(quantity) || quantity < (allowZero ? 0 : 1) || quantity > MAX_QUANTITY) {
    throw cartProblems.invalidQuantity(allowZero);
  }
}

async function lockedLines(tx: Db, cartId: string): Promise<LineRow[]> {
  if (!(await lockCart(tx, cartId))) throw cartProblems.cartChanged();
  return tx.select().from(cartLines).where(eq(cartLines.cartId, cartId)).orderBy(asc(cartLines.createdAt), asc(cartLines.id));
}

/** The variant, if a shopper may buy it: it exists and its product is active. */
async function sellableVariant(tx: Db, variantId: string): Promise<VariantSummary> {
  const variant = UUID_PATTERN.test(variantId) ? (await variantsByIds(tx, [variantId])).get(variantId) : undefined;
  // A draft product is not public: it is as unknown to a shopper as a made-up id.
  if (!variant || variant.productStatus === 'draft') throw cartProblems.unknownVariant();
  if (variant.productStatus !== 'active') throw cartProblems.noLongerAvailable(itemName(variant));
  return variant;
}

/** Refuses what stock cannot cover; answers the figures it judged by. */
async function checkStock(tx: Db, cartId: string, variant: VariantSummary, quantity: number, inCart: number): Promise<StockFigures> {
  // What this cart's own checkout holds is the shopper's to keep.
  const figures = await readStockFigures(tx, [variant.id], checkoutHolder(cartId));
  const availability = availabilityFrom(figures, variant.id);
  if (!canOrder(availability, quantity)) throw cartProblems.insufficientStock(itemName(variant), availability, inCart);
  return figures;
}

export interface LineChange {
  lineId: string;
  /** The cart's new expiry (a guest's cookie follows it). */
  expiresAt: Date;
  /** A new cart's first line: the cart as the change leaves it, from what it read (not read again). */
  read?: CartRead;
}

/**
 * Adds units of a variant; the same variant again adds to its line, at the price first seen.
 * `fresh`: the cart was created in this transaction, so it is empty, locked by its insert and
 * kept 30 days from `now` already (a guest's first add reads and writes it no more).
 */
export async function addLine(tx: Db, cartId: string, variantId: string, quantity: number, now: Date, fresh = false): Promise<LineChange> {
  checkQuantity(quantity, false);
  const lines = fresh ? [] : await lockedLines(tx, cartId);
  const variant = await sellableVariant(tx, variantId);
  const existing = lines.find((line) => line.variantId === variant.id);
  const inCart = existing?.quantity ?? 0;
  if (inCart + quantity > MAX_QUANTITY) throw cartProblems.quantityLimit(itemName(variant), inCart);
  if (!existing && lines.length >= MAX_LINES) throw cartProblems.tooManyLines();
  const figures = await checkStock(tx, cartId, variant, inCart + quantity, inCart);

  if (existing) {
    await deferWrite(tx, tx.update(cartLines).set({ quantity: sql`${cartLines.quantity} + ${quantity}`, updatedAt: now }).where(eq(cartLines.id, existing.id)));
    return { lineId: existing.id, expiresAt: await touchCart(tx, cartId, now) };
  }
  const line = { id: newId(), cartId, variantId: variant.id, quantity, unitPriceMinor: variant.priceMinor, createdAt: now, updatedAt: now };
  await deferWrite(tx, tx.insert(cartLines).values(line));
  if (!fresh) return { lineId: line.id, expiresAt: await touchCart(tx, cartId, now) };
  // The cart holds this line alone, and nothing of it is held yet: the answer needs no other read.
  return { lineId: line.id, expiresAt: expiryFrom(now), read: cartRead(cartId, [{ ...line, variant }], figures) };
}

function lineOf(lines: LineRow[], lineId: string): LineRow {
  const line = UUID_PATTERN.test(lineId) ? lines.find((l) => l.id === lineId) : undefined;
  if (!line) throw cartProblems.lineNotFound();
  return line;
}

/**
 * Sets a line's quantity; 0 removes it. Lowering is always allowed (it may bring a line back
 * within stock); raising is checked against the limit and stock like an add.
 */
export async function setLineQuantity(tx: Db, cartId: string, lineId: string, quantity: number, now: Date): Promise<LineChange> {
  checkQuantity(quantity, true);
  const line = lineOf(await lockedLines(tx, cartId), lineId);
  if (quantity === 0) {
    await deferWrite(tx, tx.delete(cartLines).where(eq(cartLines.id, line.id)));
  } else if (quantity !== line.quantity) {
    if (quantity > line.quantity) await checkStock(tx, cartId, await sellableVariant(tx, line.variantId), quantity, line.quantity);
    await deferWrite(tx, tx.update(cartLines).set({ quantity, updatedAt: now }).where(eq(cartLines.id, line.id)));
  }
  return { lineId: line.id, expiresAt: await touchCart(tx, cartId, now) };
}

export async function removeLine(tx: Db, cartId: string, lineId: string, now: Date): Promise<LineChange> {
  const line = lineOf(await lockedLines(tx, cartId), lineId);
  await deferWrite(tx, tx.delete(cartLines).where(and(eq(cartLines.id, line.id), eq(cartLines.cartId, cartId))));
  return { lineId: line.id, expiresAt: await touchCart(tx, cartId, now) };
}

/** The shopper has seen the new price: from now on the line is at the catalogue's price. */
export async function acceptLinePrice(tx: Db, cartId: string, lineId: string, now: Date): Promise<LineChange> {
  const line = lineOf(await lockedLines(tx, cartId), lineId);
  const variant = await sellableVariant(tx, line.variantId);
  if (variant.priceMinor !== line.unitPriceMinor) {
    await deferWrite(tx, tx.update(cartLines).set({ unitPriceMinor: variant.priceMinor, updatedAt: now }).where(eq(cartLines.id, line.id)));
  }
  return { lineId: line.id, expiresAt: await touchCart(tx, cartId, now) };
}
