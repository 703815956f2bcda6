// One line of the cart page: the item, when it arrives and its price now, and forms to change
// the quantity, remove it, or accept a changed price; for a line that cannot be ordered as it
// is, the ways out (a quantity that can, "email me when it's back"). Each form works without
// JavaScript; the delivery promise follows stock changes live.
import { Button } from '../../../web/components/Button.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { Island } from '../../../web/components/Island.tsx';
import { CartLinePromise, type CartLinePromiseProps } from '../../../web/islands/cart-line-promise.tsx';
import { STOCK_ALERTS_PATH } from '../../inventory/index.ts';
import type { PromisedLine } from '../line-promises.ts';
import { MAX_QUANTITY } from '../limits.ts';

export interface CartLineItemProps {
  line: PromisedLine;
  csrfToken: string;
  money: (minor: number) => string;
}

export function CartLineItem({ line, csrfToken, money }: CartLineItemProps) {
  const title = line.product?.title ?? 'An item that no longer exists';
  const action = `/cart/lines/${line.id}`;
  return (
    <li class={line.available ? 'cart-line' : 'cart-line cart-line--unavailable'}>
      {line.image ? (
        <img class="cart-line__image" src={line.image.url} alt="" width={96} height={96} loading="lazy" decoding="async" />
      ) : (
        <span class="cart-line__image cart-line__image--none" aria-hidden="true" />
      )}
      <div class="cart-line__body">
        <h2 class="cart-line__title">{line.product && line.available ? <a href={`/products/${line.product.handle}`}>{title}</a> : title}</h2>
        {line.options.length > 0 && (
          <p class="cart-line__options">{line.options.map((option) => `${option.name}: ${option.value}`).join(' · ')}</p>
        )}
        <LineStatus line={line} csrfToken={csrfToken} title={title} />
        {line.priceChanged && line.currentPriceMinor !== null && (
          <div class="cart-line__notice">
            <p>
              Price changed from {money(line.unitPriceMinor)} to {money(line.currentPriceMinor)}.
            </p>
            <Form action={`${action}/accept-price`} csrfToken={csrfToken}>
              <Button variant="secondary">
                OK<span class="visually-hidden">, use the new price for {title}</span>
              </Button>
            </Form>
          </div>
        )}
        <div class="cart-line__actions">
          {line.available && (
            <Form action={action} csrfToken={csrfToken} class="cart-line__quantity">
              <label for={`quantity-${line.id}`}>
                Quantity<span class="visually-hidden"> of {title}</span>
              </label>
              <input
                class="input"
                id={`quantity-${line.id}`}
                type="number"
                name="quantity"
                inputMode="numeric"
                min={0}
                max={MAX_QUANTITY}
                step={1}
                required
                value={line.quantity}
              />
              <Button variant="secondary">
                Update<span class="visually-hidden"> quantity of {title}</span>
              </Button>
            </Form>
          )}
          <Form action={`${action}/remove`} csrfToken={csrfToken}>
            <Button variant="secondary" class="cart-line__remove">
              Remove<span class="visually-hidden"> {title}</span>
            </Button>
          </Form>
        </div>
      </div>
      <div class="cart-line__prices">
        {line.available ? (
          <>
            <p class="cart-line__unit">
              {line.quantity} × {money(line.unitPriceMinor)}
            </p>
            <p class="cart-line__total">
              <span class="visually-hidden">Line total: </span>
              {money(line.lineTotalMinor)}
            </p>
          </>
        ) : (
          <p class="cart-line__unit">Not in the total</p>
        )}
      </div>
    </li>
  );
}

/** When the line arrives, and what the shopper can do when it cannot be ordered as it is. */
function LineStatus({ line, csrfToken, title }: { line: PromisedLine; csrfToken: string; title: string }) {
  if (!line.available || !line.availability || !line.promise) {
    return <p class="cart-line__problem">No longer available. Please remove it from your cart.</p>;
  }
  const { state, orderable, label } = line.promise;
  const promise: CartLinePromiseProps = { lineId: line.id, variantId: line.variantId, promise: { state, orderable, label } };
  const soldOut = line.issues.includes('sold-out');
  const short = line.issues.includes('insufficient-stock');
  // Nothing on the shelf: waiting for stock is a choice (sold out, or backordered for now).
  const waitable = line.availability.available === 0;
  return (
    <>
      <Island name="cart-line-promise" props={promise}>
        <CartLinePromise {...promise} />
      </Island>
      {soldOut && <p class="cart-line__problem">Sold out — remove it to check out, or ask us to email you when it’s back.</p>}
      {short && <p class="cart-line__problem">Only {line.availability.maxOrderable} can be ordered now. Choose a quantity that can, to check out.</p>}
      {line.alternatives.length > 0 && (
        <ul class="cart-line__alternatives" aria-label={`Other quantities of ${title}`}>
          {line.alternatives.map((alternative) => (
            <li key={alternative.quantity}>
              <Form action={`/cart/lines/${line.id}`} csrfToken={csrfToken} class="cart-line__alternative">
                <input type="hidden" name="quantity" value={alternative.quantity} />
                <Button variant="secondary">
                  Change to {alternative.quantity}
                  <span class="visually-hidden"> of {title}</span>
                </Button>
                <span class="cart-line__alternative-promise">{alternative.promise.label}</span>
              </Form>
            </li>
          ))}
        </ul>
      )}
      {(soldOut || short || line.promise.state === 'backorder') && waitable && <StockAlert line={line} csrfToken={csrfToken} title={title} />}
    </>
  );
}

/** "Email me when it's back", for an item with nothing on the shelf. */
function StockAlert({ line, csrfToken, title }: { line: PromisedLine; csrfToken: string; title: string }) {
  const id = `stock-alert-${line.id}`;
  return (
    <Form action={STOCK_ALERTS_PATH} csrfToken={csrfToken} class="cart-line__stock-alert">
      <input type="hidden" name="variantId" value={line.variantId} />
      <label for={id}>
        Email me when it’s back<span class="visually-hidden"> ({title})</span>
      </label>
      <input class="input" id={id} type="email" name="email" autocomplete="email" maxLength={254} required />
      <Button variant="secondary">
        Notify me<span class="visually-hidden"> about {title}</span>
      </Button>
    </Form>
  );
}
