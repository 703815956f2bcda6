// "Email me when it's back": one open request per variant and address. Asking again for the
// same item changes nothing, and the answer is the same whether the address was known or
// not, so the form cannot be used to learn who asked for what.
import { and, count, desc, eq, gt, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import { Problem } from '../../../platform/http/problem.ts';
import { newId } from '../../../platform/ids.ts';
import type { Platform } from '../../../platform/platform.ts';
import { emailProblem, normalizeEmail } from '../../customers/index.ts';
import { availabilityOf, type Availability } from '../availability.ts';
import { backInStockRequests } from '../schema.ts';
import { variantDirectory, variantTitle } from '../variant-directory.ts';

/** New requests one address may make in a minute: enough for a person, too few for a flood. */
export const MAX_REQUESTS_PER_MINUTE = 5;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const alertProblems = {
  invalidEmail: (detail: string) => new Problem({ status: 400, type: 'invalid-email', title: 'Please check your email address', detail, errors: [{ field: 'email', message: detail }] }),
  unknownVariant: () =>
    new Problem({ status: 404, type: 'unknown-variant', title: 'We could not find that item', detail: 'Please choose it again on its product page.' }),
  inStock: (title: string) =>
    new Problem({ status: 409, type: 'in-stock', title: 'Good news: it is in stock', detail: `${title} can be ordered now, so there is nothing to wait for.` }),
  tooMany: () =>
    new Problem({
      status: 429,
      type: 'rate-limited',
      title: 'Too many requests for this address',
      detail: 'Please wait a minute and try again.',
      headers: { 'retry-after': '60' },
    }),
};

/** Stock a shopper can order now without waiting: what a request waits for. */
export function isBackInStock(availability: Availability | undefined): boolean {
  return availability !== undefined && (availability.available === null || availability.available > 0);
}

export interface StockAlertRequest {
  variantId: string;
  email: string;
}

/** Records the request (or finds it already open); returns the item's title for the answer. */
export async function requestBackInStock(platform: Pick<Platform, 'database' | 'clock'>, request: StockAlertRequest): Promise<{ title: string }> {
  const problem = emailProblem(request.email);
  if (problem) throw alertProblems.invalidEmail(problem);
  const variantId = request.variantId.trim().toLowerCase();
  if (!UUID.test(variantId)) throw alertProblems.unknownVariant();
  const db = platform.database.db;
  const [labels, availability] = await Promise.all([variantDirectory().byIds(db, [variantId]), availabilityOf(db, [variantId])]);
  const label = labels.get(variantId);
  if (!label) throw alertProblems.unknownVariant();
  const title = variantTitle(label);
  if (isBackInStock(availability.get(variantId))) throw alertProblems.inStock(title);

  const email = normalizeEmail(request.email);
  const now = platform.clock.now();
  await platform.database.transaction(async (tx) => {
    const [open] = await tx
      .select({ id: backInStockRequests.id })
      .from(backInStockRequests)
      .where(and(eq(backInStockRequests.variantId, variantId), eq(backInStockRequests.email, email), isNull(backInStockRequests.notifiedAt)));
    if (open) return;
    const [recent] = await tx
      .select({ n: count() })
      .from(backInStockRequests)
      .where(and(eq(backInStockRequests.email, email), gt(backInStockRequests.createdAt, new Date(now.getTime() - 60_000))));
    if (recent!.n >= MAX_REQUESTS_PER_MINUTE) throw alertProblems.tooMany();
    // The partial unique index keeps one open request per variant and address.
    await tx.insert(backInStockRequests).values({ id: newId(), variantId, email, createdAt: now }).onConflictDoNothing();
  });
  return { title };
}

export interface StockAlert {
  id: string;
  variantId: string;
  /** Normalised address. */
  email: string;
  createdAt: Date;
}

const ALERT_COLUMNS = { id: backInStockRequests.id, variantId: backInStockRequests.variantId, email: backInStockRequests.email, createdAt: backInStockRequests.createdAt };

/** The requests with these ids (those that still exist), for the email that answers each. */
export async function stockAlertsByIds(db: Db, ids: readonly string[]): Promise<StockAlert[]> {
  if (ids.length === 0) return [];
  return db
    .select(ALERT_COLUMNS)
    .from(backInStockRequests)
    .where(inArray(backInStockRequests.id, [...ids]));
}

/** The request answered last, if any: what the email's preview in the admin shows. */
export async function lastAnsweredStockAlert(db: Db): Promise<StockAlert | null> {
  const [found] = await db
    .select(ALERT_COLUMNS)
    .from(backInStockRequests)
    .where(isNotNull(backInStockRequests.notifiedAt))
    .orderBy(desc(backInStockRequests.notifiedAt))
    .limit(1);
  return found ?? null;
}
