// Test helpers for checkout's form: a store with the demo shipping and tax, items to sell,
// and a shopper whose cart is held at checkout, with their autosave and form posts.
import assert from 'node:assert/strict';
import type { Clock } from '../../../platform/clock.ts';
import { TestBrowser } from '../../../testing/browser.ts';
import { productInput, saveTestProduct, setTestStock } from '../../../testing/catalog.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { ensureDemoShipping } from '../../shipping/index.ts';
import { ensureDemoTax } from '../../tax/index.ts';

export async function checkoutStore(clock: Clock): Promise<TestStore> {
  const store = await createTestStore({ clock });
  await ensureDemoShipping(store.platform);
  await ensureDemoTax(store.platform);
  return store;
}

let counter = 0;

/** A product with one variant at `priceMinor`, `onHand` in stock. */
export async function sellable(store: TestStore, priceMinor: number, onHand = 100, title = 'Teapot'): Promise<string> {
  counter++;
  const [variantId] = await saveTestProduct(store, productInput(`${title.toLowerCase().replace(/\W+/g, '-')}-${counter}`, [{ options: [], priceMinor }], { title }));
  await setTestStock(store, [variantId!], onHand);
  return variantId!;
}

export class Shopper extends TestBrowser {
  async add(variantId: string, quantity = 1): Promise<void> {
    const added = await this.api('POST', '/api/v1/cart/lines', { variantId, quantity });
    assert.equal(added.statusCode, 201, added.body);
  }

  /** Presses Checkout on the cart page: the items are held. */
  async hold(): Promise<void> {
    await this.page('/cart');
    const held = await this.form('/checkout', {});
    assert.equal(held.statusCode, 303, held.body);
  }

  /** The JSON autosave. */
  save(changes: Record<string, string | null>, version?: number) {
    return this.request({
      method: 'PUT',
      url: '/api/v1/checkout/draft',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      payload: JSON.stringify({ changes, ...(version === undefined ? {} : { version }) }),
    });
  }

  async checkout(): Promise<CheckoutJsonView> {
    const response = await this.api('GET', '/api/v1/checkout/draft');
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as CheckoutJsonView;
  }
}

/** The parts of the checkout JSON the tests read. */
export interface CheckoutJsonView {
  version: number;
  orderToken: string;
  values: Record<string, string>;
  errors: { field: string; message: string }[];
  format: { regionLabel: string; postalLabel: string; regions: { code: string }[] | null };
  methods: { id: string; name: string; price: string; arrives: string | null }[];
  methodId: string | null;
  totals: { subtotal: string; shippingLabel: string; shipping: string | null; tax: { label: string; amount: string | null; included: boolean } | null; total: string };
  amounts: { subtotalMinor: number; shippingMinor: number; taxMinor: number; totalMinor: number; pricesIncludeTax: boolean };
  problems: string[];
  readyToPlace: boolean;
}

/** A shopper with these items in a held cart. */
export async function heldShopper(store: TestStore, lines: [variantId: string, quantity: number][]): Promise<Shopper> {
  const shopper = new Shopper(store);
  for (const [variantId, quantity] of lines) await shopper.add(variantId, quantity);
  await shopper.hold();
  return shopper;
}

export const NEW_YORK = { email: 'ada@example.com', name: 'Ada Lovelace', line1: '1 Main Street', line2: '', city: 'Albany', region: 'NY', postalCode: '12207', country: 'US', phone: '' };

export const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');

/** The island's props on a checkout page. */
export function islandProps(html: string): { state: CheckoutJsonView; unsaved: string[]; showErrors: boolean } {
  const match = /data-island="checkout-draft" data-props="([^"]+)"/.exec(html);
  assert.ok(match, 'the checkout form island is on the page');
  return JSON.parse(match[1]!.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&')) as ReturnType<typeof islandProps>;
}
