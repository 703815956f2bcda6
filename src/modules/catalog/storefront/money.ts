// How the storefront shows money: the store profile's currency and locale, passed to every
// component that prints a price.
import { formatMoney } from '../../../platform/money.ts';

export interface MoneyFormat {
  currency: string;
  locale: string;
}

/** Digits after the decimal point in the currency (2 for USD, 0 for JPY). */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export function money(minor: number, format: MoneyFormat): string {
  return formatMoney({ amount: minor, currency: format.currency }, format.locale);
}
