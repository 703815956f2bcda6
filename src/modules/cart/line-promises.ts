// When each line of a cart arrives: the inventory module's delivery promise for the line's
// quantity (units the cart's own checkout holds count as the shopper's), and, for a line that
// cannot be ordered as it is or waits on a restock, the quantities that can go sooner, each
// with its own promise.
import type { Platform } from '../../platform/platform.ts';
import { promisesFor, type DeliveryPromise, type PromiseAnswer, type StockFigures } from '../inventory/index.ts';
import { checkoutHolder } from './holder.ts';
import { EMPTY_CART, readCart, type CartLine, type CartRead, type CartView } from './view.ts';

/** Another quantity the shopper could have the line at, and what that promises. */
export interface LineAlternative {
  quantity: number;
  promise: DeliveryPromise;
}

export interface PromisedLine extends CartLine {
  /** Null for a line that is no longer sold. */
  promise: DeliveryPromise | null;
  alternatives: LineAlternative[];
}

export interface PromisedCart extends CartView {
  lines: PromisedLine[];
  /** The destination and method the dates are for (the home market's first, before checkout). */
  promisedFor: Pick<PromiseAnswer, 'method' | 'country'>;
}

/**
 * The cart (none yet: the empty one) with each line's promise, its stock read once for both.
 * `read`: the cart as a change has just left it, not read again.
 */
export async function promisedCart(platform: Platform, cartId: string | null, read?: CartRead): Promise<PromisedCart> {
  if (!cartId) return withDeliveryPromises(platform, EMPTY_CART);
  const { cart, figures } = read ?? (await readCart(platform.database.db, cartId));
  return withDeliveryPromises(platform, cart, figures);
}

/**
 * Reads through the outer database handle (as the promise does): call it outside a transaction.
 * `known`: the stock figures the cart's availability was read from (with its checkout's hold as its own).
 */
async function withDeliveryPromises(platform: Platform, cart: CartView, known?: StockFigures): Promise<PromisedCart> {
  const sold = cart.lines.filter((line) => line.availability !== null);
  if (cart.id === null || sold.length === 0) {
    return { ...cart, lines: cart.lines.map((line) => ({ ...line, promise: null, alternatives: [] })), promisedFor: { method: null, country: null } };
  }
  const asked = sold.flatMap((line) => [line.quantity, ...alternativeQuantities(line)].map((quantity) => ({ variantId: line.variantId, quantity })));
  const answer = await promisesFor(platform, asked, { holder: checkoutHolder(cart.id) }, known);
  const promiseOf = (variantId: string, quantity: number) => answer.lines.find((l) => l.variantId === variantId && l.quantity === quantity) ?? null;
  return {
    ...cart,
    promisedFor: { method: answer.method, country: answer.country },
    lines: cart.lines.map((line) => ({
      ...line,
      promise: line.availability ? promiseOf(line.variantId, line.quantity) : null,
      alternatives: line.availability
        ? alternativeQuantities(line).flatMap((quantity) => {
            const promise = promiseOf(line.variantId, quantity);
            return promise?.orderable ? [{ quantity, promise }] : [];
          })
        : [],
    })),
  };
}

/**
 * Smaller quantities that go sooner or at all: what is on the shelf (when the line wants more),
 * and the most that can be ordered (when the line wants more than the merchant accepts).
 */
function alternativeQuantities(line: CartLine): number[] {
  const figures = line.availability;
  if (!figures) return [];
  const quantities = new Set<number>();
  if (figures.available !== null && figures.available > 0 && figures.available < line.quantity) quantities.add(figures.available);
  if (figures.maxOrderable !== null && figures.maxOrderable > 0 && figures.maxOrderable < line.quantity) quantities.add(figures.maxOrderable);
  return [...quantities].sort((a, b) => b - a);
}
