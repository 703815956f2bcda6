// Catalogue fixtures for any module's tests: products saved through the catalog's own save
// path and stock set through inventory, as the importer and the admin do. Tests of other
// modules use these instead of reaching into the catalog's internals.
import type { ProductInput, VariantInput } from '../modules/catalog/model.ts';
import { saveProduct } from '../modules/catalog/products/save.ts';
import { setStock, type StockPolicy } from '../modules/inventory/index.ts';
import type { TestStore } from './store.ts';

export type { ProductInput };

type Store = Pick<TestStore, 'platform'>;

export interface VariantSpec {
  options: string[];
  priceMinor: number;
}

function variantInput({ options, priceMinor }: VariantSpec): VariantInput {
  return { options, sku: '', barcode: '', priceMinor, compareAtMinor: null, grams: 100, requiresShipping: true, taxable: true, imageSrc: null };
}

/** An active product; one option ("Size") when the variants have option values. */
export function productInput(handle: string, variants: VariantSpec[], overrides: Partial<ProductInput> = {}): ProductInput {
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
    variants: variants.map(variantInput),
    ...overrides,
  };
}

/** Saves (creates or updates) a product; returns its variant ids in the order of the input. */
export async function saveTestProduct(store: Store, input: ProductInput): Promise<string[]> {
  const result = await store.platform.database.transaction((tx) => saveProduct(store.platform, tx, input, 'test'));
  return input.variants.map((v) => result.variants.find((saved) => saved.options.join('\u0000') === v.options.join('\u0000'))!.id);
}

/** Sets tracked on-hand stock at the default location. */
export async function setTestStock(store: Store, variantIds: readonly string[], onHand: number, policy: StockPolicy = 'deny', tracked = true): Promise<void> {
  await store.platform.database.transaction((tx) =>
    setStock(store.platform, tx, variantIds.map((variantId) => ({ variantId, onHand, policy, tracked })), 'test', 'test', 'test stock'),
  );
}
