// Adds to the cart without leaving the page. Any form on the page that posts to /cart/add
// (the product page's) is sent to the JSON API instead; the answer shows in a small panel
// with the line, the cart's total and a link to the cart, and the header badge hears of the
// new count. Without JavaScript — or if the API cannot be reached — the form posts as usual
// and the cart page shows the result.
//
// Server side, render it once on a page that has such a form:
//   <Island name="add-to-cart" props={ADD_TO_CART}><AddToCart {...ADD_TO_CART} /></Island>
import { useEffect, useState } from 'preact/hooks';
import { CART_CHANGED_EVENT, type CartChangedDetail } from './cart-badge.tsx';
import { island } from './hydrate.ts';

export const ADD_FORM_PATH = '/cart/add';
const LINES_URL = '/api/v1/cart/lines';

export interface AddToCartProps {
  cartUrl: string;
}

export const ADD_TO_CART: AddToCartProps = { cartUrl: '/cart' };

interface Money {
  formatted: string;
}
interface AddedLine {
  variantId: string;
  quantity: number;
  title: string;
  options: { name: string; value: string }[];
  image: { url: string; alt: string } | null;
  lineTotal: Money;
}
interface CartAnswer {
  itemCount: number;
  subtotal: Money;
  lines: AddedLine[];
}
interface ProblemAnswer {
  type?: string;
  title?: string;
  detail?: string;
}

type Panel =
  | { kind: 'added'; line: AddedLine; itemCount: number; subtotal: string }
  | { kind: 'refused'; title: string; message: string };

/** The form a submit event comes from, when it is an add-to-cart form of this site. */
function addToCartForm(target: EventTarget | null): HTMLFormElement | null {
  if (!(target instanceof HTMLFormElement)) return null;
  const action = new URL(target.getAttribute('action') ?? '', window.location.href);
  return action.origin === window.location.origin && action.pathname === ADD_FORM_PATH ? target : null;
}

/** A refusal in words: the server's own for cart rules, a general one for malformed input. */
function refusal(problem: ProblemAnswer): Panel {
  const invalidInput = problem.type?.endsWith('/validation');
  return {
    kind: 'refused',
    title: invalidInput ? 'Not added to your cart' : (problem.title ?? 'Not added to your cart'),
    message: invalidInput ? 'Please choose an option and a quantity from 1 to 99, then try again.' : (problem.detail ?? ''),
  };
}

export const AddToCart = island('add-to-cart', function AddToCart({ cartUrl }: AddToCartProps) {
  const [panel, setPanel] = useState<Panel | null>(null);

  useEffect(() => {
    async function send(form: HTMLFormElement, submitter: HTMLElement | null) {
      const data = new FormData(form);
      const quantity = data.get('quantity');
      const body = { variantId: String(data.get('variantId') ?? ''), quantity: quantity === null ? 1 : Number(quantity) };
      const button = submitter instanceof HTMLButtonElement ? submitter : null;
      if (button) button.disabled = true;
      form.setAttribute('aria-busy', 'true');
      try {
        const response = await fetch(LINES_URL, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(body),
        });
        if (response.status === 201) {
          const cart = (await response.json()) as CartAnswer;
          const line = cart.lines.find((l) => l.variantId === body.variantId);
          if (!line) throw new Error('added line missing from the answer');
          setPanel({ kind: 'added', line, itemCount: cart.itemCount, subtotal: cart.subtotal.formatted });
          window.dispatchEvent(new CustomEvent<CartChangedDetail>(CART_CHANGED_EVENT, { detail: { itemCount: cart.itemCount } }));
        } else if (response.status >= 400 && response.status < 500 && response.headers.get('content-type')?.includes('json')) {
          setPanel(refusal((await response.json()) as ProblemAnswer));
        } else {
          throw new Error(`unexpected answer ${response.status}`);
        }
      } catch {
        // The page's own form still works: let it post, and the cart page tells the outcome.
        form.submit();
      } finally {
        if (button) button.disabled = false;
        form.removeAttribute('aria-busy');
      }
    }

    const onSubmit = (event: SubmitEvent) => {
      const form = addToCartForm(event.target);
      if (!form || event.defaultPrevented) return;
      event.preventDefault();
      void send(form, event.submitter);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setPanel(null);
    };
    document.addEventListener('submit', onSubmit);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('submit', onSubmit);
      document.removeEventListener('keydown', onKey);
    };
  }, []);

  return (
    <div class="mini-cart">
      {/* Present from the start, so screen readers announce what is put in it. */}
      <p class="visually-hidden" role="status">
        {panel?.kind === 'added' ? `Added to your cart: ${panel.line.quantity} × ${panel.line.title}. ${itemsText(panel.itemCount)} in your cart.` : ''}
      </p>
      {panel && (
        <section class={`mini-cart__panel mini-cart__panel--${panel.kind}`} aria-labelledby="mini-cart-title">
          <button type="button" class="mini-cart__close" aria-label="Close" onClick={() => setPanel(null)}>
            ×
          </button>
          {panel.kind === 'added' ? <Added panel={panel} cartUrl={cartUrl} /> : <Refused panel={panel} cartUrl={cartUrl} />}
        </section>
      )}
    </div>
  );
});

function itemsText(count: number): string {
  return count === 1 ? '1 item' : `${count} items`;
}

function Added({ panel, cartUrl }: { panel: Extract<Panel, { kind: 'added' }>; cartUrl: string }) {
  const { line } = panel;
  return (
    <>
      <h2 id="mini-cart-title" class="mini-cart__title">
        Added to your cart
      </h2>
      <div class="mini-cart__line">
        {line.image && <img class="mini-cart__image" src={line.image.url} alt="" width={64} height={64} />}
        <div>
          <p class="mini-cart__name">{line.title}</p>
          {line.options.length > 0 && <p class="mini-cart__meta">{line.options.map((o) => `${o.name}: ${o.value}`).join(' · ')}</p>}
          <p class="mini-cart__meta">
            Quantity {line.quantity} · {line.lineTotal.formatted}
          </p>
        </div>
      </div>
      <p class="mini-cart__total">
        {itemsText(panel.itemCount)} in your cart · Subtotal {panel.subtotal}
      </p>
      <a class="button button--primary button--block" href={cartUrl}>
        View cart and check out
      </a>
    </>
  );
}

function Refused({ panel, cartUrl }: { panel: Extract<Panel, { kind: 'refused' }>; cartUrl: string }) {
  return (
    <div role="alert">
      <h2 id="mini-cart-title" class="mini-cart__title">
        {panel.title}
      </h2>
      {panel.message && <p>{panel.message}</p>}
      <p>
        <a href={cartUrl}>See your cart</a>
      </p>
    </div>
  );
}
