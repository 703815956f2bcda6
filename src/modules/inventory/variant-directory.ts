// How inventory names and finds variants. Inventory knows variants by id only and the
// catalog depends on inventory, never the reverse (an import back would be a cycle), so the
// catalog provides this directory when it registers, as it provides the site navigation.
import type { Db } from '../../platform/db/database.ts';

/** What the merchant's stock pages show of a variant. */
export interface VariantLabel {
  id: string;
  productId: string;
  productTitle: string;
  productHandle: string;
  sku: string;
  /** One value per product option name, in order; empty for a product without options. */
  options: string[];
  optionNames: string[];
}

export interface VariantSearch {
  /** Matched against SKU and product title; '' lists every variant. */
  text: string;
  offset: number;
  limit: number;
}

export interface VariantDirectory {
  byIds(db: Db, ids: readonly string[]): Promise<Map<string, VariantLabel>>;
  /** Variant id by SKU, for the SKUs that exist. */
  idsBySku(db: Db, skus: readonly string[]): Promise<Map<string, string>>;
  /** Variant ids by product handle, in the product's variant order. */
  idsByHandle(db: Db, handles: readonly string[]): Promise<Map<string, string[]>>;
  /** A page of variants in product-title order, and how many match in all. */
  search(db: Db, search: VariantSearch): Promise<{ ids: string[]; total: number }>;
}

let provided: VariantDirectory | null = null;

export function provideVariantDirectory(directory: VariantDirectory): void {
  provided = directory;
}

export function variantDirectory(): VariantDirectory {
  if (!provided) throw new Error('No variant directory: the catalog module provides it when it registers.');
  return provided;
}

/** "Ocean Blue Shirt — Large / Blue", or the product title alone for a product without options. */
export function variantTitle(label: Pick<VariantLabel, 'productTitle' | 'options'>): string {
  const options = label.options.filter(Boolean);
  return options.length ? `${label.productTitle} — ${options.join(' / ')}` : label.productTitle;
}
