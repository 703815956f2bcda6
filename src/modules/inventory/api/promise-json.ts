// The delivery promise as JSON: one shape wherever the API tells a shopper when an item
// arrives (the availability endpoint, the cart's lines).
import { Type, type Static } from 'typebox';
import type { DeliveryPromise } from '../promise.ts';

const LocalDate = (description: string) => Type.String({ format: 'date', description });

export const DeliveryPromiseJson = Type.Object({
  state: Type.String({
    examples: ['in_stock', 'low_stock', 'backorder', 'preorder', 'made_to_order', 'out_of_stock'],
    description: 'For this quantity: more than is in stock under a backorder policy is backorder.',
  }),
  orderable: Type.Boolean({ description: 'Whether this quantity can be ordered now.' }),
  label: Type.String({ examples: ['In stock — arrives Thu 26 – Fri 27 Nov', 'Backordered — ships around 14 Jan, arrives 16–19 Jan'] }),
  shipsOn: Type.Union([LocalDate('The day it leaves the warehouse, in the store’s time zone.'), Type.Null()]),
  estimated: Type.Boolean({ description: 'True when the ship day waits on a restock or on making the item.' }),
  arrives: Type.Union([Type.Object({ from: LocalDate('First likely delivery day.'), to: LocalDate('Last likely delivery day.') }), Type.Null()]),
});
export type DeliveryPromiseJson = Static<typeof DeliveryPromiseJson>;

export function deliveryPromiseJson(promise: DeliveryPromise): DeliveryPromiseJson {
  return { state: promise.state, orderable: promise.orderable, label: promise.label, shipsOn: promise.shipsOn, estimated: promise.estimated, arrives: promise.arrives };
}
