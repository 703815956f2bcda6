// The buying part of a product page: price, one radio group per option, the delivery
// promise with dates, quantity, "Add to cart", and "Email me when it's back" for an item that
// is sold out or backordered. The server renders it for the chosen variant and it works as
// plain forms: choosing options is a GET back to the product page (with a "Show this choice"
// button), adding is a POST to /cart/add, asking for an email a POST to /stock-alerts. In
// the browser, changing an option updates price, availability, picture and the address at
// once; the promise follows the quantity typed and live stock changes, without a reload.
// Props are plain, already formatted data: this file runs in the browser and knows no module.
import { useEffect, useRef, useState } from 'preact/hooks';
import { island } from './hydrate.ts';
import { fetchAvailability, followStock, toneOf, type AvailabilityQuery, type PromiseFigures } from './live-availability.ts';

export interface BuyBoxVariant {
  id: string;
  options: string[];
  /** Formatted prices; compareAt only when the variant is on sale. */
  price: string;
  compareAt: string | null;
  /** The delivery promise for one unit, as rendered. */
  promise: PromiseFigures;
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
  /** The destination and method the dates are for, so refreshed dates mean the same. */
  promiseFor: Omit<AvailabilityQuery, 'quantity'>;
  /** "Dates for Standard to the United States"; null when no method reaches the home market. */
  datesNote: string | null;
  /** Where "Email me when it's back" posts (form) and its JSON twin. */
  stockAlerts: { formPath: string; apiPath: string };
  /** The most the quantity field accepts, whatever the stock. */
  maxPerAdd: number;
}

