// Products for the search tests, saved through the catalog's own save path so their
// search columns are exactly what production writes.
import type { TestStore } from '../../../testing/store.ts';
import type { ProductInput } from '../model.ts';
import { saveProduct } from '../products/save.ts';

export function product(handle: string, overrides: Partial<ProductInput> = {}): ProductInput {
  return {
    handle,
    title: handle,
    bodyHtml: '',
    vendor: 'Acme',
    productType: '',
    tags: [],
    status: 'active',
    seoTitle: '',
    seoDescription: '',
    optionNames: [],
    images: [],
    variants: [{ options: [], sku: '', barcode: '', priceMinor: 1000, compareAtMinor: null, grams: 0, requiresShipping: true, taxable: true, imageSrc: null }],
    ...overrides,
  };
}

export const priced = (priceMinor: number): Pick<ProductInput, 'variants'> => ({
  variants: [{ options: [], sku: '', barcode: '', priceMinor, compareAtMinor: null, grams: 0, requiresShipping: true, taxable: true, imageSrc: null }],
});

/** A small catalogue with one product per case the search tests look at. */
export const SEARCH_CATALOG: ProductInput[] = [
  product('silver-bracelet', { title: 'Silver Bracelet', tags: ['Jewelry'], productType: 'Jewelry', vendor: 'Company 123', ...priced(4500) }),
  product('beaded-anklet', { title: 'Beaded Anklet', tags: ['Bracelet'], productType: 'Anklet', vendor: 'Acme', ...priced(2500) }),
  product('gift-box', {
    title: 'Gift Box',
    bodyHtml: '<p>Holds a bracelet, a second bracelet and a third bracelet.</p>',
    productType: 'Packaging',
    ...priced(800),
  }),
  product('gold-necklace', { title: 'Gold Necklace', tags: ['Jewelry'], productType: 'Necklace', ...priced(9900) }),
  product('ocean-blue-shirt', { title: 'Ocean Blue Shirt', tags: ['men'], productType: 'Shirts', ...priced(5000) }),
  product('denim-shorts', { title: 'Denim Shorts', tags: ['women'], productType: 'Short', ...priced(3000) }),
  product('creme-candle', { title: 'Crème Brûlée Candle', tags: ['Home'], productType: 'Candle', ...priced(1800) }),
  product('secret-bracelet', { title: 'Secret Bracelet', status: 'draft' }),
  product('retired-bracelet', { title: 'Retired Bracelet', status: 'archived' }),
];

export async function saveAll(store: TestStore, inputs: ProductInput[]): Promise<void> {
  for (const input of inputs) {
    await store.platform.database.transaction((tx) => saveProduct(store.platform, tx, input, 'test'));
  }
}
