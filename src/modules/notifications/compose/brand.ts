// How every email looks: sender name, logo, accent colour and footer, set by the merchant.
import { eq } from 'drizzle-orm';
import type { Database, Db } from '../../../platform/db/database.ts';
import { forget, rememberFor } from '../../../platform/memo.ts';
import { emailBrand } from '../schema.ts';

export interface Brand {
  senderName: string;
  /** Absolute https URL of the logo image, or null for the store's name as a wordmark. */
  logoUrl: string | null;
  /** #rrggbb: buttons and the header rule. */
  accentColor: string;
  /** A line at the bottom of every email (address, company details). */
  footer: string;
}

export const DEFAULT_BRAND: Brand = { senderName: '', logoUrl: null, accentColor: '#1d5a54', footer: '' };

const MEMO = 'notifications.brand';

/** The brand for an email being written: remembered for a few seconds (platform/memo.ts), as every email reads it. */
export function brandFor(database: Pick<Database, 'db' | 'afterCommit'>, db: Db = database.db): Promise<Brand> {
  return rememberFor(database, db, MEMO, '', brandOf);
}

/** The brand as saved now (the admin's form). */
export async function brandOf(db: Db): Promise<Brand> {
  const [row] = await db.select().from(emailBrand).where(eq(emailBrand.id, 1));
  return row ? { senderName: row.senderName, logoUrl: row.logoUrl, accentColor: row.accentColor, footer: row.footer } : DEFAULT_BRAND;
}

export interface BrandProblem {
  field: keyof Brand;
  message: string;
}

/** What is wrong with a brand the merchant typed, field by field (empty when nothing is). */
export function brandProblems(brand: Brand): BrandProblem[] {
  const problems: BrandProblem[] = [];
  if (brand.senderName.length > 80 || /[<>"\r\n]/.test(brand.senderName)) {
    problems.push({ field: 'senderName', message: 'Use a plain name of up to 80 characters, without < > or quotes.' });
  }
  if (brand.logoUrl !== null) {
    let ok = false;
    try {
      ok = new URL(brand.logoUrl).protocol === 'https:';
    } catch {
      ok = false;
    }
    if (!ok) problems.push({ field: 'logoUrl', message: 'Give the full https:// address of the logo image (mail programs block other images).' });
  }
  if (!/^#[0-9a-fA-F]{6}$/.test(brand.accentColor)) problems.push({ field: 'accentColor', message: 'Give the colour as #rrggbb, for example #1d5a54.' });
  if (brand.footer.length > 500) problems.push({ field: 'footer', message: 'Keep the footer under 500 characters.' });
  return problems;
}

export async function saveBrand(database: Pick<Database, 'afterCommit'>, db: Db, brand: Brand, now: Date): Promise<void> {
  await db
    .insert(emailBrand)
    .values({ id: 1, ...brand, updatedAt: now })
    .onConflictDoUpdate({ target: emailBrand.id, set: { ...brand, updatedAt: now } });
  database.afterCommit(() => forget(MEMO));
}
