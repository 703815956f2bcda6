// Money is an integer amount of minor units with an ISO 4217 currency code; never a float.

export interface Money {
  amount: number;
  currency: string;
}

const formatters = new Map<string, Intl.NumberFormat>();

export function formatMoney(money: Money, locale = 'en-US'): string {
  const key = `${locale}|${money.currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency });
    formatters.set(key, formatter);
  }
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(money.amount / 10 ** digits);
}

/** Rounds a fractional amount of minor units half to even (banker's rounding), as for tax. */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const diff = value - floor;
  const epsilon = 1e-9;
  if (diff > 0.5 + epsilon) return floor + 1;
  if (diff < 0.5 - epsilon) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Parses a decimal string such as "12.5" or "12.50" into minor units, or null if malformed. */
export function parseMinorUnits(input: string, fractionDigits = 2): number | null {
  const match = /^\s*(\d{1,12})(?:\.(\d+))?\s*$/.exec(input);
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > fractionDigits) return null;
  return Number(match[1]) * 10 ** fractionDigits + Number(fraction.padEnd(fractionDigits, '0') || '0');
}
