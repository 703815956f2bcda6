// The product's pictures: the chosen variant's (or the first) large, the others below.
// Boxes have a fixed aspect ratio, so nothing moves while images load.
import type { Product, ProductImage } from '../../model.ts';
import { productImageUrl } from '../../images/urls.ts';

export const MAIN_IMAGE_ID = 'product-image-main';

export interface GalleryProps {
  product: Pick<Product, 'id' | 'title' | 'images'>;
  /** The image to show first (the chosen variant's). */
  mainImageId: string | null;
}

export const altOf = (image: ProductImage | null, title: string) => image?.alt || title;

export function Gallery({ product, mainImageId }: GalleryProps) {
  const main = product.images.find((image) => image.id === mainImageId) ?? product.images[0] ?? null;
  // Pictures not fetched yet would all show the same placeholder: only stored ones are repeated.
  const others = product.images.filter((image) => image !== main && image.stored);
  return (
    <div class="gallery">
      <img
        id={MAIN_IMAGE_ID}
        class="gallery__main"
        src={productImageUrl(main, product.id)}
        alt={altOf(main, product.title)}
        width={800}
        height={1000}
        fetchpriority="high"
      />
      {others.length > 0 && (
        <ul class="gallery__more" aria-label="More pictures">
          {others.map((image, i) => (
            <li key={image.id}>
              <img
                class="gallery__thumb"
                src={productImageUrl(image, product.id)}
                alt={image.alt || `${product.title}, picture ${i + 2}`}
                width={400}
                height={500}
                loading="lazy"
                decoding="async"
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
