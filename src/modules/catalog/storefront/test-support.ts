// Test helpers for the storefront: product definitions with sensible defaults, saved through
// the catalog's own save path, and stock set through the inventory module.
import { setStock, type StockPolicy } from '../../inventory/index.ts';
import type { ProductInput, SaveResult, VariantInput } from '../model.ts';
import { saveProduct } from '../products/save.ts';
import type { TestStore } from '../../../testing/store.ts';

export function variant(options: string[], priceMinor: number, extra: Partial<VariantInput> = {}): VariantInput {
  return { options, sku: '', barcode: '', priceMinor, compareAtMinor: null, grams: 100, requiresShipping: true, taxable: true, imageSrc: null, ...extra };
}

export function productInput(handle: string, overrides: Partial<ProductInput> = {}): ProductInput {
  return {
    handle,
    title: handle
      .split('-')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join(' '),
    bodyHtml: '<p>A fine thing.</p>',
    vendor: 'Acme',
    productType: 'Goods',
    tags: [],
    status: 'active',
    seoTitle: '',
    seoDescription: '',
    optionNames: [],
    images: [],
    variants: [variant([], 1000)],
    ...overrides,
  };
}

export function saveTestProduct(store: TestStore, input: ProductInput): Promise<SaveResult> {
  return store.platform.database.transaction((tx) => saveProduct(store.platform, tx, input, 'test'));
}

/** Sets on-hand for variants (tracked, with the given policy). */
export async function stockVariants(store: TestStore, variantIds: readonly string[], onHand: number, policy: StockPolicy = 'deny'): Promise<void> {
  await store.platform.database.transaction((tx) =>
    setStock(store.platform, tx, variantIds.map((variantId) => ({ variantId, onHand, policy, tracked: true })), 'test', 'test', 'test stock'),
  );
}
