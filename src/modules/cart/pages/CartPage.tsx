// The cart page: every line with its availability and price, the subtotal and the way to
// checkout; or, when empty, the way back to the shop. Private to the visitor (never cached).
import type { PageContext } from '../../../web/context.ts';
import { Alert } from '../../../web/components/Alert.tsx';
import { Button, ButtonLink } from '../../../web/components/Button.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';
import type { PromisedCart } from '../line-promises.ts';
import { CartLineItem } from './CartLineItem.tsx';

/** A refused change, shown above the cart with a way back to where the shopper came from. */
export interface CartPageError {
  title: string;
  message: string;
  backTo?: { href: string; label: string };
}

export interface CartPageProps {
  ctx: PageContext;
  cart: PromisedCart;
  money: (minor: number) => string;
  /** "Dates for Standard to United States"; null when no method reaches the home market. */
  datesNote: string | null;
  error?: CartPageError | undefined;
}

export function CartPage({ ctx, cart, money, datesNote, error }: CartPageProps) {
  return (
    <StoreLayout ctx={ctx} title="Your cart" canonicalPath="/cart" head={<meta name="robots" content="noindex" />}>
      <div class="page-header">
        <h1>Your cart</h1>
      </div>
      {error && (
        <Alert tone="error" title={error.title}>
          <p>{error.message}</p>
          {error.backTo && (
            <p>
              <a href={error.backTo.href}>{error.backTo.label}</a>
            </p>
          )}
        </Alert>
      )}
      {cart.lines.length === 0 ? (
        <EmptyCart ctx={ctx} />
      ) : (
        <div class="cart">
          <ul class="cart-lines" aria-label="Items in your cart">
            {cart.lines.map((line) => (
              <CartLineItem key={line.id} line={line} csrfToken={ctx.csrfToken} money={money} />
            ))}
          </ul>
          <CartSummary cart={cart} money={money} datesNote={datesNote} csrfToken={ctx.csrfToken} />
        </div>
      )}
    </StoreLayout>
  );
}

function CartSummary({ cart, money, datesNote, csrfToken }: { cart: PromisedCart; money: (minor: number) => string; datesNote: string | null; csrfToken: string }) {
  const needsAttention = !cart.readyForCheckout;
  return (
    <section class="cart-summary card" aria-labelledby="cart-summary-heading">
      <h2 id="cart-summary-heading">Summary</h2>
      <dl class="cart-summary__figures">
        <dt>Items</dt>
        <dd>{cart.itemCount}</dd>
        <dt>Subtotal</dt>
        <dd class="cart-summary__subtotal">{money(cart.subtotalMinor)}</dd>
      </dl>
      <p class="small muted">Delivery and taxes are worked out at checkout, before you pay.</p>
      {datesNote && <p class="small muted">{datesNote}; you choose how it is sent at checkout.</p>}
      {needsAttention && (
        <p class="cart-summary__attention" id="cart-attention">
          Some items need your attention before checkout: see the notes beside them.
        </p>
      )}
      {/* Starting checkout holds the items for the shopper, so it is a post, not a link. */}
      <Form csrfToken={csrfToken} action="/checkout">
        <Button variant="primary" block aria-describedby={needsAttention ? 'cart-attention' : undefined}>
          Checkout
        </Button>
      </Form>
      <p class="cart-summary__continue">
        <a href="/">Continue shopping</a>
      </p>
    </section>
  );
}

function EmptyCart({ ctx }: { ctx: PageContext }) {
  return (
    <section class="cart-empty" aria-labelledby="cart-empty-heading">
      <h2 id="cart-empty-heading">Your cart is empty</h2>
      <p>Find something you like and add it here; your cart is kept for 30 days, or for good once you sign in.</p>
      {ctx.navigation.length > 0 && (
        <nav aria-label="Shop by collection">
          <ul class="cart-empty__links">
            {ctx.navigation.map((link) => (
              <li key={link.href}>
                <a href={link.href}>{link.label}</a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <p>
        <ButtonLink href="/" variant="primary">
          Start shopping
        </ButtonLink>
      </p>
    </section>
  );
}
