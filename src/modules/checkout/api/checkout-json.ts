// The checkout as the form shows it, in one JSON shape: the page renders from it and the
// autosave answers with it, so what the shopper sees after typing is exactly what a reload
// would show. Amounts come formatted for display and in minor units for programs.
import { Type, type Static } from 'typebox';
import { formatDayRange } from '../../../platform/calendar.ts';
import { formatMoney } from '../../../platform/money.ts';
import type { Platform } from '../../../platform/platform.ts';
import type { CheckoutState, FieldName } from '../../../web/islands/checkout-draft.tsx';
import { toneOf } from '../../../web/islands/live-availability.ts';
import { addressFormat } from '../address/formats.ts';
import type { CheckoutDraft, DraftField } from '../draft/drafts.ts';
import { DRAFT_FIELDS } from '../draft/drafts.ts';
import { FORM_NAMES } from '../draft/input.ts';
import { placeOrderToken } from '../place/token.ts';
import type { CheckoutSummary } from '../summary.ts';

const Text = Type.String();
const MaybeText = Type.Union([Type.String(), Type.Null()]);

export const CheckoutJson = Type.Object({
  version: Type.Integer({ description: 'The draft version shown: send it back with the next autosave.' }),
  orderToken: Type.String({ description: 'The one-time token “Place order” posts as `orderToken`, for this draft version.' }),
  values: Type.Object(Object.fromEntries(DRAFT_FIELDS.map((f) => [FORM_NAMES[f], Text])), { description: 'The details as typed (a signed-in customer’s email and the home country filled in where empty).' }),
  errors: Type.Array(Type.Object({ field: Type.String({ description: 'The field’s name in `values`.' }), message: Text }), { description: 'What is wrong with each field, as saved.' }),
  format: Type.Object(
    {
      cityLabel: Text,
      regionLabel: Text,
      regionRequired: Type.Boolean(),
      regions: Type.Union([Type.Array(Type.Object({ code: Text, name: Text })), Type.Null()]),
      postalLabel: Text,
      postalRequired: Type.Boolean(),
      postalExample: MaybeText,
      postalNumeric: Type.Boolean(),
    },
    { description: 'How the chosen country’s addresses are written.' },
  ),
  methods: Type.Array(Type.Object({ id: Type.String({ format: 'uuid' }), name: Text, price: Text, arrives: MaybeText })),
  methodId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'The method the order ships by: the one chosen, else the cheapest.' }),
  lines: Type.Array(
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      title: Text,
      options: Text,
      quantity: Type.Integer(),
      image: Type.Union([Type.Object({ url: Text, alt: Text }), Type.Null()]),
      total: Text,
      promise: Type.Object({ label: Text, tone: Text }),
      note: MaybeText,
    }),
  ),
  mixed: Type.Union([Type.Object({ arrives: MaybeText }), Type.Null()]),
  totals: Type.Object({
    subtotal: Text,
    shippingLabel: Text,
    shipping: MaybeText,
    tax: Type.Union([Type.Object({ label: Text, amount: Type.Union([Text, Type.Null()], { description: 'Null until the address says where the order goes.' }), included: Type.Boolean() }), Type.Null()]),
    total: Text,
  }),
  amounts: Type.Object({
    currency: Text,
    subtotalMinor: Type.Integer(),
    shippingMinor: Type.Integer(),
    taxMinor: Type.Integer({ description: 'Added to the total, or contained in it when `pricesIncludeTax`.' }),
    totalMinor: Type.Integer(),
    pricesIncludeTax: Type.Boolean(),
  }),
  problems: Type.Array(Text, { description: 'What keeps the order from being placed besides the fields: stock, the hold, the cart.' }),
  readyToPlace: Type.Boolean(),
});
export type CheckoutJson = Static<typeof CheckoutJson>;

function formatOf(country: string): CheckoutState['format'] {
  const format = addressFormat(country);
  return { ...format, regions: format.regions && [...format.regions] };
}

const formName = (field: string): FieldName => FORM_NAMES[field as DraftField] as FieldName;

/** `shown`: the draft as the form shows it (with what the store filled in). */
export function presentCheckout(platform: Platform, summary: CheckoutSummary, shown: CheckoutDraft): CheckoutJson & CheckoutState {
  const { locale, currency } = summary;
  const money = (amount: number) => formatMoney({ amount, currency }, locale);
  const price = (amount: number) => (amount === 0 ? 'Free' : money(amount));
  const days = (span: { from: string; to: string } | null) => (span ? formatDayRange(span.from, span.to, locale) : null);
  // Included tax is only named when there is some; added tax always has its line, open until the address says where.
  const tax = summary.tax
    ? { label: summary.tax.label, amount: money(summary.taxMinor), included: summary.pricesIncludeTax }
    : summary.pricesIncludeTax
      ? null
      : { label: 'Tax', amount: summary.taxPending ? null : money(0), included: false };
  return {
    version: summary.draftVersion,
    orderToken: placeOrderToken(platform, summary.cartId, summary.draftVersion),
    values: Object.fromEntries(DRAFT_FIELDS.map((f) => [FORM_NAMES[f], (f === 'methodId' ? shown.methodId : shown[f]) ?? ''])) as CheckoutState['values'],
    errors: summary.problems.fields.map((e) => ({ field: formName(e.field), message: e.message })),
    format: formatOf(shown.country || summary.destination || ''),
    methods: summary.methods.map((m) => ({ id: m.method.id, name: m.method.name, price: price(m.amountMinor), arrives: days(m.arrives) })),
    methodId: summary.method?.method.id ?? null,
    lines: summary.lines.map(({ line, promise, lineTotalMinor, backordered }) => ({
      id: line.id,
      title: line.product?.title ?? 'An item no longer sold',
      options: line.options.map((o) => o.value).join(' / '),
      quantity: line.quantity,
      image: line.image,
      total: money(lineTotalMinor),
      promise: { label: promise.label, tone: toneOf(promise) },
      note: backordered > 0 && backordered < line.quantity ? `${line.quantity - backordered} in stock now; ${backordered} ${backordered === 1 ? 'waits' : 'wait'} for the restock.` : null,
    })),
    mixed: summary.plan.mixed ? { arrives: days(summary.plan.together?.arrives ?? null) } : null,
    totals: {
      subtotal: money(summary.subtotalMinor),
      shippingLabel: summary.method ? `Shipping (${summary.method.method.name})` : 'Shipping',
      shipping: summary.method ? price(summary.shippingMinor) : null,
      tax,
      total: money(summary.totalMinor),
    },
    amounts: { currency, subtotalMinor: summary.subtotalMinor, shippingMinor: summary.shippingMinor, taxMinor: summary.taxMinor, totalMinor: summary.totalMinor, pricesIncludeTax: summary.pricesIncludeTax },
    problems: summary.problems.availability.map((p) => p.message),
    readyToPlace: summary.readyToPlace,
  };
}
