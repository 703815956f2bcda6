// Everything checkout shows before the order is placed, worked out from the database alone:
// the cart's lines at their prices (from the catalogue, through the cart), the destination
// and method from the draft, each method's price and delivery dates, tax, totals, and what
// stands between the shopper and placing the order. Nothing the browser sends about prices,
// quantities or totals is read: the page, the autosave and placing the order all call this.
import type { FieldError } from '../../platform/http/problem.ts';
import type { Platform } from '../../platform/platform.ts';
import type { CartLine, CartView } from '../cart/index.ts';
import { emailProblem } from '../customers/index.ts';
import { holdCovers, holdRanOut, promisesFor, readStockFigures, type LinePromise, type PromiseAnswer, type Reservation, type StockFigures } from '../inventory/index.ts';
import { homeCountry, methodsFor, priceFor, type ShippingOption } from '../shipping/index.ts';
import { getStoreProfile } from '../site/index.ts';
import { readTaxSettings, taxFor, taxRateFor, type StoredTaxRate } from '../tax/index.ts';
import { addressProblems, tidyAddress, type Address } from './address/address.ts';
import { shipToCountries } from './address/countries.ts';
import { addressFormat } from './address/formats.ts';
import { EMPTY_FIELDS, type CheckoutDraft } from './draft/drafts.ts';
import { currentHold } from './hold.ts';
import { shippingPlan, type ShippingPlan } from './shipping-plan.ts';

export interface SummaryLine {
  line: CartLine;
  /** The price the line is at (the cart's), in minor units. */
  unitPriceMinor: number;
  lineTotalMinor: number;
  /** Tax on the line: added to it, or contained in it when prices include tax. */
  taxMinor: number;
  promise: LinePromise;
  /** Units held for the line, and of those how many wait for a restock. */
  held: number;
  backordered: number;
}

export interface MethodChoice {
  method: ShippingOption;
  /** What the shopper pays for it on this cart (free over the method's threshold). */
  amountMinor: number;
  amountToFreeMinor: number | null;
  /** When everything arrives by this method (one parcel); null when a line has no date. */
  arrives: { from: string; to: string } | null;
}

export type HoldState = 'held' | 'not-held' | 'hold-ended' | 'cart-changed';

export type AvailabilityReason = 'empty-cart' | 'unavailable' | 'sold-out' | 'insufficient-stock' | 'price-changed' | 'not-orderable' | Exclude<HoldState, 'held'>;

export interface AvailabilityProblem {
  reason: AvailabilityReason;
  /** The line's variant; null for the whole cart. */
  variantId: string | null;
  message: string;
}

export interface CheckoutSummary {
  cartId: string;
  /** The draft version this was worked out from (0: nothing saved yet). */
  draftVersion: number;
  email: string;
  /** The shipping address, tidied (codes in capitals, postal code spaced). */
  address: Address;
  /** Where the dates and prices are for: the address's country, or the home market before one is chosen. */
  destination: string | null;
  currency: string;
  locale: string;
  pricesIncludeTax: boolean;
  tax: Pick<StoredTaxRate, 'label' | 'rateBps' | 'shippingTaxed'> | null;
  /** True until the address names a destination precisely enough to know its tax (the country, and the state or province where there is a list). */
  taxPending: boolean;
  lines: SummaryLine[];
  /** The methods to the destination, in the merchant's order. */
  methods: MethodChoice[];
  /** The draft's choice when it is offered, else the cheapest; null when none reaches the destination. */
  method: MethodChoice | null;
  plan: ShippingPlan;
  hold: HoldState;
  subtotalMinor: number;
  shippingMinor: number;
  /** Added to the total, or (prices including tax) contained in it. */
  taxMinor: number;
  totalMinor: number;
  problems: { fields: FieldError[]; availability: AvailabilityProblem[] };
  readyToPlace: boolean;
}

export interface SummaryInput {
  cart: CartView;
  draft: CheckoutDraft | null;
  /** The reservation holder of the cart's checkout (cart's `checkoutHolder`). */
  holder: string;
  /** The stock figures the cart was read with (`readCart`), as that holder sees them: not read again. */
  figures?: StockFigures;
  /** The hold as the caller has just judged it (`holdOf`): not judged again. */
  hold?: HoldOf;
}

export interface HoldOf {
  state: HoldState;
  reservation: Reservation | null;
}

/**
 * Whether the cart's items are held for checkout (with the hold), and if not, why. `figures`:
 * the cart's stock figures as that holder sees them (or their reading under way), whose selling
 * policies tell which lines need holding.
 */
export async function holdOf(platform: Platform, cart: CartView, holder: string, figures: StockFigures | Promise<StockFigures>): Promise<HoldOf> {
  const reservation = await currentHold(platform, cart.id!);
  if (!reservation) return { state: (await holdRanOut(platform.database.db, holder)) ? 'hold-ended' : 'not-held', reservation: null };
  return { state: holdCovers(reservation, cart.lines, (await figures).policies) ? 'held' : 'cart-changed', reservation };
}

const titleOf = (line: CartLine) => (line.product ? [line.product.title, ...line.options.map((o) => o.value)].join(' — ') : 'An item');

const HOLD_MESSAGES: Record<Exclude<HoldState, 'held'>, string> = {
  'not-held': 'Your items are not held for you yet: start checkout from your cart.',
  'hold-ended': 'Your hold on these items ended: hold them again to continue.',
  'cart-changed': 'Your cart changed since your items were held: hold them again to continue.',
};

