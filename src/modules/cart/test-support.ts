// Test helpers for the cart: a browser stand-in (cookies, CSRF token of the last page) and a
// product with sizes in stock.
import { productInput, saveTestProduct, setTestStock } from '../../testing/catalog.ts';
import { TestBrowser } from '../../testing/browser.ts';
import type { TestStore } from '../../testing/store.ts';

export { productInput, saveTestProduct, setTestStock as stock };

export class Browser extends TestBrowser {
  async cart() {
    const response = await this.api('GET', '/api/v1/cart');
    return response.json() as CartJson;
  }
}

export interface CartJson {
  id: string | null;
  itemCount: number;
  subtotal: { amount: number; formatted: string };
  readyForCheckout: boolean;
  lines: {
    id: string;
    variantId: string;
    quantity: number;
    title: string;
    url: string | null;
    options: { name: string; value: string }[];
    image: { url: string; alt: string } | null;
    unitPrice: { amount: number };
    currentPrice: { amount: number } | null;
    priceChanged: boolean;
    lineTotal: { amount: number };
    available: boolean;
    availability: { state: string; label: string; maxOrderable: number | null } | null;
    issues: string[];
  }[];
}

/** A product with sizes S, M, L at $12.00 each, 10 of each in stock. */
export async function shirt(store: Pick<TestStore, 'platform'>, handle = 'linen-shirt'): Promise<{ s: string; m: string; l: string }> {
  const [s, m, l] = await saveTestProduct(
    store,
    productInput(handle, [
      { options: ['S'], priceMinor: 1200 },
      { options: ['M'], priceMinor: 1200 },
      { options: ['L'], priceMinor: 1200 },
    ]),
  );
  await setTestStock(store, [s!, m!, l!], 10);
  return { s: s!, m: m!, l: l! };
}
