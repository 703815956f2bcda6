// The buying part of a product page: price, one radio group per option, the delivery
// promise, quantity and "Add to cart". The server renders it for the chosen variant and it
// works as two plain forms: choosing options is a GET back to the product page (with a
// "Show this choice" button), adding is a POST to /cart/add. In the browser, changing an
// option updates price, availability, picture and the address at once, without a reload.
// Props are plain, already formatted data: this file runs in the browser and knows no module.
import { useEffect, useState } from 'preact/hooks';
import { island } from './hydrate.ts';

/** What the shopper is told about getting the item: the inventory module's words (and, later, dates). */
export interface DeliveryPromise {
  tone: 'good' | 'low' | 'later' | 'none';
  /** "In stock", "Only 2 left", "Backordered", "Pre-order", "Made to order", "Sold out". */
  headline: string;
  /** A sentence that explains the headline, e.g. when a backorder is expected. */
  detail?: string;
}

export interface BuyBoxVariant {
  id: string;
  options: string[];
  /** Formatted prices; compareAt only when the variant is on sale. */
  price: string;
  compareAt: string | null;
  promise: DeliveryPromise;
  canBuy: boolean;
  /** The most that may be put in the cart at once. */
  maxQuantity: number;
  image: { url: string; alt: string } | null;
}

export interface ProductBuyBoxProps {
  /** /products/<handle>: where option choices are sent without JavaScript. */
  productPath: string;
  optionNames: string[];
  variants: BuyBoxVariant[];
  /** The variant shown first; null when the requested combination does not exist. */
  selectedId: string | null;
  /** Option values shown first (those of the selected variant, or the ones asked for). */
  selectedOptions: string[];
  csrfToken: string;
  csrfField: string;
  /** The id of the gallery's main <img>, which follows the chosen variant's picture. */
  imageElementId: string;
}

/**
 * The delivery-estimate slot. Today it states availability in words; the inventory module's
 * delivery promise (dates) fills `detail` without any change to the page.
 */
export function DeliveryPromiseSlot({ promise }: { promise: DeliveryPromise }) {
  return (
    <div class={`delivery-promise delivery-promise--${promise.tone}`} data-slot="delivery-promise" aria-live="polite">
      <p class="delivery-promise__headline">
        <span class="delivery-promise__dot" aria-hidden="true" />
        {promise.headline}
      </p>
      {promise.detail && <p class="delivery-promise__detail">{promise.detail}</p>}
    </div>
  );
}

interface OptionChoice {
  name: string;
  index: number;
  values: string[];
}

interface OptionGroupProps {
  choice: OptionChoice;
  chosen: string[];
  buyable: (index: number, value: string) => boolean;
  onChoose: (index: number, value: string) => void;
  /** Radios that carry the variant id (name "variantId") instead of the option value. */
  variantIdOf?: (value: string) => string;
  live: boolean;
}

function OptionGroup({ choice: { name, index, values }, chosen, buyable, onChoose, variantIdOf, live }: OptionGroupProps) {
  return (
    <fieldset class="option-group">
      <legend class="option-group__legend">
        {name}
        {/* Repeats the checked value; only once live, since without JavaScript it could not follow a change. */}
        {live && <span class="option-group__current">: {chosen[index]}</span>}
      </legend>
      <div class="option-group__values">
        {values.map((value, i) => {
          const id = `option-${index}-${i}`;
          const available = buyable(index, value);
          return (
            <span class="option-value" key={value}>
              <input
                class="option-value__input"
                type="radio"
                id={id}
                name={variantIdOf ? 'variantId' : `option${index + 1}`}
                value={variantIdOf ? variantIdOf(value) : value}
                checked={chosen[index] === value}
                onChange={() => onChoose(index, value)}
              />
              <label class={available ? 'option-value__label' : 'option-value__label option-value__label--unavailable'} for={id}>
                {value}
                {!available && <span class="visually-hidden"> (not available)</span>}
              </label>
            </span>
          );
        })}
      </div>
    </fieldset>
  );
}

const sameOptions = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

