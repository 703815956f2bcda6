// A price, with the compare-at price struck through when the item is on sale. The struck
// price is announced as the old price: strike-through alone is not read out.
import { money, type MoneyFormat } from '../money.ts';

export interface PriceProps {
  minor: number;
  /** The higher "was" price; shown only when above `minor`. */
  compareAtMinor: number | null;
  format: MoneyFormat;
  /** Prefix "From" (a product whose variants differ in price). */
  from?: boolean;
  class?: string;
}

export function Price({ minor, compareAtMinor, format, from = false, class: className = 'price' }: PriceProps) {
  const onSale = compareAtMinor !== null && compareAtMinor > minor;
  return (
    <p class={className}>
      {onSale && <span class="visually-hidden">Sale price: </span>}
      <span class={onSale ? 'price__now price__now--sale' : 'price__now'}>
        {from && 'From '}
        {money(minor, format)}
      </span>
      {onSale && (
        <>
          {' '}
          <span class="visually-hidden">Regular price: </span>
          <s class="price__was">{money(compareAtMinor, format)}</s>
        </>
      )}
    </p>
  );
}
