// The product search: a plain GET form, so results have a URL and work without JavaScript.
export interface SearchFormProps {
  /** Distinguishes search landmarks when a page has more than one (header, error page). */
  landmarkLabel: string;
  /** Unique on the page: ties the label to the input. */
  id: string;
  class: string;
  buttonVariant: 'primary' | 'secondary';
}

export function SearchForm({
  landmarkLabel,
  id,
  class: className,
  buttonVariant,
}: SearchFormProps) {
  return (
    <form class={className} role="search" aria-label={landmarkLabel} action="/search" method="get">
      <label class="visually-hidden" for={id}>
        Search products
      </label>
      <input
        class="input"
        id={id}
        type="search"
        name="q"
        placeholder="Search products"
        maxLength={200}
        autocomplete="off"
        enterkeyhint="search"
      />
      <button class={`button button--${buttonVariant}`} type="submit">
        Search
      </button>
    </form>
  );
}