/** The delivery-estimate slot: the promise in words, coloured by what it means for the shopper. */
export function DeliveryPromiseSlot({ promise, note }: { promise: PromiseFigures; note?: string | null }) {
  return (
    <div class={`delivery-promise delivery-promise--${toneOf(promise)}`} data-slot="delivery-promise" aria-live="polite">
      <p class="delivery-promise__headline">
        <span class="delivery-promise__dot" aria-hidden="true" />
        {promise.label}
      </p>
      {/* Which method and destination the dates are for; nothing to date when it cannot be ordered. */}
      {note && promise.orderable && <p class="delivery-promise__detail">{note}</p>}
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

const NOT_AVAILABLE: PromiseFigures = { state: 'out_of_stock', orderable: false, label: 'Not available' };

/** Live figures of a variant for one unit, replacing the rendered ones once fetched. */
type Live = Pick<BuyBoxVariant, 'promise' | 'canBuy' | 'maxQuantity'>;

export const ProductBuyBox = island('product-buy-box', function ProductBuyBox(props: ProductBuyBoxProps) {
  const { productPath, optionNames, csrfToken, csrfField, imageElementId, promiseFor, datesNote, stockAlerts, maxPerAdd } = props;
  const [chosen, setChosen] = useState<string[]>(props.selectedOptions);
  // The "Show this choice" button is for browsers without JavaScript only.
  const [live, setLive] = useState(false);
  const [figures, setFigures] = useState<ReadonlyMap<string, Live>>(new Map());
  const [quantityText, setQuantityText] = useState('1');
  // The promise for a quantity above one, for the variant and quantity it was asked for.
  const [forQuantity, setForQuantity] = useState<{ variantId: string; quantity: number; promise: PromiseFigures } | null>(null);
  const [stockChecks, setStockChecks] = useState(0);
  useEffect(() => setLive(true), []);

  const variants = props.variants.map((v) => ({ ...v, ...figures.get(v.id) }));
  const variant = variants.find((v) => sameOptions(v.options, chosen)) ?? null;
  const quantity = wholeQuantity(quantityText);

  // Every variant's figures for one unit: when the stream opens and whenever their stock changes.
  useEffect(() => {
    const ids = props.variants.map((v) => v.id);
    let controller: AbortController | null = null;
    const refresh = async () => {
      controller?.abort();
      controller = new AbortController();
      const answer = await fetchAvailability(ids, { ...promiseFor, quantity: 1 }, controller.signal);
      if (!answer) return;
      const next = new Map<string, Live>();
      for (const [id, v] of answer) next.set(id, { promise: v, canBuy: v.orderable, maxQuantity: Math.min(maxPerAdd, v.maxOrderable ?? maxPerAdd) });
      setFigures(next);
      setStockChecks((n) => n + 1);
    };
    const stop = followStock(ids, () => void refresh());
    return () => {
      stop();
      controller?.abort();
    };
  }, []);

  // The chosen variant's promise for the quantity typed (more than in stock may be backordered).
  const variantId = variant?.id ?? null;
  const asking = useRef<AbortController | null>(null);
  useEffect(() => {
    asking.current?.abort();
    if (variantId === null || quantity === null || quantity <= 1) return;
    const controller = new AbortController();
    asking.current = controller;
    const timer = setTimeout(async () => {
      const answer = await fetchAvailability([variantId], { ...promiseFor, quantity }, controller.signal);
      const promise = answer?.get(variantId);
      if (promise) setForQuantity({ variantId, quantity, promise });
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [variantId, quantity, stockChecks]);

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

  const quantityPromise = variant && quantity !== null && quantity > 1 && forQuantity?.variantId === variant.id && forQuantity.quantity === quantity ? forQuantity.promise : null;
  const promise = !variant ? NOT_AVAILABLE : (quantityPromise ?? variant.promise);
  const canAdd = variant !== null && variant.canBuy && promise.orderable;
  // Waiting makes sense for what is sold out or only backordered (for one unit).
  const waitable = variant !== null && (variant.promise.state === 'out_of_stock' || variant.promise.state === 'backorder');

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
        <DeliveryPromiseSlot promise={promise} note={variant ? datesNote : null} />
        <div class="add-to-cart__quantity">
          <label for="add-quantity">Quantity</label>
          <input
            class="input"
            id="add-quantity"
            type="number"
            name="quantity"
            value={quantityText}
            min="1"
            max={String(Math.max(1, variant?.maxQuantity ?? 1))}
            inputMode="numeric"
            required
            onInput={(event) => setQuantityText(event.currentTarget.value)}
          />
        </div>
        <button class="button button--primary add-to-cart__button" type="submit" disabled={!canAdd}>
          {!variant ? 'Unavailable' : variant.canBuy ? 'Add to cart' : 'Sold out'}
        </button>
      </form>

      {waitable && <StockAlertForm key={variant.id} variantId={variant.id} paths={stockAlerts} />}
    </div>
  );
});

/** A whole number of units from the quantity field, or null while it holds something else. */
function wholeQuantity(text: string): number | null {
  return /^\s*\d{1,6}\s*$/.test(text) && Number(text) >= 1 ? Number(text) : null;
}

type AlertState = { kind: 'idle' } | { kind: 'sending' } | { kind: 'done'; message: string } | { kind: 'refused'; message: string };

/**
 * "Email me when it's back". Without JavaScript the form posts and a thanks page answers; in
 * the browser it is sent as JSON and answered in place.
 */
function StockAlertForm({ variantId, paths }: { variantId: string; paths: ProductBuyBoxProps['stockAlerts'] }) {
  const [state, setState] = useState<AlertState>({ kind: 'idle' });
  const send = async (form: HTMLFormElement) => {
    setState({ kind: 'sending' });
    const email = String(new FormData(form).get('email') ?? '');
    try {
      const response = await fetch(paths.apiPath, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ variantId, email }),
      });
      const answer = (await response.json()) as { message?: string; title?: string; detail?: string };
      if (response.ok) setState({ kind: 'done', message: answer.message ?? 'We will email you once when it is back.' });
      else setState({ kind: 'refused', message: [answer.title, answer.detail].filter(Boolean).join('. ') || 'Please try again.' });
    } catch {
      // The form still works the ordinary way.
      form.submit();
    }
  };
  return (
    <section class="stock-alert" aria-labelledby="stock-alert-title">
      <h2 class="stock-alert__title" id="stock-alert-title">
        Email me when it’s back
      </h2>
      {state.kind === 'done' ? (
        <p class="stock-alert__done" role="status">
          {state.message}
        </p>
      ) : (
        <form
          class="stock-alert__form"
          method="post"
          action={paths.formPath}
          onSubmit={(event) => {
            event.preventDefault();
            void send(event.currentTarget);
          }}
        >
          <input type="hidden" name="variantId" value={variantId} />
          <label for="stock-alert-email">Email</label>
          <div class="stock-alert__row">
            <input class="input" id="stock-alert-email" type="email" name="email" autocomplete="email" maxLength={254} required aria-describedby="stock-alert-hint" />
            <button class="button button--secondary" type="submit" disabled={state.kind === 'sending'}>
              Notify me
            </button>
          </div>
          <p class="stock-alert__hint" id="stock-alert-hint">
            One email when it is in stock again; nothing else.
          </p>
          {state.kind === 'refused' && (
            <p class="stock-alert__error" role="alert">
              {state.message}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
