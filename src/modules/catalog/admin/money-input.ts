// Prices as the merchant types them ("12.50") and as the catalog stores them (1250 minor
// units). The number of decimals comes from the store's currency (0 for JPY, 3 for KWD).
import { parseMinorUnits } from '../../../platform/money.ts';
import { MAX_PRICE_MINOR } from '../products/save.ts';

export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** 1250 → "12.50" with two digits: what the form shows for a stored price. */
export function minorToDecimal(minor: number, digits: number): string {
  if (digits === 0) return String(minor);
  const scale = 10 ** digits;
  return `${Math.floor(minor / scale)}.${String(minor % scale).padStart(digits, '0')}`;
}

/** The amount, or a message for the merchant. */
export function parsePrice(input: string, digits: number): { minor: number } | { problem: string } {
  const example = digits === 0 ? '1250' : `12.${'5'.padEnd(digits, '0')}`;
  const minor = parseMinorUnits(input.trim(), digits);
  if (minor === null) {
    return { problem: `Enter an amount such as ${example}${digits ? `, with at most ${digits} decimals` : ''} and no currency sign.` };
  }
  if (minor > MAX_PRICE_MINOR) return { problem: 'That amount is too large.' };
  return { minor };
}
