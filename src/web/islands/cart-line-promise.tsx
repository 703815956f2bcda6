// A cart line's delivery promise, kept current: when the stock of its item changes (or the
// live stream reopens), the cart is fetched again and the line's words and colour follow.
// When what the line can do changed (it can no longer be ordered as it is, or now can), the
// shopper is pointed to the refreshed page, where the forms for the new situation are.
import { useEffect, useState } from 'preact/hooks';
import { island } from './hydrate.ts';
import { followStock, toneOf, type PromiseFigures, type PromiseTone } from './live-availability.ts';

const CART_URL = '/api/v1/cart';

export interface CartLinePromiseProps {
  lineId: string;
  variantId: string;
  promise: PromiseFigures;
}

const BADGE_TONES: Record<PromiseTone, string> = { good: 'in-stock', low: 'in-stock', later: 'backorder', none: 'out-of-stock' };

let asking: Promise<Map<string, PromiseFigures> | null> | null = null;

/** Every line asks at once after a change: one request answers them all. */
function linePromises(): Promise<Map<string, PromiseFigures> | null> {
  asking ??= fetch(CART_URL, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
    .then((response) => (response.ok ? (response.json() as Promise<{ lines: { id: string; promise: PromiseFigures | null }[] }>) : null))
    .then((cart) => cart && new Map(cart.lines.flatMap((line) => (line.promise ? [[line.id, line.promise] as const] : []))))
    .catch(() => null)
    .finally(() => {
      asking = null;
    });
  return asking;
}

export const CartLinePromise = island('cart-line-promise', function CartLinePromise({ lineId, variantId, promise: rendered }: CartLinePromiseProps) {
  const [promise, setPromise] = useState(rendered);
  useEffect(
    () =>
      followStock([variantId], async () => {
        const now = (await linePromises())?.get(lineId);
        if (now) setPromise({ state: now.state, orderable: now.orderable, label: now.label });
      }),
    [],
  );
  const changed = promise.orderable !== rendered.orderable;
  return (
    <div class="cart-line__promise" aria-live="polite">
      <p class={`badge badge--${BADGE_TONES[toneOf(promise)]}`}>{promise.label}</p>
      {changed && (
        <p class="cart-line__problem">
          This changed since the page was loaded. <a href="/cart">Update the page</a> to see what you can do.
        </p>
      )}
    </div>
  );
});
