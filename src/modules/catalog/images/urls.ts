// Where the browser finds a product's pictures. The store always serves its own copy (never
// the remote source): a fetched image, or the generated placeholder while there is none.
import type { ProductImage } from '../model.ts';

/** The generated SVG placeholder of a product (its initials on its own colour). */
export function placeholderUrl(productId: string): string {
  return `/images/placeholder/${productId}.svg`;
}

/**
 * The URL to show for a product image. A stored image is served from /images/products/…;
 * one that is not fetched yet (or never could be) shows the placeholder directly, so a page
 * costs no redirect per card.
 */
export function productImageUrl(image: ProductImage | null, productId: string): string {
  return image?.stored ? `/images/products/${image.id}` : placeholderUrl(productId);
}
