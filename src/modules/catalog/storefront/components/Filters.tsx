// Listing filters as a plain GET form (works without JavaScript; every filtered view has a
// URL): availability, price range, option values, vendor and type, with counts. Each group
// is a disclosure, open while it holds a choice, so the panel stays short on a phone.
// Also the row of active filters, each with a link that removes it.
import type { ComponentChildren } from 'preact';
import type { FacetValue, ListingFacets, ListingFilters, ListingQuery } from '../../products/listing.ts';
import { LISTING_PARAMS, listingSearchParams, minorToDecimal, NO_FILTERS, hasFilters } from '../../products/listing.ts';
import { currencyDigits, money, type MoneyFormat } from '../money.ts';

export interface FiltersProps {
  /** The listing's path, e.g. /collections/outdoor. */
  action: string;
  query: ListingQuery;
  facets: ListingFacets;
  format: MoneyFormat;
  /** Parameters that define the listing itself and survive filtering (search keeps `q`). */
  keep?: Record<string, string>;
}

/** Option names and values are stored in lower case; shoppers read them capitalised. */
export function displayValue(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

/** A filter group is worth showing when it offers a choice, or holds one already. */
const offersChoice = (list: readonly FacetValue[], selected: readonly string[]) => list.length > 1 || selected.length > 0;

export function Filters({ action, query, facets, format, keep = {} }: FiltersProps) {
  const { filters } = query;
  const digits = currencyDigits(format.currency);
  const step = digits === 0 ? '1' : `0.${'0'.repeat(digits - 1)}1`;
  const clearHref = hrefWith(action, listingSearchParams({ filters: NO_FILTERS, sort: query.sort, page: 1 }, digits, keep));
  return (
    <form class="filters" method="get" action={action} aria-labelledby="filters-title">
      <h2 id="filters-title" class="filters__title">
        Filter
      </h2>
      {Object.entries(keep).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {query.sort && <input type="hidden" name={LISTING_PARAMS.sort} value={query.sort} />}

      <FilterGroup title="Availability" open={filters.inStock}>
        <label class="choice">
          <input type="checkbox" name={LISTING_PARAMS.inStock} value="1" checked={filters.inStock} />
          <span>Available to buy now</span>
        </label>
      </FilterGroup>

      <FilterGroup title="Price" open={filters.priceMin !== null || filters.priceMax !== null}>
        {facets.priceRange && (
          <p class="filters__hint">
            From {money(facets.priceRange.min, format)} to {money(facets.priceRange.max, format)}
          </p>
        )}
        <div class="filters__range">
          <PriceInput id="filter-price-min" name={LISTING_PARAMS.priceMin} label="Lowest" value={filters.priceMin} digits={digits} step={step} />
          <PriceInput id="filter-price-max" name={LISTING_PARAMS.priceMax} label="Highest" value={filters.priceMax} digits={digits} step={step} />
        </div>
      </FilterGroup>

      {facets.options.map((option, index) => {
        const prefix = `${option.name}:`;
        const selected = filters.options.filter((o) => o.startsWith(prefix));
        if (!offersChoice(option.values, selected)) return null;
        return (
          <ChoiceGroup
            key={option.name}
            id={`filter-option-${index}`}
            title={displayValue(option.name)}
            name={LISTING_PARAMS.option}
            choices={option.values.map((v) => ({ value: prefix + v.value, count: v.count }))}
            selected={selected}
            labelOf={(value) => displayValue(value.slice(prefix.length))}
          />
        );
      })}
      {offersChoice(facets.vendors, filters.vendors) && (
        <ChoiceGroup id="filter-vendor" title="Brand" name={LISTING_PARAMS.vendor} choices={facets.vendors} selected={filters.vendors} labelOf={(v) => v} />
      )}
      {offersChoice(facets.types, filters.types) && (
        <ChoiceGroup id="filter-type" title="Product type" name={LISTING_PARAMS.type} choices={facets.types} selected={filters.types} labelOf={(v) => v} />
      )}

      <div class="filters__actions">
        <button class="button button--primary" type="submit">
          Apply filters
        </button>
        {hasFilters(filters) && (
          <a class="filters__clear" href={clearHref}>
            Clear all
          </a>
        )}
      </div>
    </form>
  );
}

function FilterGroup({ title, open, children }: { title: string; open: boolean; children: ComponentChildren }) {
  return (
    <details class="filter-group" open={open}>
      <summary class="filter-group__summary">{title}</summary>
      <fieldset class="filter-group__body">
        <legend class="visually-hidden">{title}</legend>
        {children}
      </fieldset>
    </details>
  );
}

interface ChoiceGroupProps {
  id: string;
  title: string;
  name: string;
  choices: readonly FacetValue[];
  /** The chosen values of this group. */
  selected: readonly string[];
  labelOf: (value: string) => string;
}

function ChoiceGroup({ id, title, name, choices, selected, labelOf }: ChoiceGroupProps) {
  // A choice the other filters leave no product for stays listed while chosen, so it can be undone.
  const all = [...choices, ...selected.filter((value) => !choices.some((c) => c.value === value)).map((value) => ({ value, count: 0 }))];
  return (
    <FilterGroup title={title} open={all.some((c) => selected.includes(c.value))}>
      <ul class="filter-group__choices">
        {all.map((choice, i) => (
          <li key={choice.value}>
            <label class="choice" for={`${id}-${i}`}>
              <input id={`${id}-${i}`} type="checkbox" name={name} value={choice.value} checked={selected.includes(choice.value)} />
              <span>{labelOf(choice.value)}</span>
              <span class="filter-group__count">
                <span class="visually-hidden">(</span>
                {choice.count}
                <span class="visually-hidden">{choice.count === 1 ? ' product)' : ' products)'}</span>
              </span>
            </label>
          </li>
        ))}
      </ul>
    </FilterGroup>
  );
}

function PriceInput({ id, name, label, value, digits, step }: { id: string; name: string; label: string; value: number | null; digits: number; step: string }) {
  return (
    <div class="filters__price">
      <label for={id}>{label}</label>
      <input class="input" id={id} name={name} type="number" inputMode="decimal" min="0" step={step} value={value === null ? '' : minorToDecimal(value, digits)} />
    </div>
  );
}

function hrefWith(path: string, params: URLSearchParams): string {
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

/** The filters in force, each a link that removes it; nothing when none is set. */
export function ActiveFilters({ action, query, format, keep = {} }: Omit<FiltersProps, 'facets'>) {
  const { filters } = query;
  if (!hasFilters(filters)) return null;
  const digits = currencyDigits(format.currency);
  const without = (change: Partial<ListingFilters>) =>
    hrefWith(action, listingSearchParams({ filters: { ...filters, ...change }, sort: query.sort, page: 1 }, digits, keep));
  const chips: { label: string; href: string }[] = [];
  if (filters.inStock) chips.push({ label: 'Available now', href: without({ inStock: false }) });
  if (filters.priceMin !== null) chips.push({ label: `From ${money(filters.priceMin, format)}`, href: without({ priceMin: null }) });
  if (filters.priceMax !== null) chips.push({ label: `Up to ${money(filters.priceMax, format)}`, href: without({ priceMax: null }) });
  for (const option of filters.options) {
    const [name, value] = [option.slice(0, option.indexOf(':')), option.slice(option.indexOf(':') + 1)];
    chips.push({ label: `${displayValue(name)}: ${displayValue(value)}`, href: without({ options: filters.options.filter((o) => o !== option) }) });
  }
  for (const vendor of filters.vendors) chips.push({ label: vendor, href: without({ vendors: filters.vendors.filter((v) => v !== vendor) }) });
  for (const type of filters.types) chips.push({ label: type, href: without({ types: filters.types.filter((t) => t !== type) }) });
  return (
    <ul class="active-filters" aria-label="Filters in use">
      {chips.map((chip) => (
        <li key={chip.href}>
          <a class="active-filters__chip" href={chip.href}>
            {chip.label}
            <span class="visually-hidden">, remove this filter</span>
            <span class="active-filters__x" aria-hidden="true">
              ×
            </span>
          </a>
        </li>
      ))}
    </ul>
  );
}
