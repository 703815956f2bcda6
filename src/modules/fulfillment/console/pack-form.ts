// The pack form as typed and as packShipment wants it. Quantities are checked for shape here
// (a whole number, blank meaning none), everything else by packShipment itself, whose refusals
// are Problems: each is put back beside the field it is about, so the page can show the form
// again with the message and what was typed.
import type { Problem } from '../../../platform/http/problem.ts';
import { FormErrors } from '../../../web/forms/form-errors.ts';
import { text, type FormBody } from '../../../web/forms/form-body.ts';
import type { Order } from '../../orders/index.ts';
import { CARRIER_CODES, CARRIERS, type CarrierCode } from '../carriers/numbers/index.ts';
import type { PackRequest } from '../shipments/pack.ts';
import type { PackableLine } from './figures.ts';

export interface PackForm {
  locationId: string;
  carrier: string;
  service: string;
  trackingNumber: string;
  /** Units per order line id, as typed. */
  quantities: Record<string, string>;
}

/** The name of a line's quantity input (its id is `field-<name>`). */
export const quantityField = (orderLineId: string) => `qty-${orderLineId}`;

const WHOLE = /^\d{1,4}$/;

/** The carrier the customer chose at checkout ("USPS" on the shipping method), when it is one of ours. */
export function carrierOfOrder(order: Order): CarrierCode {
  const named = (order.shippingMethod.carrier ?? '').trim().toLowerCase();
  return CARRIER_CODES.find((code) => code === named || CARRIERS[code].name.toLowerCase() === named) ?? 'ups';
}

/** A fresh form for a parcel from this location: everything it can hold, the order's carrier. */
export function newPackForm(order: Order, locationId: string, packable: readonly PackableLine[]): PackForm {
  return {
    locationId,
    carrier: carrierOfOrder(order),
    service: '',
    trackingNumber: '',
    quantities: Object.fromEntries(packable.map((p) => [p.line.id, String(p.max)])),
  };
}

export function parsePackForm(order: Order, body: FormBody): { form: PackForm; request: PackRequest | null; errors: FormErrors } {
  const errors = new FormErrors();
  const quantities: Record<string, string> = {};
  const lines: { orderLineId: string; quantity: number }[] = [];
  // Only the order's own lines are read: any other field is ignored.
  for (const line of order.lines) {
    const name = quantityField(line.id);
    if (!(name in body)) continue;
    const typed = text(body, name).trim();
    quantities[line.id] = typed;
    if (typed === '') continue;
    if (!WHOLE.test(typed)) errors.add(name, 'Enter a whole number of units, or 0 to leave it out.', line.productTitle);
    else if (Number(typed) > 0) lines.push({ orderLineId: line.id, quantity: Number(typed) });
  }
  const form: PackForm = {
    locationId: text(body, 'locationId').trim(),
    carrier: text(body, 'carrier').trim(),
    service: text(body, 'service'),
    trackingNumber: text(body, 'trackingNumber'),
    quantities,
  };
  if (errors.empty && lines.length === 0) errors.add(undefined, 'Put at least one item in the parcel: give it a quantity.');
  const request = errors.empty ? { orderId: order.id, locationId: form.locationId, lines, carrier: form.carrier, service: form.service, trackingNumber: form.trackingNumber } : null;
  return { form, request, errors };
}

/** packShipment's refusal as form errors: beside the field it is about, or at the top. */
export function packErrors(problem: Problem, order: Order): FormErrors {
  const errors = new FormErrors();
  const message = problem.detail ? `${problem.title}. ${problem.detail}` : `${problem.title}.`;
  const lineId = typeof problem.extensions.orderLineId === 'string' ? problem.extensions.orderLineId : null;
  const line = lineId ? order.lines.find((l) => l.id === lineId) : undefined;
  if (line) errors.add(quantityField(line.id), message, line.productTitle);
  else if (problem.type === 'invalid-tracking-number' || problem.type === 'tracking-number-taken') errors.add('trackingNumber', message, 'Tracking number');
  else if (problem.type === 'validation' && /carrier/i.test(problem.title) && !/service/i.test(problem.title)) errors.add('carrier', message, 'Carrier');
  else if (problem.type === 'validation' && /service/i.test(problem.title)) errors.add('service', message, 'Service');
  else errors.add(undefined, message);
  return errors;
}
