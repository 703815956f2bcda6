// Starting a checkout: the cart's lines are reserved for the shopper (inventory holds them
// for the merchant's TTL, extended while they are active). A shortage is answered here, at
// the start of checkout and before any payment, with what the shopper can do instead.
import type { Platform } from '../../platform/platform.ts';
import { Problem } from '../../platform/http/problem.ts';
import { checkoutHolder as holderOf, getCart, type CartLines, type CartView } from '../cart/index.ts';
import { extendReservation, liveReservation, promisesFor, releaseReservation, reserve, type Reservation, type Shortage, type StockFigures } from '../inventory/index.ts';


/** What a shopper can do about a line that cannot be had in its quantity. */
export interface ShortLine {
  variantId: string;
  title: string;
  requested: number;
  /** The most that can be had now; 0 when none. */
  available: number;
  /** "Sold out" or "Only 2 available". */
  message: string;
  alternatives: {
    /** Take this many instead (the most available), when some can be had. */
    lowerQuantity: number | null;
    /** The product page, where the shopper can ask to be emailed when it is back. */
    notifyMeUrl: string | null;
  };
}

export const checkoutProblems = {
  emptyCart: () => new Problem({ status: 409, type: 'empty-cart', title: 'Your cart is empty', detail: 'Add something to your cart before checking out.' }),
  cartNeedsAttention: () =>
    new Problem({
      status: 409,
      type: 'cart-needs-attention',
      title: 'Some items need your attention first',
      detail: 'An item is no longer sold or its price changed. Please review your cart.',
    }),
  short: (lines: ShortLine[]) =>
    new Problem({
      status: 409,
      type: 'insufficient-stock',
      title: lines.every((l) => l.available === 0) ? 'Sold out while you were shopping' : 'Not enough left for your order',
      detail: lines.map((l) => `${l.title}: ${l.message}.`).join(' '),
      extensions: { lines },
    }),
  holdEnded: () =>
    new Problem({ status: 409, type: 'hold-ended', title: 'Your hold on these items ended', detail: 'Start checkout again to hold them for you.' }),
};

/** A refusal that only concerns the cart's own state (not stock). */
function refuseCart(cart: CartView): void {
  if (cart.lines.length === 0) throw checkoutProblems.emptyCart();
  if (cart.lines.some((line) => line.issues.includes('unavailable') || line.issues.includes('price-changed'))) throw checkoutProblems.cartNeedsAttention();
}

/**
 * Holds the cart's lines for checkout; throws a Problem saying what to do when it cannot.
 * Answers the stock figures as the shopper now sees them, for the hold's delivery promises.
 */
export async function holdCart(platform: Platform, cartId: string, lines?: CartLines): Promise<{ cart: CartView; reservation: Reservation; figures: StockFigures }> {
  // Stock is judged by the reservation itself, under its locks.
  const cart = await getCart(platform.database.db, cartId, { stock: false, ...(lines ? { lines } : {}) });
  refuseCart(cart);
  const holder = holderOf(cartId);
  const result = await reserve(platform, holder, cart.lines.map((line) => ({ variantId: line.variantId, quantity: line.quantity })), holder);
  if (!result.ok) throw checkoutProblems.short(await describeShortages(platform, cart, result.shortages));
  return { cart, reservation: result.reservation, figures: result.figures };
}

async function describeShortages(platform: Platform, cart: CartView, shortages: readonly Shortage[]): Promise<ShortLine[]> {
  const answer = await promisesFor(platform, shortages.map((s) => ({ variantId: s.variantId, quantity: s.requested })));
  return shortages.map((shortage, index) => {
      const line = cart.lines.find((l) => l.variantId === shortage.variantId);
      const title = line?.product ? [line.product.title, ...line.options.map((o) => o.value)].join(' — ') : 'An item';
      return {
        variantId: shortage.variantId,
        title,
        requested: shortage.requested,
        available: shortage.maxOrderable,
        message: answer.lines[index]!.label,
        alternatives: {
          lowerQuantity: shortage.maxOrderable > 0 ? shortage.maxOrderable : null,
          notifyMeUrl: line?.product ? `/products/${line.product.handle}?variant=${shortage.variantId}#notify` : null,
        },
      };
  });
}

/** The shopper is still here: keep their hold. Null when it has ended. */
export function keepHold(platform: Platform, cartId: string): Promise<Date | null> {
  return extendReservation(platform, holderOf(cartId));
}

/** The shopper left checkout: their items go back on sale at once. */
export function leaveCheckout(platform: Platform, cartId: string): Promise<boolean> {
  const holder = holderOf(cartId);
  return platform.database.transaction((tx) => releaseReservation(platform, tx, { holder }, 'checkout left', holder));
}

/** The cart's live hold, or null when none (or it ran out and awaits release). */
export async function currentHold(platform: Platform, cartId: string): Promise<Reservation | null> {
  const reservation = await liveReservation(platform.database.db, holderOf(cartId));
  if (!reservation) return null;
  if (reservation.status === 'held' && reservation.expiresAt && reservation.expiresAt <= platform.clock.now()) return null;
  return reservation;
}
