// The checkout hold's JSON shapes (TypeBox), validated and published in the OpenAPI document.
import { Type, type Static } from 'typebox';

export const HoldQuery = Type.Object(
  {
    country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2 destination; the store’s home market when absent.' })),
    method: Type.Optional(Type.String({ format: 'uuid', maxLength: 36, description: 'A shipping method id; the first method to the destination when absent.' })),
  },
  { additionalProperties: false },
);
export type HoldQuery = Static<typeof HoldQuery>;

const Day = Type.String({ format: 'date' });
const Span = Type.Union([Type.Object({ from: Day, to: Day }), Type.Null()]);

const Promise = Type.Object({
  state: Type.String({ examples: ['in_stock', 'low_stock', 'backorder', 'preorder', 'made_to_order', 'out_of_stock'] }),
  orderable: Type.Boolean(),
  label: Type.String({ examples: ['In stock — arrives Thu 26 – Fri 27 Nov', 'Backordered — ships around Thu 14 Jan, arrives Fri 15 – Tue 19 Jan'] }),
  shipsOn: Type.Union([Day, Type.Null()]),
  estimated: Type.Boolean({ description: 'True when the ship day waits on a restock or on making the item.' }),
  arrives: Span,
});

export const HoldJson = Type.Object({
  expiresAt: Type.String({ format: 'date-time', description: 'The hold ends then unless the shopper stays active (POST /api/v1/checkout/hold/keep).' }),
  lines: Type.Array(
    Type.Object({
      variantId: Type.String({ format: 'uuid' }),
      title: Type.String(),
      quantity: Type.Integer(),
      held: Type.Integer({ description: 'Units reserved (untracked items need no holding: 0).' }),
      backordered: Type.Integer({ description: 'Of those, units there was no stock for yet.' }),
      promise: Promise,
    }),
  ),
  shipping: Type.Object({
    country: Type.Union([Type.String(), Type.Null()]),
    method: Type.Union([Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String(), carrier: Type.String() }), Type.Null()]),
  }),
  plan: Type.Object({
    mixed: Type.Boolean({ description: 'The lines leave on different days: the shopper may ship together or as available.' }),
    together: Type.Union([Type.Object({ shipsOn: Day, arrives: Span }), Type.Null()]),
  }),
});
export type HoldJson = Static<typeof HoldJson>;

export const KeepJson = Type.Object({ expiresAt: Type.String({ format: 'date-time' }) });
