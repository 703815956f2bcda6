// The tax rates table: the rate that applies to a destination, and the merchant's list with
// adding, changing and removing a rate. The most specific row wins: one for the region
// ("US" + "NY"), else the one for the whole country; a destination with neither is untaxed.
// A row holds the whole rate of its destination (Canada's HST provinces: 13 %, not 5 % + 8 %).
import { and, asc, desc, eq, inArray, ne } from 'drizzle-orm';
import type { Database, Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { remember } from '../../platform/memo.ts';
import { MAX_RATE_BPS, type TaxRate } from './math.ts';
import { taxRates } from './schema.ts';
import { forgetTaxAfterCommit, TAX_MEMO } from './settings.ts';

export interface StoredTaxRate extends TaxRate {
  id: string;
  country: string;
  /** Empty for the whole country. */
  region: string;
}

export type TaxRateInput = Omit<StoredTaxRate, 'id'>;

export type SaveOutcome = { kind: 'saved'; id: string } | { kind: 'duplicate' } | { kind: 'missing' };

const COUNTRY = /^[A-Z]{2}$/;
const REGION = /^[A-Z0-9]{0,3}$/;

const columns = {
  id: taxRates.id,
  country: taxRates.country,
  region: taxRates.region,
  label: taxRates.label,
  rateBps: taxRates.rateBps,
  shippingTaxed: taxRates.shippingTaxed,
};

/** A region as the table keys it: upper case, without its country prefix ("US-NY" → "NY"). */
export function regionKey(country: string, region: string | null | undefined): string {
  const code = (region ?? '').trim().toUpperCase();
  return code.startsWith(`${country}-`) ? code.slice(country.length + 1) : code;
}

/** The rate for a destination, or null when it is untaxed. */
export async function taxRateFor(db: Db, country: string, region?: string | null): Promise<StoredTaxRate | null> {
  const countryCode = country.trim().toUpperCase();
  if (!COUNTRY.test(countryCode)) return null;
  const regionCode = regionKey(countryCode, region);
  const regions = REGION.test(regionCode) && regionCode !== '' ? ['', regionCode] : [''];
  return remember(db, TAX_MEMO, `rate:${countryCode}:${regions.join(':')}`, async () => {
    const [row] = await db
      .select(columns)
      .from(taxRates)
      .where(and(eq(taxRates.country, countryCode), inArray(taxRates.region, regions)))
      .orderBy(desc(taxRates.region))
      .limit(1);
    return row ?? null;
  });
}

export function listTaxRates(db: Db): Promise<StoredTaxRate[]> {
  return db.select(columns).from(taxRates).orderBy(asc(taxRates.country), asc(taxRates.region));
}

export async function taxRateById(db: Db, id: string): Promise<StoredTaxRate | null> {
  const [row] = await db.select(columns).from(taxRates).where(eq(taxRates.id, id));
  return row ?? null;
}

function checkInput(input: TaxRateInput): void {
  if (!COUNTRY.test(input.country) || !REGION.test(input.region)) throw new RangeError(`not a destination: ${input.country}-${input.region}`);
  if (!Number.isInteger(input.rateBps) || input.rateBps < 0 || input.rateBps > MAX_RATE_BPS) throw new RangeError(`not a rate: ${input.rateBps}`);
}

/** Adds a rate (id null) or changes one. One rate per destination: a second is refused. */
export async function saveTaxRate(database: Pick<Database, 'afterCommit'>, tx: Db, id: string | null, input: TaxRateInput, now: Date): Promise<SaveOutcome> {
  checkInput(input);
  forgetTaxAfterCommit(database);
  const destination = and(eq(taxRates.country, input.country), eq(taxRates.region, input.region));
  if (id === null) {
    const [created] = await tx
      .insert(taxRates)
      .values({ id: newId(), ...input, createdAt: now, updatedAt: now })
      .onConflictDoNothing({ target: [taxRates.country, taxRates.region] })
      .returning({ id: taxRates.id });
    return created ? { kind: 'saved', id: created.id } : { kind: 'duplicate' };
  }
  const [other] = await tx.select({ id: taxRates.id }).from(taxRates).where(and(destination, ne(taxRates.id, id)));
  if (other) return { kind: 'duplicate' };
  const [updated] = await tx.update(taxRates).set({ ...input, updatedAt: now }).where(eq(taxRates.id, id)).returning({ id: taxRates.id });
  return updated ? { kind: 'saved', id } : { kind: 'missing' };
}

/** False when there was no such rate. */
export async function deleteTaxRate(database: Pick<Database, 'afterCommit'>, tx: Db, id: string): Promise<boolean> {
  forgetTaxAfterCommit(database);
  const deleted = await tx.delete(taxRates).where(eq(taxRates.id, id)).returning({ id: taxRates.id });
  return deleted.length > 0;
}
