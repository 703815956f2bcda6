// Test helpers for the cart: a browser stand-in (cookies, CSRF token of the last page) and
// products saved through the catalog's own save path, with stock set through inventory.
import type { InjectOptions } from 'fastify';
import type { StockPolicy } from '../inventory/index.ts';
import { setStock } from '../inventory/index.ts';
import type { ProductInput, VariantInput } from '../catalog/model.ts';
import { saveProduct } from '../catalog/products/save.ts';
import type { TestStore } from '../../testing/store.ts';

export class Browser {
  readonly cookies = new Map<string, string>();
  csrf = '';
  readonly store: TestStore;
  readonly ip = `10.4.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
  constructor(store: TestStore) {
    this.store = store;
  }

  async request(options: InjectOptions & { headers?: Record<string, string> }) {
    const response = await this.store.app.inject({
      ...options,
      remoteAddress: this.ip,
      headers: { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...options.headers },
    });
    const raw = response.headers['set-cookie'];
    for (const line of (Array.isArray(raw) ? raw : raw ? [raw] : []) as string[]) {
      const [pair, ...attributes] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const gone = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /expires=thu, 01 jan 1970/i.test(a));
      if (gone || rest.join('=') === '') this.cookies.delete(name!);
      else this.cookies.set(name!, rest.join('='));
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrf = token;
    return response;
  }

  page(url: string) {
    return this.request({ method: 'GET', url, headers: { accept: 'text/html' } });
  }

  /** A form post from one of our pages, with the page's CSRF token. */
  form(url: string, fields: Record<string, string>, csrf: string | null = this.csrf) {
    const body = new URLSearchParams({ ...(csrf === null ? {} : { _csrf: csrf }), ...fields });
    return this.request({
      method: 'POST',
      url,
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      payload: body.toString(),
    });
  }

  api(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) {
    return this.request({ method, url, headers: { accept: 'application/json' }, ...(payload ? { payload } : {}) });
  }

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

function variant(options: string[], priceMinor: number): VariantInput {
  return { options, sku: '', barcode: '', priceMinor, compareAtMinor: null, grams: 100, requiresShipping: true, taxable: true, imageSrc: null };
}

export function productInput(handle: string, variants: { options: string[]; priceMinor: number }[], overrides: Partial<ProductInput> = {}): ProductInput {
  return {
    handle,
    title: handle.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase()),
    bodyHtml: '<p>Made well.</p>',
    vendor: 'Acme',
    productType: 'Goods',
    tags: [],
    status: 'active',
    seoTitle: '',
    seoDescription: '',
    optionNames: variants[0]!.options.length ? ['Size'] : [],
    images: [],
    variants: variants.map((v) => variant(v.options, v.priceMinor)),
    ...overrides,
  };
}

/** Saves a product and returns its variant ids in the order given. */
export async function saveTestProduct(store: TestStore, input: ProductInput): Promise<string[]> {
  const result = await store.platform.database.transaction((tx) => saveProduct(store.platform, tx, input, 'test'));
  return input.variants.map((v) => result.variants.find((saved) => saved.options.join('/') === v.options.join('/'))!.id);
}

export async function stock(store: TestStore, variantIds: readonly string[], onHand: number, policy: StockPolicy = 'deny'): Promise<void> {
  await store.platform.database.transaction((tx) =>
    setStock(store.platform, tx, variantIds.map((variantId) => ({ variantId, onHand, policy, tracked: true })), 'test', 'test', 'test stock'),
  );
}

/** A product with sizes S, M, L at $12.00 each, 10 of each in stock. */
export async function shirt(store: TestStore, handle = 'linen-shirt'): Promise<{ s: string; m: string; l: string }> {
  const [s, m, l] = await saveTestProduct(
    store,
    productInput(handle, [
      { options: ['S'], priceMinor: 1200 },
      { options: ['M'], priceMinor: 1200 },
      { options: ['L'], priceMinor: 1200 },
    ]),
  );
  await stock(store, [s!, m!, l!], 10);
  return { s: s!, m: m!, l: l! };
}
