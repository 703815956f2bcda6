// How a variant sells beyond its stock: only what is on hand (deny), backorders with a lead
// time and a limit, pre-orders until a release date, or made to order. Every change is
// announced, since product pages and carts show what the policy promises.
import { eq } from 'drizzle-orm';
import { isLocalDate, type LocalDate } from '../../platform/calendar.ts';
import type { Db } from '../../platform/db/database.ts';
import { announceStockChange, type AnnounceDeps } from './announce.ts';
import { variantStockPolicies, type StockPolicy } from './schema.ts';

export interface PolicySetting {
  policy: StockPolicy;
  tracked: boolean;
  /** Business days to restock (backorder) or to make (made to order); null: the store's default for backorders. */
  leadTimeDays: number | null;
  /** The most units accepted beyond stock; null: no limit. */
  maxBackorder: number | null;
  /** The pre-order's release day in the store's time zone. */
  releaseDate: LocalDate | null;
}

export interface PolicyProblem {
  field: keyof PolicySetting;
  message: string;
}

export const POLICY_LIMITS = { leadTimeDays: { min: 0, max: 365 }, maxBackorder: { min: 0, max: 1_000_000 } } as const;

/** Counted and sold only from stock: how a variant without a policy row is read. */
export const DEFAULT_POLICY: PolicySetting = { policy: 'deny', tracked: true, leadTimeDays: null, maxBackorder: null, releaseDate: null };

export async function policyOf(db: Db, variantId: string): Promise<PolicySetting> {
  const [row] = await db.select().from(variantStockPolicies).where(eq(variantStockPolicies.variantId, variantId));
  if (!row) return DEFAULT_POLICY;
  return { policy: row.policy, tracked: row.tracked === 1, leadTimeDays: row.leadTimeDays, maxBackorder: row.maxBackorder, releaseDate: row.releaseDate };
}

export function policyProblems(setting: PolicySetting): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  for (const field of ['leadTimeDays', 'maxBackorder'] as const) {
    const value = setting[field];
    const { min, max } = POLICY_LIMITS[field];
    if (value !== null && (!Number.isInteger(value) || value < min || value > max)) problems.push({ field, message: `Enter a whole number from ${min} to ${max}, or leave it empty.` });
  }
  if (setting.releaseDate !== null && !isLocalDate(setting.releaseDate)) problems.push({ field: 'releaseDate', message: 'Enter a date as YYYY-MM-DD.' });
  else if (setting.policy === 'preorder' && setting.releaseDate === null) problems.push({ field: 'releaseDate', message: 'A pre-order needs its release date.' });
  return problems;
}

/** Writes the variant's policy (refusing a setting with problems) and announces the change. */
export async function savePolicy(deps: AnnounceDeps, tx: Db, variantId: string, setting: PolicySetting, actor: string): Promise<void> {
  const problems = policyProblems(setting);
  if (problems.length) throw new RangeError(problems.map((p) => `${p.field}: ${p.message}`).join(' '));
  const values = { ...setting, tracked: setting.tracked ? 1 : 0, updatedAt: deps.clock.now() };
  await tx.insert(variantStockPolicies).values({ variantId, ...values }).onConflictDoUpdate({ target: variantStockPolicies.variantId, set: values });
  await announceStockChange(deps, tx, [variantId], actor);
}
