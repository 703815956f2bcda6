// Test-only helpers for the support desk: an order to ask about (recorded through the orders
// module's public face, as the checkout records one), a ticket opened in its own transaction,
// and page text without its markup.
import { randomUUID } from 'node:crypto';
import type { TestStore } from '../../testing/store.ts';
import { recordOrder, type NewOrder, type Order } from '../orders/index.ts';
import { openTicket, type NewTicket, type OpenedTicket } from './tickets.ts';

/** A consistent order of two teapots and a mug to Ada Buyer, as a guest unless told otherwise. */
export async function recordTestOrder(store: TestStore, overrides: Partial<NewOrder> = {}): Promise<Order> {
  const line = (sku: string, quantity: number, unitPrice: number) => ({
    variantId: randomUUID(),
    sku,
    productTitle: sku === 'MUG-1' ? 'Mug' : 'Teapot',
    variantTitle: null,
    imageUrl: null,
    quantity,
    unitPrice,
    lineTotal: quantity * unitPrice,
    tax: Math.round(quantity * unitPrice * 0.08),
    taxRateBp: 800,
    promise: { state: 'in_stock', label: 'In stock — arrives Mon, Nov 30 – Wed, Dec 2', earliest: '2026-11-30', latest: '2026-12-02' },
  });
  const lines = [line('TEA-POT-BLUE', 2, 2500), line('MUG-1', 1, 1200)];
  const subtotal = lines.reduce((sum, l) => sum + l.lineTotal, 0);
  const taxTotal = lines.reduce((sum, l) => sum + l.tax, 0);
  const input: NewOrder = {
    cartId: randomUUID(),
    customerId: null,
    email: 'Ada.Buyer@Example.com',
    currency: 'USD',
    pricesIncludeTax: false,
    lines,
    shippingAddress: { name: 'Ada Buyer', line1: '1 Main Street', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
    shippingMethod: { id: 'standard', name: 'Standard', price: 599 },
    subtotal,
    shippingTotal: 599,
    taxTotal,
    total: subtotal + 599 + taxTotal,
    paymentDeadline: new Date('2026-11-24T15:00:00Z'),
    actor: { kind: 'customer' },
    ...overrides,
  };
  return (await store.platform.database.transaction((tx) => recordOrder(store.platform, tx, input))).order;
}

/** A question from Ada about nothing in particular, unless told otherwise. */
export function newTicketInput(overrides: Partial<NewTicket> = {}): NewTicket {
  return { channel: 'web', email: 'Ada.Buyer@Example.com', subject: 'A question', body: 'Hello, I have a question.', actor: { kind: 'customer' }, ...overrides };
}

export function openTestTicket(store: TestStore, overrides: Partial<NewTicket> = {}): Promise<OpenedTicket> {
  return store.platform.database.transaction((tx) => openTicket(store.platform, tx, newTicketInput(overrides)));
}

export const pageText = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
