// A small catalogue for the search tests: one product per case they look at, saved through
// the catalog's own save path so the search columns are exactly what production writes.
import type { TestStore } from '../../../testing/store.ts';
import type { ProductInput } from '../model.ts';
import { productInput, saveTestProduct, variant } from '../storefront/test-support.ts';

const priced = (priceMinor: number) => ({ variants: [variant([], priceMinor)] });

export const SEARCH_CATALOG: ProductInput[] = [
  productInput('silver-bracelet', { title: 'Silver Bracelet', tags: ['Jewelry'], productType: 'Jewelry', vendor: 'Company 123', ...priced(4500) }),
  productInput('beaded-anklet', { title: 'Beaded Anklet', tags: ['Bracelet'], productType: 'Anklet', ...priced(2500) }),
  productInput('gift-box', {
    title: 'Gift Box',
    bodyHtml: '<p>Holds a bracelet, a second bracelet and a third bracelet.</p>',
    productType: 'Packaging',
    ...priced(800),
  }),
  productInput('gold-necklace', { title: 'Gold Necklace', tags: ['Jewelry'], productType: 'Necklace', ...priced(9900) }),
  productInput('ocean-blue-shirt', { title: 'Ocean Blue Shirt', tags: ['men'], productType: 'Shirts', ...priced(5000) }),
  productInput('denim-shorts', { title: 'Denim Shorts', tags: ['women'], productType: 'Short', ...priced(3000) }),
  productInput('creme-candle', { title: 'Crème Brûlée Candle', tags: ['Home'], productType: 'Candle', ...priced(1800) }),
  productInput('secret-bracelet', { title: 'Secret Bracelet', status: 'draft' }),
  productInput('retired-bracelet', { title: 'Retired Bracelet', status: 'archived' }),
];

export async function saveAll(store: TestStore, inputs: ProductInput[]): Promise<void> {
  for (const input of inputs) await saveTestProduct(store, input);
}
