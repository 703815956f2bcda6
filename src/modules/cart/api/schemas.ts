// The cart's JSON shapes (TypeBox): validated on the way in, serialised on the way out and
// published in the OpenAPI document.
import { Type, type Static } from 'typebox';
import { DeliveryPromiseJson } from '../../inventory/index.ts';
import { MAX_QUANTITY } from '../limits.ts';

export const Quantity = (minimum: number) =>
  Type.Integer({ minimum, maximum: MAX_QUANTITY, description: `Whole units, ${minimum} to ${MAX_QUANTITY}${minimum === 0 ? ' (0 removes the line)' : ''}.` });

export const AddLineBody = Type.Object(
  {
    variantId: Type.String({ format: 'uuid', maxLength: 36, description: 'The variant to add.' }),
    quantity: Quantity(1),
  },
  { additionalProperties: false },
);

export const SetQuantityBody = Type.Object({ quantity: Quantity(0) }, { additionalProperties: false });

export const LineParams = Type.Object({ lineId: Type.String({ format: 'uuid', maxLength: 36 }) });

const Money = Type.Object({
  amount: Type.Integer({ description: 'Minor units.' }),
  currency: Type.String(),
  formatted: Type.String(),
});

const LineIssue = Type.Union(
  [Type.Literal('unavailable'), Type.Literal('sold-out'), Type.Literal('insufficient-stock'), Type.Literal('price-changed')],
  { description: 'unavailable: no longer sold (left out of the subtotal); price-changed: accept the new price before checkout.' },
);

/** `unitPrice` is the price the line is at (as seen when added, or as last accepted); `currentPrice` the catalogue's now. */
export const CartLineJson = Type.Object({
  id: Type.String({ format: 'uuid' }),
  variantId: Type.String({ format: 'uuid' }),
  quantity: Type.Integer(),
  title: Type.String({ description: 'The product title; empty when the item no longer exists.' }),
  url: Type.Union([Type.String(), Type.Null()], { description: 'The product page.' }),
  options: Type.Array(Type.Object({ name: Type.String(), value: Type.String() })),
  sku: Type.String(),
  image: Type.Union([Type.Object({ url: Type.String(), alt: Type.String() }), Type.Null()]),
  unitPrice: Money,
  currentPrice: Type.Union([Money, Type.Null()], { description: 'The catalogue price now.' }),
  priceChanged: Type.Boolean(),
  lineTotal: Money,
  available: Type.Boolean(),
  availability: Type.Union([
    Type.Object({
      state: Type.String({ examples: ['in_stock', 'low_stock', 'backorder', 'preorder', 'made_to_order', 'out_of_stock'] }),
      label: Type.String({ examples: ['Only 3 left'] }),
      maxOrderable: Type.Union([Type.Integer(), Type.Null()], { description: 'Null: no limit.' }),
    }),
    Type.Null(),
  ]),
  promise: Type.Union([DeliveryPromiseJson, Type.Null()], { description: 'When the line arrives, for its quantity; null when it is no longer sold.' }),
  alternatives: Type.Array(Type.Object({ quantity: Type.Integer(), promise: DeliveryPromiseJson }), {
    description: 'Smaller quantities that can be ordered or go sooner (what is in stock, the most that can be ordered), when the line cannot be ordered as it is or waits on a restock.',
  }),
  issues: Type.Array(LineIssue),
});

export const CartJson = Type.Object({
  id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'Null until something is added.' }),
  itemCount: Type.Integer(),
  subtotal: Money,
  readyForCheckout: Type.Boolean({ description: 'Lines exist and none has an issue.' }),
  lines: Type.Array(CartLineJson),
});
export type CartJson = Static<typeof CartJson>;

export const CartSummaryJson = Type.Object({ itemCount: Type.Integer() });
