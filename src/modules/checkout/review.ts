// What the review step shows before payment: every line with what is held for it and its
// delivery promise for the chosen destination and method, and the ship-together plan.
import type { Platform } from '../../platform/platform.ts';
import { checkoutHolder, type CartLine, type CartView } from '../cart/index.ts';
import { promisesFor, type LinePromise, type Reservation, type StockFigures } from '../inventory/index.ts';
import type { ShippingOption } from '../shipping/index.ts';
import { shippingPlan, type ShippingPlan } from './shipping-plan.ts';

export interface ReviewLine {
  line: CartLine;
  promise: LinePromise;
  held: number;
  backordered: number;
}

export interface Review {
  lines: ReviewLine[];
  country: string | null;
  method: ShippingOption | null;
  plan: ShippingPlan;
}

/** `figures`: the stock figures the hold was just made from, when the caller has them. */
export async function reviewOf(platform: Platform, cart: CartView, reservation: Reservation, choice: { country: string | null; methodId: string | null }, figures?: StockFigures): Promise<Review> {
  const answer = await promisesFor(
    platform,
    cart.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity })),
    { country: choice.country, methodId: choice.methodId, holder: checkoutHolder(cart.id!) },
    figures,
  );
  const lines = cart.lines.map((line, index) => {
    const held = reservation.lines.filter((r) => r.variantId === line.variantId);
    return {
      line,
      promise: answer.lines[index]!,
      held: held.reduce((sum, r) => sum + r.quantity, 0),
      backordered: held.reduce((sum, r) => sum + r.backordered, 0),
    };
  });
  return { lines, country: answer.country, method: answer.method, plan: shippingPlan(answer.lines) };
}
