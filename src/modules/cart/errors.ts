// Why a cart change was refused. Each is a Problem with a stable type: the JSON API sends
// it as problem+json, the cart page shows its detail next to the form. Nothing in the cart
// changes when one is thrown.
import { Problem } from '../../platform/http/problem.ts';
import type { Availability } from '../inventory/index.ts';
import { MAX_LINES, MAX_QUANTITY } from './limits.ts';

export const cartProblems = {
  invalidQuantity: (allowZero: boolean) =>
    new Problem({
      status: 400,
      type: 'invalid-quantity',
      title: 'That quantity is not possible',
      detail: `Choose a whole number from ${allowZero ? 0 : 1} to ${MAX_QUANTITY}.`,
    }),
  unknownVariant: () =>
    new Problem({
      status: 400,
      type: 'unknown-variant',
      title: 'We could not find that item',
      detail: 'The item you chose does not exist. Please pick it again from its product page.',
    }),
  noLongerAvailable: (item: string) =>
    new Problem({
      status: 409,
      type: 'no-longer-available',
      title: 'This item is no longer available',
      detail: `${item} is no longer sold.`,
    }),
  cartChanged: () =>
    new Problem({
      status: 409,
      type: 'cart-changed',
      title: 'Your cart changed meanwhile',
      detail: 'It was just merged or checked out, perhaps on another device. Please try again.',
    }),
  lineNotFound: () =>
    new Problem({
      status: 404,
      type: 'line-not-found',
      title: 'That item is not in your cart',
      detail: 'It may have been removed already, perhaps on another device.',
    }),
  quantityLimit: (item: string, inCart: number) =>
    new Problem({
      status: 409,
      type: 'quantity-limit',
      title: `At most ${MAX_QUANTITY} of one item`,
      detail: `You can order up to ${MAX_QUANTITY} of ${item}${inCart ? `; ${inCart} already in your cart` : ''}.`,
      extensions: { maxQuantity: MAX_QUANTITY, inCart },
    }),
  tooManyLines: () =>
    new Problem({
      status: 409,
      type: 'too-many-lines',
      title: `A cart holds at most ${MAX_LINES} different items`,
      detail: 'Please check out or remove something first.',
      extensions: { maxLines: MAX_LINES },
    }),
  insufficientStock: (item: string, availability: Availability, inCart: number) => {
    const max = availability.maxOrderable ?? 0;
    const already = inCart ? `, and ${inCart} ${inCart === 1 ? 'is' : 'are'} already in your cart` : '';
    const soldOut = max === 0;
    return new Problem({
      status: 409,
      type: soldOut ? 'sold-out' : 'insufficient-stock',
      title: soldOut ? 'Sold out' : `Only ${max} left`,
      detail: soldOut
        ? `Sold out — ${item} cannot be ordered right now.`
        : `${onShelf(availability) ? `Only ${max} left of ${item}` : `Only ${max} of ${item} can be ordered`}${already}.`,
      extensions: { maxOrderable: max, inCart },
    });
  },
};

/** Units on the shelf are "left"; beyond them (backorder, pre-order) they "can be ordered". */
function onShelf(availability: Availability): boolean {
  return availability.state === 'in_stock' || availability.state === 'low_stock';
}