function availabilityProblems(cart: CartView, promises: readonly LinePromise[], hold: HoldState): AvailabilityProblem[] {
  if (cart.lines.length === 0) return [{ reason: 'empty-cart', variantId: null, message: 'Your cart is empty.' }];
  const problems: AvailabilityProblem[] = [];
  cart.lines.forEach((line, index) => {
    const title = titleOf(line);
    const add = (reason: AvailabilityReason, message: string) => problems.push({ reason, variantId: line.variantId, message });
    if (line.issues.includes('unavailable')) return add('unavailable', `${title} is no longer sold: remove it from your cart.`);
    if (line.issues.includes('price-changed')) add('price-changed', `The price of ${title} changed: please review it in your cart.`);
    if (line.issues.includes('sold-out')) add('sold-out', `${title} is sold out.`);
    else if (line.issues.includes('insufficient-stock')) add('insufficient-stock', `Not as many of ${title} are left as you asked for.`);
    else if (!promises[index]!.orderable) add('not-orderable', `${title}: ${promises[index]!.label}.`);
  });
  if (hold !== 'held') problems.push({ reason: hold, variantId: null, message: HOLD_MESSAGES[hold] });
  return problems;
}

/** A draft naming a method this address is not served by gets the cheapest instead; only having none is a problem. */
function methodProblem(destination: string | null, methods: readonly MethodChoice[]): FieldError[] {
  if (destination === null || methods.length > 0) return [];
  return [{ field: 'methodId', message: 'No shipping method reaches this address yet. Choose another country, or contact us: we may be able to help.' }];
}

export async function checkoutSummary(platform: Platform, { cart, draft, holder, figures: known, hold: judged }: SummaryInput): Promise<CheckoutSummary> {
  const db = platform.database.db;
  const fields = draft ?? { ...EMPTY_FIELDS, version: 0 };
  const address = tidyAddress(fields);
  const wanted = cart.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity }));
  // One reading of the stock serves the hold's check and every method's dates below.
  const stock = known ?? readStockFigures(db, [...new Set(wanted.map((l) => l.variantId))], holder);
  const [profile, taxSettings, shipTo, home, { state: hold, reservation }, figures] = await Promise.all([
    getStoreProfile(platform),
    readTaxSettings(db),
    shipToCountries(db),
    homeCountry(db),
    judged ?? holdOf(platform, cart, holder, stock),
    stock,
  ]);
  const destination = address.country && shipTo.includes(address.country) ? address.country : home;
  const options = destination ? await methodsFor(db, destination, destination === address.country ? address.region : undefined) : [];

  // One answer per method: each method's own dates. Without a method, dates without transit.
  const answers: PromiseAnswer[] = await Promise.all(
    (options.length > 0 ? options.map((m) => m.id) : [null]).map((methodId) => promisesFor(platform, wanted, { country: destination, methodId, holder }, figures)),
  );
  const methods: MethodChoice[] = options.map((method, i) => ({ method, ...priceFor(method, cart.subtotalMinor), arrives: shippingPlan(answers[i]!.lines).together?.arrives ?? null }));
  const cheapest = methods.reduce<MethodChoice | null>((best, m) => (best === null || m.amountMinor < best.amountMinor ? m : best), null);
  const method = methods.find((m) => m.method.id === fields.methodId) ?? cheapest;
  const promises = answers[method ? methods.indexOf(method) : 0]!.lines;

  const format = addressFormat(address.country);
  const taxPending = destination !== address.country || (format.regions !== null && !format.regions.some((r) => r.code === address.region));
  const rate = taxPending ? null : await taxRateFor(db, address.country, address.region);
  const shippingMinor = method?.amountMinor ?? 0;
  // Items the merchant marked not taxable (gift cards) carry no tax.
  const taxable = cart.lines.filter((l) => l.taxable);
  const tax = taxFor({ lines: taxable.map((l) => ({ key: l.id, amount: l.lineTotalMinor })), shipping: shippingMinor, rate, inclusive: taxSettings.pricesIncludeTax });
  const lineTax = new Map(tax.lines.map((t) => [t.key, t.tax]));
  const reservedLines = hold === 'held' ? reservation!.lines : [];

  const lines = cart.lines.map((line, index): SummaryLine => {
    const reserved = reservedLines.filter((r) => r.variantId === line.variantId);
    return {
      line,
      unitPriceMinor: line.unitPriceMinor,
      lineTotalMinor: line.lineTotalMinor,
      taxMinor: lineTax.get(line.id) ?? 0,
      promise: promises[index]!,
      held: reserved.reduce((sum, r) => sum + r.quantity, 0),
      backordered: reserved.reduce((sum, r) => sum + r.backordered, 0),
    };
  });

  const emailError = emailProblem(fields.email);
  const fieldProblems: FieldError[] = [
    ...(emailError ? [{ field: 'email', message: emailError }] : []),
    ...addressProblems(address, shipTo),
    ...methodProblem(destination === address.country ? destination : null, methods),
  ];
  const availability = availabilityProblems(cart, promises, hold);
  const subtotalMinor = cart.subtotalMinor;
  return {
    cartId: cart.id!,
    draftVersion: fields.version,
    email: fields.email.trim(),
    address,
    destination,
    currency: profile.currency,
    locale: profile.locale,
    pricesIncludeTax: taxSettings.pricesIncludeTax,
    tax: rate && { label: rate.label, rateBps: rate.rateBps, shippingTaxed: rate.shippingTaxed },
    taxPending,
    lines,
    methods,
    method,
    plan: shippingPlan(promises),
    hold,
    subtotalMinor,
    shippingMinor,
    taxMinor: tax.total,
    totalMinor: subtotalMinor + shippingMinor + (taxSettings.pricesIncludeTax ? 0 : tax.total),
    problems: { fields: fieldProblems, availability },
    readyToPlace: fieldProblems.length === 0 && availability.length === 0,
  };
}
