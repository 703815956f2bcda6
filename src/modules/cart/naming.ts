// How the cart names an item: its product title and the option values that tell variants
// apart. A product without options has one variant whose value Shopify calls "Default Title";
// it says nothing to a shopper, so it is left out.
import type { VariantSummary } from '../catalog/index.ts';

const MEANINGLESS_OPTION = 'Default Title';

export function optionPairs(variant: Pick<VariantSummary, 'optionNames' | 'options'>): { name: string; value: string }[] {
  return variant.optionNames
    .map((name, i) => ({ name, value: variant.options[i] ?? '' }))
    .filter((option) => option.value && option.value !== MEANINGLESS_OPTION);
}

/** "Oak Stool (Large / Walnut)". */
export function itemName(variant: Pick<VariantSummary, 'productTitle' | 'optionNames' | 'options'>): string {
  const values = optionPairs(variant).map((option) => option.value);
  return values.length ? `${variant.productTitle} (${values.join(' / ')})` : variant.productTitle;
}
