// The catalog's plain data shapes: what its services return and accept.
import type { CollectionRules, CollectionSort, ProductStatus } from './schema.ts';

export type { CollectionRules, CollectionSort, ProductStatus };

export interface ProductImage {
  id: string;
  position: number;
  /** Original (remote) location; the store serves its own copy once fetched. */
  src: string;
  alt: string;
  /** A local copy exists; otherwise the generated placeholder is shown. */
  stored: boolean;
}

export interface Variant {
  id: string;
  productId: string;
  position: number;
  /** One value per product option name, in order. */
  options: string[];
  sku: string;
  barcode: string;
  priceMinor: number;
  compareAtMinor: number | null;
  grams: number;
  requiresShipping: boolean;
  taxable: boolean;
  imageId: string | null;
}

export interface Product {
  id: string;
  handle: string;
  title: string;
  bodyHtml: string;
  vendor: string;
  productType: string;
  tags: string[];
  status: ProductStatus;
  seoTitle: string;
  seoDescription: string;
  optionNames: string[];
  priceMinMinor: number;
  priceMaxMinor: number;
  compareAtMaxMinor: number | null;
  images: ProductImage[];
  variants: Variant[];
  publishedAt: Date | null;
  updatedAt: Date;
}

/** What a listing (collection, search, home) shows of a product. */
export interface ProductCard {
  id: string;
  handle: string;
  title: string;
  vendor: string;
  productType: string;
  priceMinMinor: number;
  priceMaxMinor: number;
  compareAtMaxMinor: number | null;
  image: ProductImage | null;
  available: boolean;
}

export interface Collection {
  id: string;
  handle: string;
  title: string;
  description: string;
  kind: 'manual' | 'rule';
  rules: CollectionRules | null;
  sortOrder: CollectionSort;
  featured: boolean;
  position: number;
  status: 'active' | 'draft';
}

/** A complete product definition, as the importer and the admin form produce it. */
export interface ProductInput {
  handle: string;
  title: string;
  /** Untrusted HTML: the save path sanitises it. */
  bodyHtml: string;
  vendor: string;
  productType: string;
  tags: string[];
  status: ProductStatus;
  seoTitle: string;
  seoDescription: string;
  optionNames: string[];
  images: { src: string; alt: string; position: number }[];
  variants: VariantInput[];
}

export interface VariantInput {
  options: string[];
  /** Empty: a stable SKU is generated from the handle and option values. */
  sku: string;
  barcode: string;
  priceMinor: number;
  compareAtMinor: number | null;
  grams: number;
  requiresShipping: boolean;
  taxable: boolean;
  /** The `src` of one of the product's images. */
  imageSrc: string | null;
}

export interface SavedVariant {
  id: string;
  sku: string;
  options: string[];
  created: boolean;
}

export interface SaveResult {
  productId: string;
  created: boolean;
  /** False when the stored product already matched the input exactly. */
  changed: boolean;
  variants: SavedVariant[];
}
