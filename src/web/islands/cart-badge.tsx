// The cart link in the header, with the number of items in the cart. Pages are cached
// for every anonymous visitor alike, so the server renders a plain "Cart" link and the
// browser fills in this visitor's count. Without JavaScript, or when the count cannot be
// fetched, the plain link stays and still works.
import { useEffect, useState } from 'preact/hooks';
import { island } from './hydrate.ts';

/** Window event announcing a new cart size, so the badge updates without a reload. */
export const CART_CHANGED_EVENT = 'doorstep:cart-changed';
export interface CartChangedDetail {
  itemCount: number;
}

export const CART_SUMMARY_URL = '/api/v1/cart/summary';

export interface CartBadgeProps {
  href: string;
}

export const CartBadge = island('cart-badge', function CartBadge({ href }: CartBadgeProps) {
  const [itemCount, setItemCount] = useState<number | null>(null);

  useEffect(() => {
    // An event may arrive before the fetch answers; the event is newer, so it wins.
    let updatedByEvent = false;
    const onChange = (event: Event) => {
      const count = (event as CustomEvent<Partial<CartChangedDetail>>).detail?.itemCount;
      if (isCount(count)) {
        updatedByEvent = true;
        setItemCount(count);
      }
    };
    window.addEventListener(CART_CHANGED_EVENT, onChange);

    const controller = new AbortController();
    fetch(CART_SUMMARY_URL, {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
      signal: controller.signal,
    })
      .then((response) => (response.ok ? response.json() : null))
      .then((summary: { itemCount?: unknown } | null) => {
        if (!updatedByEvent && isCount(summary?.itemCount)) setItemCount(summary.itemCount);
      })
      // No count is better than a wrong one: keep the plain link.
      .catch(() => {});

    return () => {
      window.removeEventListener(CART_CHANGED_EVENT, onChange);
      controller.abort();
    };
  }, []);

  return (
    <a href={href} class="cart-link">
      <svg
        class="site-utility__icon"
        viewBox="0 0 24 24"
        aria-hidden="true"
        focusable="false"
        fill="none"
        stroke="currentColor"
        stroke-width="1.8"
        stroke-linecap="round"
        stroke-linejoin="round"
      >
        <path d="M5 8h14l-1.2 11.1a2 2 0 0 1-2 1.9H8.2a2 2 0 0 1-2-1.9Z" />
        <path d="M9 10V7a3 3 0 0 1 6 0v3" />
      </svg>
      <span class="site-utility__label">Cart</span>
      {itemCount !== null && itemCount > 0 && (
        <span class="cart-count">
          <span class="visually-hidden">, </span>
          {itemCount > 99 ? '99+' : itemCount}
          <span class="visually-hidden">{itemCount === 1 ? ' item' : ' items'}</span>
        </span>
      )}
    </a>
  );
});

function isCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0;
}
