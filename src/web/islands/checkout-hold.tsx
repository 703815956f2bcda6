// How long checkout holds the shopper's items. The server says until when in the store's
// time; the browser says it in the shopper's own, counts down the last minutes, and keeps
// the hold alive while the shopper is active on the page (at most one request a minute).
// When the hold ends, it says so and offers to hold the items again.
import { useEffect, useState } from 'preact/hooks';
import { island } from './hydrate.ts';

export interface CheckoutHoldProps {
  expiresAt: string;
  /** The end in the store's time, for the server render and browsers without JavaScript. */
  untilText: string;
  keepUrl: string;
  restartAction: string;
  csrfToken: string;
}

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'scroll', 'focusin'] as const;
const KEEP_EVERY_MS = 60_000;
const COUNTDOWN_FROM_MS = 5 * 60_000;

export const CheckoutHold = island('checkout-hold', function CheckoutHold({ expiresAt, untilText, keepUrl, restartAction, csrfToken }: CheckoutHoldProps) {
  const [end, setEnd] = useState(() => new Date(expiresAt));
  const [now, setNow] = useState<Date | null>(null);

  useEffect(() => {
    setNow(new Date());
    const tick = setInterval(() => setNow(new Date()), 1000);
    let lastKeep = Date.now();
    const keep = () => {
      if (Date.now() - lastKeep < KEEP_EVERY_MS) return;
      lastKeep = Date.now();
      fetch(keepUrl, { method: 'POST', headers: { accept: 'application/json' }, credentials: 'same-origin' })
        .then((response) => (response.ok ? (response.json() as Promise<{ expiresAt: string }>) : null))
        .then((body) => body && setEnd(new Date(body.expiresAt)))
        .catch(() => {});
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, keep, { passive: true });
    return () => {
      clearInterval(tick);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, keep);
    };
  }, [keepUrl]);

  const left = now ? end.getTime() - now.getTime() : null;
  if (left !== null && left <= 0) {
    return (
      <div class="checkout-hold checkout-hold--ended" role="alert">
        <p>
          <strong>Your hold on these items ended.</strong> Someone else may buy them now.
        </p>
        <form method="post" action={restartAction}>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <button type="submit" class="button button--primary">
            Hold them again
          </button>
        </form>
      </div>
    );
  }
  const until = now ? end.toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' }) : untilText;
  const minutes = left !== null && left <= COUNTDOWN_FROM_MS ? Math.ceil(left / 60_000) : null;
  return (
    <div class="checkout-hold" role="status">
      <p>
        We’re holding these items for you until <strong>{until}</strong>
        {minutes !== null && ` (${minutes === 1 ? 'less than a minute' : `${minutes} minutes`} left)`}. The hold is kept while you are on this page.
      </p>
    </div>
  );
});
