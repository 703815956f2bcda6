// Tax on an order, worked out per line and on shipping, each rounded half to even (so a
// run of ties neither gains nor loses a cent on average) and then added up: the order's tax
// is the sum of what each line shows. Prices that include tax have the tax worked out of
// them (amount × r / (1 + r)); prices that exclude it have it added (amount × r).
import { roundHalfEven } from '../../platform/money.ts';

/** What taxes a destination: the rate in basis points (2000 = 20 %) and whether shipping is taxed. */
export interface TaxRate {
  label: string;
  rateBps: number;
  shippingTaxed: boolean;
}

export interface TaxInput<K extends string = string> {
  /** Amounts in minor units, one per order line (quantity × unit price). */
  lines: readonly { key: K; amount: number }[];
  /** The shipping charge in minor units. */
  shipping: number;
  /** Null: the destination has no tax. */
  rate: Pick<TaxRate, 'rateBps' | 'shippingTaxed'> | null;
  /** True when the amounts already include the tax. */
  inclusive: boolean;
}

export interface TaxResult<K extends string = string> {
  lines: { key: K; tax: number }[];
  shipping: number;
  total: number;
}

export const MAX_RATE_BPS = 10_000;

function wholeAmount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a whole number of minor units of at least 0: ${value}`);
}

export function taxFor<K extends string>({ lines, shipping, rate, inclusive }: TaxInput<K>): TaxResult<K> {
  for (const line of lines) wholeAmount(line.amount, `the amount of line ${line.key}`);
  wholeAmount(shipping, 'shipping');
  const bps = rate?.rateBps ?? 0;
  if (!Number.isInteger(bps) || bps < 0 || bps > MAX_RATE_BPS) throw new RangeError(`a tax rate must be a whole number of basis points from 0 to ${MAX_RATE_BPS}: ${bps}`);
  // amount × bps stays far below 2^53 for any real order, so the division is the only rounding.
  const divisor = inclusive ? MAX_RATE_BPS + bps : MAX_RATE_BPS;
  const taxOn = (amount: number) => (bps === 0 ? 0 : roundHalfEven((amount * bps) / divisor));
  const taxed = lines.map((line) => ({ key: line.key, tax: taxOn(line.amount) }));
  const shippingTax = rate?.shippingTaxed ? taxOn(shipping) : 0;
  return { lines: taxed, shipping: shippingTax, total: taxed.reduce((sum, line) => sum + line.tax, shippingTax) };
}

/** A rate as a person writes it: 725 → "7.25 %", 2000 → "20 %". */
export function formatRate(rateBps: number): string {
  const whole = Math.floor(rateBps / 100);
  const hundredths = rateBps % 100;
  const fraction = hundredths === 0 ? '' : `.${String(hundredths).padStart(2, '0').replace(/0$/, '')}`;
  return `${whole}${fraction} %`;
}
