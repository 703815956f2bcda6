// What the checkout hands over to record an order, and the last line of defence before it is
// written: the checkout computes prices, tax and totals, and this refuses an order whose
// figures do not add up or whose fields are missing, so a bug upstream can never record an
// order that charges the wrong amount.
import { isLocalDate } from '../../platform/calendar.ts';
import { Problem, type FieldError } from '../../platform/http/problem.ts';
import { emailProblem, normalizeEmail } from '../customers/index.ts';
import type { OrderActor } from './actor.ts';
import { ACTOR_KINDS, type OrderAddress, type OrderLinePromise } from './schema.ts';
import { isUuid } from './uuid.ts';

export interface NewOrderLine {
  variantId: string;
  sku: string;
  productTitle: string;
  variantTitle: string | null;
  imageUrl?: string | null;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
  tax: number;
  taxRateBp: number;
  promise: OrderLinePromise;
}

export interface NewOrder {
  cartId: string | null;
  customerId: string | null;
  email: string;
  currency: string;
  pricesIncludeTax: boolean;
  lines: NewOrderLine[];
  shippingAddress: OrderAddress;
  shippingMethod: { id: string; name: string; price: number; carrier?: string };
  subtotal: number;
  shippingTotal: number;
  taxTotal: number;
  total: number;
  paymentDeadline: Date;
  actor: OrderActor;
}

export const MAX_ORDER_LINES = 200;
const TEXT_MAX = 500;

/** Raised when the checkout hands over an order that must not be recorded as it is. */
export class InvalidOrder extends Problem {
  override name = 'InvalidOrder';
  constructor(errors: FieldError[]) {
    super({
      status: 422,
      type: 'invalid-order',
      title: 'The order could not be recorded',
      detail: errors.map((e) => `${e.field} ${e.message}`).join('; '),
      errors,
    });
  }
}

/** The order with its email normalised and its text trimmed, or InvalidOrder listing every fault. */
export function checkNewOrder(input: NewOrder): NewOrder {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });
  const amount = (field: string, value: number) => {
    if (!Number.isSafeInteger(value) || value < 0) fail(field, 'must be a whole, non-negative amount of minor units');
  };
  const text = (field: string, value: string | null | undefined, required: boolean): string | null => {
    const trimmed = (value ?? '').trim();
    if (required && trimmed === '') fail(field, 'is required');
    if (trimmed.length > TEXT_MAX) fail(field, `is longer than ${TEXT_MAX} characters`);
    return trimmed === '' ? null : trimmed;
  };

  if (input.cartId !== null && !isUuid(input.cartId)) fail('cartId', 'must be a uuid');
  if (input.customerId !== null && !isUuid(input.customerId)) fail('customerId', 'must be a uuid');
  const emailIssue = emailProblem(input.email);
  if (emailIssue) fail('email', emailIssue);
  if (!/^[A-Z]{3}$/.test(input.currency)) fail('currency', 'must be an ISO 4217 code');
  if (!(input.paymentDeadline instanceof Date) || Number.isNaN(input.paymentDeadline.getTime())) fail('paymentDeadline', 'must be a date');

  if (input.lines.length === 0) fail('lines', 'must hold at least one line');
  if (input.lines.length > MAX_ORDER_LINES) fail('lines', `must hold at most ${MAX_ORDER_LINES} lines`);
  const lines = input.lines.map((line, i): NewOrderLine => {
    const at = `lines.${i}`;
    if (!isUuid(line.variantId)) fail(`${at}.variantId`, 'must be a uuid');
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) fail(`${at}.quantity`, 'must be a whole number of at least 1');
    amount(`${at}.unitPrice`, line.unitPrice);
    amount(`${at}.lineTotal`, line.lineTotal);
    amount(`${at}.tax`, line.tax);
    if (!Number.isSafeInteger(line.taxRateBp) || line.taxRateBp < 0) fail(`${at}.taxRateBp`, 'must be whole basis points');
    text(`${at}.promise.label`, line.promise.label, true);
    for (const day of ['earliest', 'latest', 'shipsOn'] as const) {
      const value = line.promise[day];
      if (value !== null && value !== undefined && !isLocalDate(value)) fail(`${at}.promise.${day}`, 'must be a date like 2026-11-30');
    }
    // Only the known fields are kept: a caller handing over a richer object stores nothing extra.
    return {
      variantId: line.variantId,
      sku: text(`${at}.sku`, line.sku, true) ?? '',
      productTitle: text(`${at}.productTitle`, line.productTitle, true) ?? '',
      variantTitle: text(`${at}.variantTitle`, line.variantTitle, false),
      imageUrl: text(`${at}.imageUrl`, line.imageUrl, false),
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      lineTotal: line.lineTotal,
      tax: line.tax,
      taxRateBp: line.taxRateBp,
      promise: {
        state: line.promise.state,
        label: line.promise.label.trim(),
        earliest: line.promise.earliest,
        latest: line.promise.latest,
        ...(line.promise.shipsOn ? { shipsOn: line.promise.shipsOn } : {}),
      },
    };
  });

  for (const field of ['subtotal', 'shippingTotal', 'taxTotal', 'total'] as const) amount(field, input[field]);
  amount('shippingMethod.price', input.shippingMethod.price);
  const linesTotal = lines.reduce((sum, line) => sum + line.lineTotal, 0);
  const linesTax = lines.reduce((sum, line) => sum + line.tax, 0);
  if (input.subtotal !== linesTotal) fail('subtotal', `is ${input.subtotal} but the lines add up to ${linesTotal}`);
  // Shipping may be taxed too, so the order's tax is at least the lines' tax.
  if (input.taxTotal < linesTax) fail('taxTotal', `is ${input.taxTotal}, less than the lines' tax of ${linesTax}`);
  const expected = input.subtotal + input.shippingTotal + (input.pricesIncludeTax ? 0 : input.taxTotal);
  if (input.total !== expected) fail('total', `is ${input.total} but subtotal, shipping and tax make ${expected}`);

  const shippingMethod = {
    id: text('shippingMethod.id', input.shippingMethod.id, true) ?? '',
    name: text('shippingMethod.name', input.shippingMethod.name, true) ?? '',
    price: input.shippingMethod.price,
    ...(input.shippingMethod.carrier ? { carrier: input.shippingMethod.carrier.trim() } : {}),
  };
  const shippingAddress = checkAddress(input.shippingAddress, text);
  if (!/^[A-Z]{2}$/.test(shippingAddress.country)) fail('shippingAddress.country', 'must be an ISO 3166-1 alpha-2 code');
  if (!ACTOR_KINDS.includes(input.actor.kind)) fail('actor.kind', 'is not a kind of actor');

  if (errors.length > 0) throw new InvalidOrder(errors);
  return { ...input, email: normalizeEmail(input.email), lines, shippingMethod, shippingAddress };
}

type TextCheck = (field: string, value: string | null | undefined, required: boolean) => string | null;

function checkAddress(address: OrderAddress, text: TextCheck): OrderAddress {
  const at = (name: string) => `shippingAddress.${name}`;
  const optional = (name: 'line2' | 'region' | 'phone') => {
    const value = text(at(name), address[name], false);
    return value === null ? {} : { [name]: value };
  };
  return {
    name: text(at('name'), address.name, true) ?? '',
    line1: text(at('line1'), address.line1, true) ?? '',
    ...optional('line2'),
    city: text(at('city'), address.city, true) ?? '',
    ...optional('region'),
    postalCode: text(at('postalCode'), address.postalCode, true) ?? '',
    country: (address.country ?? '').trim().toUpperCase(),
    ...optional('phone'),
  };
}
