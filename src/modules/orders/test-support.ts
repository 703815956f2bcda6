// Test-only helpers: a complete order as the checkout would hand it over, and recording one.
import { randomUUID } from 'node:crypto';
import type { TestStore } from '../../testing/store.ts';
import type { NewOrder, NewOrderLine } from './new-order.ts';
import type { Order } from './read.ts';
import { recordOrder } from './record.ts';

/** Two blue teapots at $25.00 with 8% tax, unless told otherwise. */
export function newOrderLine(overrides: Partial<NewOrderLine> = {}): NewOrderLine {
  const quantity = overrides.quantity ?? 2;
  const unitPrice = overrides.unitPrice ?? 2500;
  const lineTotal = overrides.lineTotal ?? quantity * unitPrice;
  return {
    variantId: randomUUID(),
    sku: 'TEA-POT-BLUE',
    productTitle: 'Teapot',
    variantTitle: 'Blue',
    imageUrl: null,
    quantity,
    unitPrice,
    lineTotal,
    tax: Math.round(lineTotal * 0.08),
    taxRateBp: 800,
    promise: { state: 'in_stock', label: 'In stock — arrives Mon, Nov 30 – Wed, Dec 2', earliest: '2026-11-30', latest: '2026-12-02', shipsOn: '2026-11-24' },
    ...overrides,
  };
}

/** A consistent order: the totals add up from the lines, tax (8% by default) on top. */
export function newOrderInput(overrides: Partial<NewOrder> = {}): NewOrder {
  const lines = overrides.lines ?? [newOrderLine(), newOrderLine({ sku: 'MUG-1', productTitle: 'Mug', variantTitle: null, quantity: 1, unitPrice: 1200 })];
  const subtotal = lines.reduce((sum, line) => sum + line.lineTotal, 0);
  const taxTotal = lines.reduce((sum, line) => sum + line.tax, 0);
  const shippingTotal = 599;
  return {
    cartId: randomUUID(),
    customerId: null,
    email: 'Ada.Buyer@Example.com',
    currency: 'USD',
    pricesIncludeTax: false,
    lines,
    shippingAddress: { name: 'Ada Buyer', line1: '1 Main Street', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
    shippingMethod: { id: 'standard', name: 'Standard', price: shippingTotal },
    subtotal,
    shippingTotal,
    taxTotal,
    total: subtotal + shippingTotal + taxTotal,
    paymentDeadline: new Date('2026-11-24T15:00:00Z'),
    actor: { kind: 'customer' },
    ...overrides,
  };
}

export async function recordTestOrder(store: TestStore, overrides: Partial<NewOrder> = {}): Promise<Order> {
  const { platform } = store;
  return (await platform.database.transaction((tx) => recordOrder(platform, tx, newOrderInput(overrides)))).order;
}
