// Reading and saving a cart's checkout draft. A save writes only the fields it carries, so
// an autosave of the one field just typed cannot undo another tab's change to a different
// field. A save may name the version it was based on: when the draft has moved on since
// (another tab or device saved), nothing is written and the caller is told, with the draft
// as it now is, so it can keep its own edits and try again.
import { and, eq, gte, lt, sql } from 'drizzle-orm';
import { builtOnce, type Db } from '../../../platform/db/database.ts';
import type { Address } from '../address/address.ts';
import { checkoutDrafts } from './schema.ts';

/** Everything a shopper types at checkout, as typed. */
export interface DraftFields extends Address {
  email: string;
  /** The shipping method chosen; null: the cheapest is offered. */
  methodId: string | null;
}

export type DraftField = keyof DraftFields;

export interface CheckoutDraft extends DraftFields {
  cartId: string;
  /** 0 until the first save. */
  version: number;
}

export const DRAFT_FIELDS: readonly DraftField[] = ['email', 'name', 'line1', 'line2', 'city', 'region', 'postalCode', 'country', 'phone', 'methodId'];

/** The most of any one value that is kept: far beyond what validation accepts, so a mistake is shown back whole. */
export const DRAFT_VALUE_LIMIT = 500;

export const EMPTY_FIELDS: DraftFields = { email: '', name: '', line1: '', line2: '', city: '', region: '', postalCode: '', country: '', phone: '', methodId: null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A value as it can be stored: bounded, without NUL (PostgreSQL text cannot hold it). A
 * method id that is not an id (a tampered form) chooses nothing.
 */
function storable(field: DraftField, value: string | null): string | null {
  if (field === 'methodId') return value !== null && UUID.test(value) ? value.toLowerCase() : null;
  return (value ?? '').replace(/\u0000/g, '').slice(0, DRAFT_VALUE_LIMIT);
}

export function emptyDraft(cartId: string): CheckoutDraft {
  return { cartId, version: 0, ...EMPTY_FIELDS };
}

export async function loadDraft(db: Db, cartId: string): Promise<CheckoutDraft | null> {
  const [row] = await draftOfCart(db).execute({ cartId });
  return row ? draftOf(row) : null;
}

/** Built once: the checkout page and placing an order read it. */
const draftOfCart = builtOnce((db) => db.select().from(checkoutDrafts).where(eq(checkoutDrafts.cartId, sql.placeholder('cartId'))).prepare('checkout_draft_of_cart'));

function draftOf(row: typeof checkoutDrafts.$inferSelect): CheckoutDraft {
  return {
    cartId: row.cartId,
    version: row.version,
    email: row.email,
    name: row.name,
    line1: row.line1,
    line2: row.line2,
    city: row.city,
    region: row.region,
    postalCode: row.postalCode,
    country: row.country,
    phone: row.phone,
    methodId: row.shippingMethodId,
  };
}

export type SaveResult = { kind: 'saved'; draft: CheckoutDraft } | { kind: 'stale'; draft: CheckoutDraft };

/**
 * Writes the given fields into the cart's draft (creating it), raising its version. With
 * `baseVersion`, writes only when the draft is still at that version (0: none saved yet).
 */
export async function saveDraft(db: Db, cartId: string, changes: Partial<DraftFields>, options: { now: Date; baseVersion?: number }): Promise<SaveResult> {
  const values: Partial<typeof checkoutDrafts.$inferInsert> = {};
  for (const field of DRAFT_FIELDS) {
    if (!(field in changes)) continue;
    const value = storable(field, changes[field] ?? null);
    if (field === 'methodId') values.shippingMethodId = value;
    else values[field] = value ?? '';
  }
  const { now, baseVersion } = options;
  const [row] = await db
    .insert(checkoutDrafts)
    .values({ cartId, ...values, version: 1, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: checkoutDrafts.cartId,
      set: { ...values, version: sql`${checkoutDrafts.version} + 1`, updatedAt: now },
      ...(baseVersion === undefined ? {} : { setWhere: eq(checkoutDrafts.version, baseVersion) }),
    })
    .returning();
  // Not saved (another window saved first): the draft as that one left it.
  return row ? { kind: 'saved', draft: draftOf(row) } : { kind: 'stale', draft: (await loadDraft(db, cartId))! };
}

/** Drafts untouched for `days` go: an address is kept no longer than the checkout needs it. */
export async function deleteStaleDrafts(db: Db, now: Date, days: number): Promise<number> {
  const before = new Date(now.getTime() - days * 86_400_000);
  const deleted = await db.delete(checkoutDrafts).where(lt(checkoutDrafts.updatedAt, before)).returning({ cartId: checkoutDrafts.cartId });
  return deleted.length;
}

/**
 * The distinct addresses typed into drafts touched since `since` (trimmed, lower-cased; valid or
 * not, as drafts keep what was typed): shoppers
 * who may be mid-checkout, for service announcements such as planned maintenance.
 */
export async function recentDraftEmails(db: Db, since: Date): Promise<string[]> {
  const found = await db
    .selectDistinct({ email: sql<string>`lower(trim(${checkoutDrafts.email}))` })
    .from(checkoutDrafts)
    .where(and(gte(checkoutDrafts.updatedAt, since), sql`trim(${checkoutDrafts.email}) <> ''`));
  return found.map((row) => row.email);
}
