// One line of the cart page: the item, its availability and price now, and forms to change
// the quantity, remove it, or accept a changed price. Each form works without JavaScript.
import { Button } from '../../../web/components/Button.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { MAX_QUANTITY } from '../limits.ts';
import type { CartLine } from '../view.ts';

export interface CartLineItemProps {
  line: CartLine;
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
        <LineStatus line={line} />
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

/** Availability now, and what the shopper should do when the line cannot be ordered as it is. */
function LineStatus({ line }: { line: CartLine }) {
  if (!line.available || !line.availability) {
    return <p class="cart-line__problem">No longer available. Please remove it from your cart.</p>;
  }
  const { text, tone, maxOrderable } = line.availability;
  return (
    <>
      <p class={`badge badge--${tone}`}>{text}</p>
      {line.issues.includes('sold-out') && <p class="cart-line__problem">Sold out — remove it to check out, or come back later.</p>}
      {line.issues.includes('insufficient-stock') && (
        <p class="cart-line__problem">
          Only {maxOrderable} can be ordered now. Please lower the quantity to check out.
        </p>
      )}
    </>
  );
}
