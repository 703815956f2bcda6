// Turns a hold into its JSON form: each line with what is held and its delivery promise.
import type { Platform } from '../../../platform/platform.ts';
import type { CartView } from '../../cart/index.ts';
import type { Reservation, StockFigures } from '../../inventory/index.ts';
import { reviewOf } from '../review.ts';
import type { HoldJson, HoldQuery } from './schemas.ts';

export async function presentHold(platform: Platform, cart: CartView, reservation: Reservation, query: HoldQuery, figures?: StockFigures): Promise<HoldJson> {
  const review = await reviewOf(platform, cart, reservation, { country: query.country ?? null, methodId: query.method ?? null }, figures);
  return {
    expiresAt: reservation.expiresAt!.toISOString(),
    lines: review.lines.map(({ line, promise, held, backordered }) => ({
      variantId: line.variantId,
      title: line.product?.title ?? '',
      quantity: line.quantity,
      held,
      backordered,
      promise: { state: promise.state, orderable: promise.orderable, label: promise.label, shipsOn: promise.shipsOn, estimated: promise.estimated, arrives: promise.arrives },
    })),
    shipping: { country: review.country, method: review.method && { id: review.method.id, name: review.method.name, carrier: review.method.carrier } },
    plan: review.plan,
  };
}
