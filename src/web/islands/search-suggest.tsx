// The search box, with product suggestions as the shopper types. The server renders a
// plain search input (the form around it works without JavaScript); once hydrated it
// becomes an ARIA 1.2 combobox: a debounced request per pause in typing (stale requests
// aborted), a listbox of products, arrow keys to move, Enter to open the highlighted
// product (or search, when none is highlighted), Escape to close.
import type { InputHTMLAttributes, TargetedEvent, TargetedKeyboardEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { island } from './hydrate.ts';

export const SUGGEST_URL = '/api/v1/search/suggest';
const DEBOUNCE_MS = 150;
const MIN_CHARACTERS = 2;
export const MAX_QUERY_LENGTH = 200;

export interface SearchSuggestProps {
  /** The input's id (its label points at it); also prefixes the listbox's ids. */
  id: string;
  /** The query to show in the box (the search page repeats what was searched for). */
  value?: string;
}

/** One product as GET /api/v1/search/suggest describes it. */
interface Suggestion {
  id: string;
  title: string;
  url: string;
  price: { formatted: string };
  priceVaries: boolean;
  imageUrl: string;
}

function isSuggestionList(value: unknown): value is { products: Suggestion[] } {
  const products = (value as { products?: unknown } | null)?.products;
  return Array.isArray(products) && products.every((p: Suggestion) => typeof p?.url === 'string' && typeof p.title === 'string');
}

export const SearchSuggest = island('search-suggest', function SearchSuggest({ id, value }: SearchSuggestProps) {
  // Until hydrated the input is a plain search box: no combobox role without the behaviour.
  const [enhanced, setEnhanced] = useState(false);
  const [items, setItems] = useState<Suggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const request = useRef<AbortController | undefined>(undefined);
  const listboxId = `${id}-suggestions`;
  const optionId = (index: number) => `${listboxId}-${index}`;

  useEffect(() => {
    setEnhanced(true);
    return () => {
      clearTimeout(timer.current);
      request.current?.abort();
    };
  }, []);

  const close = () => {
    setOpen(false);
    setActive(-1);
  };

  const fetchSuggestions = (query: string) => {
    request.current?.abort();
    const controller = new AbortController();
    request.current = controller;
    fetch(`${SUGGEST_URL}?${new URLSearchParams({ q: query })}`, {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
      signal: controller.signal,
    })
      .then((response) => (response.ok ? response.json() : null))
      .then((body: unknown) => {
        if (controller.signal.aborted) return;
        const found = isSuggestionList(body) ? body.products : [];
        setItems(found);
        setActive(-1);
        setOpen(found.length > 0);
      })
      // Aborted, offline or rate-limited: the plain search still works, so stay quiet.
      .catch(() => {});
  };

  const onInput = (event: TargetedEvent<HTMLInputElement>) => {
    const query = event.currentTarget.value.trim().slice(0, MAX_QUERY_LENGTH);
    clearTimeout(timer.current);
    request.current?.abort();
    if (query.length < MIN_CHARACTERS) {
      setItems([]);
      close();
      return;
    }
    timer.current = setTimeout(() => fetchSuggestions(query), DEBOUNCE_MS);
  };

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLInputElement>) => {
    const count = items.length;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        if (count === 0) return;
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        if (!open) {
          setOpen(true);
          setActive(step === 1 ? 0 : count - 1);
        } else {
          setActive((current) => (current === -1 && step === -1 ? count - 1 : (current + step + count) % count));
        }
        return;
      }
      case 'Enter': {
        const chosen = open && active >= 0 ? items[active] : undefined;
        // Nothing highlighted: the form submits, which is the plain search.
        if (!chosen) return;
        event.preventDefault();
        window.location.assign(chosen.url);
        return;
      }
      case 'Escape':
        // The first Escape closes the list, the next one clears the box.
        event.preventDefault();
        if (open) {
          close();
        } else {
          event.currentTarget.value = '';
          clearTimeout(timer.current);
          request.current?.abort();
          setItems([]);
        }
        return;
      case 'Tab':
        close();
        return;
    }
  };

  const showList = enhanced && open && items.length > 0;
  // A search field stays a search field (the phone keyboard's search key, the clear
  // button); hydrated, it is also the combobox. axe-core and ARIA 1.2 accept the combobox
  // role on type=search; Preact's typings list only searchbox, hence the cast.
  const comboboxAttributes = (
    enhanced
      ? {
          type: 'search',
          role: 'combobox',
          'aria-autocomplete': 'list',
          'aria-expanded': showList ? 'true' : 'false',
          'aria-controls': listboxId,
          'aria-activedescendant': showList && active >= 0 ? optionId(active) : undefined,
        }
      : { type: 'search' }
  ) as InputHTMLAttributes<HTMLInputElement>;
  return (
    <div class="search-suggest">
      <input
        class="input"
        id={id}
        {...comboboxAttributes}
        name="q"
        placeholder="Search products"
        maxLength={MAX_QUERY_LENGTH}
        autocomplete="off"
        enterkeyhint="search"
        defaultValue={value}
        onInput={onInput}
        onKeyDown={onKeyDown}
        onBlur={close}
        onFocus={() => items.length > 0 && setOpen(true)}
      />
      {enhanced && (
        <ul id={listboxId} class="search-suggest__list" role="listbox" aria-label="Suggested products" hidden={!showList}>
          {items.map((item, index) => (
            <li
              key={item.id}
              id={optionId(index)}
              class="search-suggest__option"
              role="option"
              aria-selected={index === active ? 'true' : 'false'}
              // Keep focus in the input: a blur would close the list before the click lands.
              onMouseDown={(event) => event.preventDefault()}
              onMouseMove={() => setActive(index)}
              onClick={() => window.location.assign(item.url)}
            >
              <img class="search-suggest__image" src={item.imageUrl} alt="" width={40} height={50} loading="lazy" decoding="async" />
              <span class="search-suggest__title">{item.title}</span>
              <span class="search-suggest__price">
                {item.priceVaries && 'From '}
                {item.price.formatted}
              </span>
            </li>
          ))}
        </ul>
      )}
      {enhanced && (
        <p class="visually-hidden" role="status" aria-live="polite">
          {showList ? `${items.length} ${items.length === 1 ? 'suggestion' : 'suggestions'}; use the arrow keys to choose.` : ''}
        </p>
      )}
    </div>
  );
});
