// How collection settings read in the admin.
import type { CollectionRules, CollectionSort } from '../../schema.ts';

export const FIELD_LABELS: Record<CollectionRules['conditions'][number]['field'], string> = { tag: 'Tag', type: 'Product type', vendor: 'Vendor', title: 'Title' };
export const OPERATOR_LABELS: Record<CollectionRules['conditions'][number]['operator'], string> = { equals: 'is', contains: 'contains' };
export const SORT_LABELS: Record<CollectionSort, string> = {
  featured: 'Featured (the order of the list below, for products picked by hand)',
  newest: 'Newest first',
  'price-asc': 'Price, low to high',
  'price-desc': 'Price, high to low',
  'title-asc': 'Name, A to Z',
};

/** "Tag is summer, or Vendor contains linen". */
export function describeRules(rules: CollectionRules): string {
  const parts = rules.conditions.map((c) => `${FIELD_LABELS[c.field]} ${OPERATOR_LABELS[c.operator]} “${c.value}”`);
  return parts.join(rules.match === 'all' ? ', and ' : ', or ');
}
