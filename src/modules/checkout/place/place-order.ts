// Placing an order: the order exists before money moves. In one transaction the order is
// recorded with its number (status placed, payment pending), the checkout's hold becomes an
// allocation kept until the payment deadline, the order's one payment is opened and the cart
// is closed. Only after that commit is the gateway asked for the payment intent; if it does
// not answer, the order stands and the shopper is offered the other ways to pay; while card
// payments are paused (the gateway's circuit breaker open) it is not even asked, and the pay
// link is emailed once they are back (`pay/when-back.ts`).
//
// A second submit of the same cart (double click, back button, a retried request, another
// tab) finds the order already recorded for the cart and answers it: one cart, one order.
import { crashPoint } from '../../../platform/crash.ts';
import { addDays, localDateOf } from '../../../platform/calendar.ts';
import { Problem } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import { checkoutHolder, markCartConverted, readCart, type CartLines } from '../../cart/index.ts';
import { findOrCreateCustomerByEmail } from '../../customers/index.ts';
import { allocateReservation, ReservationError } from '../../inventory/index.ts';
import { orderByCart, recordOrder, type NewOrder, type Order, type OrderActor } from '../../orders/index.ts';
import { openPayment, type PaymentRecord } from '../../payments/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import { loadDraft } from '../draft/drafts.ts';
import { holdCart } from '../hold.ts';
import { askForIntent } from '../pay/intent.ts';
import { paymentsPaused, waitForGateway } from '../pay/when-back.ts';
import { checkoutSummary, type CheckoutSummary } from '../summary.ts';

/** How long a placed, unpaid order keeps its stock before it is cancelled. */
export const PAYMENT_WINDOW_HOURS = 48;

/**
 * Authorisations lapse after about 7 days: an order with a line shipping later than this
 * many days out is captured when authorised, any other when it ships.
 */
const CAPTURE_AT_SHIPMENT_WITHIN_DAYS = 5;

/** What placing a new order left behind, so the answer need not read it back. */
export interface JustPlaced {
  /** The payment as it stands: with its intent when the gateway answered. */
  payment: PaymentRecord;
  /** The pay link goes by email once card payments are back. */
  payLinkWhenBack: boolean;
}

export type PlaceOutcome =
  /** `placed`: set when this call recorded the order. */
  | { kind: 'placed'; order: Order; created: boolean; gatewayAnswered: boolean; placed?: JustPlaced }
  /** Something to fix or confirm first; nothing was recorded. `rehold`: the hold had ended and was made again. */
  | { kind: 'needs-attention'; summary: CheckoutSummary; reason: 'details' | 'availability' | 'rehold' | 'draft-changed' };

export interface PlaceInput {
  cartId: string;
  customerId: string | null;
  actor: OrderActor;
  /** The draft version the shopper saw (the form's one-time token); undefined from the JSON API. */
  draftVersion?: number;
  /** The caller has just found no order for this cart: not asked again (recording still refuses a second). */
  noOrderYet?: boolean;
  /** The cart's lines as the caller has just read them: not read again. */
  lines?: CartLines;
}

export async function summaryOf(platform: Platform, cartId: string, lines?: CartLines): Promise<CheckoutSummary> {
  const db = platform.database.db;
  const [{ cart, figures }, draft] = await Promise.all([readCart(db, cartId, lines), loadDraft(db, cartId)]);
  return checkoutSummary(platform, { cart, draft, holder: checkoutHolder(cartId), figures });
}

