// What search engines and link previews read: schema.org/Product JSON-LD and Open Graph
// tags for a product page. Prices are decimal strings in the store currency; availability
// comes from inventory, the same figures the page shows.
import type { Availability } from '../../inventory/index.ts';
import type { Product } from '../model.ts';
import { productImageUrl } from '../images/urls.ts';

const SCHEMA_AVAILABILITY: Record<Availability['state'], string> = {
  in_stock: 'https://schema.org/InStock',
  low_stock: 'https://schema.org/InStock',
  backorder: 'https://schema.org/BackOrder',
  // Orderable now, delivered later: what BackOrder means to search engines.
  made_to_order: 'https://schema.org/BackOrder',
  preorder: 'https://schema.org/PreOrder',
  out_of_stock: 'https://schema.org/OutOfStock',
};

export interface ProductSeo {
  product: Product;
  availability: Map<string, Availability>;
  baseUrl: string;
  currency: string;
  fractionDigits: number;
  storeName: string;
  /** A plain-text summary (SEO description, else the start of the description). */
  description: string;
}

/** Minor units as a decimal string with every digit, by integer arithmetic: 1599 → "15.99". */
export function decimalPrice(minor: number, fractionDigits: number): string {
  if (fractionDigits === 0) return String(minor);
  const unit = 10 ** fractionDigits;
  return `${Math.floor(minor / unit)}.${String(minor % unit).padStart(fractionDigits, '0')}`;
}

export const productPath = (handle: string) => `/products/${handle}`;

export function productJsonLd({ product, availability, baseUrl, currency, fractionDigits, storeName, description }: ProductSeo): object {
  const url = new URL(productPath(product.handle), baseUrl).href;
  const images = product.images.length
    ? product.images.map((image) => new URL(productImageUrl(image, product.id), baseUrl).href)
    : [new URL(productImageUrl(null, product.id), baseUrl).href];
  return {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: product.title,
    description,
    url,
    image: images,
    ...(product.vendor ? { brand: { '@type': 'Brand', name: product.vendor } } : {}),
    ...(product.variants.length === 1 ? { sku: product.variants[0]!.sku } : {}),
    offers: product.variants.map((variant) => ({
      '@type': 'Offer',
      sku: variant.sku,
      ...(variant.barcode ? { gtin: variant.barcode } : {}),
      ...(product.optionNames.length ? { name: variant.options.join(' / ') } : {}),
      price: decimalPrice(variant.priceMinor, fractionDigits),
      priceCurrency: currency,
      availability: SCHEMA_AVAILABILITY[availability.get(variant.id)?.state ?? 'out_of_stock'],
      url: product.variants.length > 1 ? `${url}?variant=${variant.id}` : url,
      itemCondition: 'https://schema.org/NewCondition',
      seller: { '@type': 'Organization', name: storeName },
    })),
  };
}

/**
 * JSON for a <script type="application/ld+json"> element. Escaping "<" (and ">", "&", the
 * line separators) as \u escapes keeps "</script>" or "<!--" in any text from ending or
 * confusing the element, while the JSON means exactly the same.
 */
export function jsonLdText(data: object): string {
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