export const ProductBuyBox = island('product-buy-box', function ProductBuyBox(props: ProductBuyBoxProps) {
  const { productPath, optionNames, variants, csrfToken, csrfField, imageElementId } = props;
  const [chosen, setChosen] = useState<string[]>(props.selectedOptions);
  // The "Show this choice" button is for browsers without JavaScript only.
  const [live, setLive] = useState(false);
  useEffect(() => setLive(true), []);

  const variant = variants.find((v) => sameOptions(v.options, chosen)) ?? null;
  const choose = (index: number, value: string) => {
    const wanted = chosen.map((v, i) => (i === index ? value : v));
    // A value that does not go with the other choices moves them to a variant that has it
    // (buyable first), rather than leaving the shopper at a combination that does not exist.
    const found =
      variants.find((v) => sameOptions(v.options, wanted)) ??
      variants.find((v) => v.options[index] === value && v.canBuy) ??
      variants.find((v) => v.options[index] === value);
    setChosen(found ? found.options : wanted);
    if (!found) return;
    history.replaceState(history.state, '', `${productPath}?variant=${encodeURIComponent(found.id)}`);
    const image = document.getElementById(imageElementId);
    if (found.image && image instanceof HTMLImageElement) {
      image.src = found.image.url;
      image.alt = found.image.alt;
    }
  };
  // Values of an option that, with the other current choices, make no buyable variant.
  const buyable = (index: number, value: string) => {
    const wanted = chosen.map((v, i) => (i === index ? value : v));
    return variants.some((v) => sameOptions(v.options, wanted) && v.canBuy);
  };
  // Options with a single value offer no choice (e.g. "Title: Default Title"): not shown.
  const choices = optionNames.map((name, index) => ({ name, index, values: [...new Set(variants.map((v) => v.options[index]!))] }));
  const shown = choices.filter((c) => c.values.length > 1);
  // With one option to choose, each value is one variant: its radios carry the variant id
  // inside the add-to-cart form, so even without JavaScript what is added is what is checked.
  const direct = shown.length === 1 ? shown[0]! : null;
  const variantWith = (index: number, value: string) => variants.find((v) => sameOptions(v.options, chosen.map((c, i) => (i === index ? value : c))));

  return (
    <div class="buy-box">
      {variant ? (
        <p class="buy-box__price">
          {variant.compareAt && <span class="visually-hidden">Sale price: </span>}
          <span class={variant.compareAt ? 'price__now price__now--sale' : 'price__now'}>{variant.price}</span>
          {variant.compareAt && (
            <>
              {' '}
              <span class="visually-hidden">Regular price: </span>
              <s class="price__was">{variant.compareAt}</s>
            </>
          )}
        </p>
      ) : (
        <p class="buy-box__price buy-box__price--none">This combination is not available</p>
      )}

      {shown.length > 1 && (
        <form class="variant-form" method="get" action={productPath}>
          {shown.map((choice) => (
            <OptionGroup key={choice.name} choice={choice} chosen={chosen} buyable={buyable} onChoose={choose} live={live} />
          ))}
          {/* Options with one value keep it, so the page gets the whole combination. */}
          {choices
            .filter((c) => c.values.length <= 1)
            .map((c) => (
              <input key={c.name} type="hidden" name={`option${c.index + 1}`} value={c.values[0] ?? ''} />
            ))}
          {!live && (
            <button class="button button--secondary variant-form__apply" type="submit">
              Show this choice
            </button>
          )}
        </form>
      )}

      <form class="add-to-cart" method="post" action="/cart/add">
        <input type="hidden" name={csrfField} value={csrfToken} />
        {direct ? (
          <OptionGroup choice={direct} chosen={chosen} buyable={buyable} onChoose={choose} live={live} variantIdOf={(value) => variantWith(direct.index, value)?.id ?? ''} />
        ) : (
          <input type="hidden" name="variantId" value={variant?.id ?? ''} />
        )}
        <DeliveryPromiseSlot promise={variant ? variant.promise : { tone: 'none', headline: 'Not available' }} />
        <div class="add-to-cart__quantity">
          <label for="add-quantity">Quantity</label>
          <input
            class="input"
            id="add-quantity"
            type="number"
            name="quantity"
            value="1"
            min="1"
            max={String(Math.max(1, variant?.maxQuantity ?? 1))}
            inputMode="numeric"
            required
          />
        </div>
        <button class="button button--primary add-to-cart__button" type="submit" disabled={!variant?.canBuy}>
          {!variant ? 'Unavailable' : variant.canBuy ? 'Add to cart' : 'Sold out'}
        </button>
      </form>
    </div>
  );
});