export async function placeOrder(platform: Platform, input: PlaceInput): Promise<PlaceOutcome> {
  const existing = input.noOrderYet ? null : await orderByCart(platform.database.db, input.cartId);
  if (existing) return { kind: 'placed', order: existing, created: false, gatewayAnswered: existing.paymentStatus !== 'pending' };

  let summary = await summaryOf(platform, input.cartId, input.lines);
  if (summary.hold !== 'held' && summary.problems.fields.length === 0) {
    // The hold ran out (or the cart changed) while the shopper typed: check the stock again
    // and, when it is there, hold it and ask them to confirm the dates once more.
    const short = await holdCart(platform, input.cartId, input.lines).then(
      () => false,
      (error: unknown) => {
        if (error instanceof Problem) return true;
        throw error;
      },
    );
    summary = await summaryOf(platform, input.cartId, input.lines);
    return { kind: 'needs-attention', summary, reason: short ? 'availability' : 'rehold' };
  }
  if (!summary.readyToPlace) return { kind: 'needs-attention', summary, reason: summary.problems.fields.length ? 'details' : 'availability' };
  if (input.draftVersion !== undefined && input.draftVersion !== summary.draftVersion) return { kind: 'needs-attention', summary, reason: 'draft-changed' };

  const now = platform.clock.now();
  const deadline = new Date(now.getTime() + PAYMENT_WINDOW_HOURS * 3_600_000);
  const captureMethod = await captureMethodFor(platform, summary, now);
  // Card payments paused: the order is taken all the same, and its pay link goes by email
  // once the gateway answers again, instead of a failed call and an error now.
  const paused = paymentsPaused(platform);
  const recorded = await platform.database
    .transaction(async (tx) => {
      // A guest is a customer row too (one per email): signing up later finds their orders.
      const customerId = input.customerId ?? (await findOrCreateCustomerByEmail(tx, summary.email, summary.address.name)).id;
      const result = await recordOrder(platform, tx, newOrder(summary, { ...input, customerId }, deadline));
      if (!result.created) return { ...result, payment: null };
      await allocateReservation(platform, tx, checkoutHolder(input.cartId), result.order.number, deadline);
      const payment = await openPayment(tx, { orderId: result.order.id, amount: result.order.total, currency: result.order.currency, captureMethod });
      await markCartConverted(tx, input.cartId, now);
      if (paused) await waitForGateway(tx, result.order.id, now);
      return { ...result, payment };
    })
    .catch(async (error: unknown) => {
      // The hold ended between the check and the transaction: nothing was recorded.
      if (error instanceof ReservationError && error.code === 'not-live') return null;
      throw error;
    });
  if (!recorded) return { kind: 'needs-attention', summary: await summaryOf(platform, input.cartId, input.lines), reason: 'availability' };

  crashPoint(platform.config, 'place-order:before-gateway');
  const payment = paused ? null : await askForIntent(platform, recorded.order.id, recorded.payment ?? undefined);
  const gatewayAnswered = payment !== null;
  // This order's own failed tries opened the circuit (or its trial call failed): it waits for
  // the gateway like the orders placed while paused.
  const waitsNow = !gatewayAnswered && !paused && recorded.created && paymentsPaused(platform);
  if (waitsNow) await platform.database.transaction((tx) => waitForGateway(tx, recorded.order.id, now));
  crashPoint(platform.config, 'place-order:before-response');
  const opened = recorded.payment;
  const placed = opened ? { payment: payment ?? opened, payLinkWhenBack: paused || waitsNow } : undefined;
  return { kind: 'placed', order: recorded.order, created: recorded.created, gatewayAnswered, ...(placed ? { placed } : {}) };
}

async function captureMethodFor(platform: Platform, summary: CheckoutSummary, now: Date): Promise<'manual' | 'automatic'> {
  const { timeZone } = await getStoreProfile(platform);
  const lastManual = addDays(localDateOf(now, timeZone), CAPTURE_AT_SHIPMENT_WITHIN_DAYS);
  const shipsLate = summary.lines.some((l) => l.promise.shipsOn === null || l.promise.shipsOn > lastManual);
  return shipsLate ? 'automatic' : 'manual';
}

function newOrder(summary: CheckoutSummary, input: PlaceInput, deadline: Date): NewOrder {
  const { address, method } = summary;
  return {
    cartId: input.cartId,
    customerId: input.customerId,
    email: summary.email,
    currency: summary.currency,
    pricesIncludeTax: summary.pricesIncludeTax,
    lines: summary.lines.map((l) => ({
      variantId: l.line.variantId,
      sku: l.line.sku,
      productTitle: l.line.product?.title ?? '',
      variantTitle: l.line.options.map((o) => o.value).join(' / ') || null,
      imageUrl: l.line.image?.url ?? null,
      quantity: l.line.quantity,
      unitPrice: l.unitPriceMinor,
      lineTotal: l.lineTotalMinor,
      tax: l.taxMinor,
      taxRateBp: summary.tax?.rateBps ?? 0,
      promise: { state: l.promise.state, label: l.promise.label, earliest: l.promise.arrives?.from ?? null, latest: l.promise.arrives?.to ?? null, shipsOn: l.promise.shipsOn },
    })),
    shippingAddress: {
      name: address.name,
      line1: address.line1,
      ...(address.line2 ? { line2: address.line2 } : {}),
      city: address.city,
      ...(address.region ? { region: address.region } : {}),
      postalCode: address.postalCode,
      country: address.country,
      ...(address.phone ? { phone: address.phone } : {}),
    },
    shippingMethod: { id: method!.method.id, name: method!.method.name, price: method!.amountMinor, carrier: method!.method.carrier },
    subtotal: summary.subtotalMinor,
    shippingTotal: summary.shippingMinor,
    taxTotal: summary.taxMinor,
    total: summary.totalMinor,
    paymentDeadline: deadline,
    actor: input.actor,
  };
}
