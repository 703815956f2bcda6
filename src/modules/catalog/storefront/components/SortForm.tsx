// The sort control above a listing: a GET form that keeps the filters in force. It has its
// own button because, without JavaScript, choosing an option cannot send the form.
import type { ListingQuery, ListingSort } from '../../products/listing.ts';
import { LISTING_PARAMS, listingSearchParams, SORT_LABELS } from '../../products/listing.ts';
import { currencyDigits, type MoneyFormat } from '../money.ts';

export interface SortFormProps {
  action: string;
  query: ListingQuery;
  /** The sorts this listing offers, the first being its default. */
  sorts: readonly ListingSort[];
  format: MoneyFormat;
  keep?: Record<string, string>;
}

export function SortForm({ action, query, sorts, format, keep = {} }: SortFormProps) {
  const hidden = listingSearchParams({ filters: query.filters, sort: null, page: 1 }, currencyDigits(format.currency), keep);
  const current = query.sort && sorts.includes(query.sort) ? query.sort : sorts[0];
  return (
    <form class="sort-form" method="get" action={action}>
      {[...hidden].map(([name, value], i) => (
        <input key={`${name}-${i}`} type="hidden" name={name} value={value} />
      ))}
      <label for="sort-select">Sort by</label>
      <select class="input" id="sort-select" name={LISTING_PARAMS.sort}>
        {sorts.map((sort) => (
          <option key={sort} value={sort} selected={sort === current}>
            {SORT_LABELS[sort]}
          </option>
        ))}
      </select>
      <button class="button button--secondary" type="submit">
        Sort
      </button>
    </form>
  );
}
