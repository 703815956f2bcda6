// The product search: a plain GET form, so results have a URL and work without JavaScript.
// The input is the search-suggest island, which adds suggestions as you type on top.
import { useContext } from 'preact/hooks';
import { Island, IslandScopeContext } from './Island.tsx';
import { SearchSuggest, type SearchSuggestProps } from '../islands/search-suggest.tsx';

export interface SearchFormProps {
  /** Distinguishes search landmarks when a page has more than one (header, error page). */
  landmarkLabel: string;
  /** Unique on the page: ties the label to the input. */
  id: string;
  class: string;
  buttonVariant: 'primary' | 'secondary';
  /** What the box shows (the search page repeats the query searched for). */
  value?: string;
}

export function SearchForm({ landmarkLabel, id, class: className, buttonVariant, value }: SearchFormProps) {
  const input: SearchSuggestProps = value ? { id, value } : { id };
  // Outside a layout (a fragment rendered on its own) there is no page to add the script
  // to: the same markup, without suggestions.
  const inLayout = useContext(IslandScopeContext) !== null;
  return (
    <form class={className} role="search" aria-label={landmarkLabel} action="/search" method="get">
      <label class="visually-hidden" for={id}>
        Search products
      </label>
      {inLayout ? (
        <Island name="search-suggest" props={input}>
          <SearchSuggest {...input} />
        </Island>
      ) : (
        <SearchSuggest {...input} />
      )}
      <button class={`button button--${buttonVariant}`} type="submit">
        Search
      </button>
    </form>
  );
}
