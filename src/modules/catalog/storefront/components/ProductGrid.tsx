// Product cards in a responsive grid, shared by the home page, collections, search and the
// "not found" page. Each card is one link (its title, stretched over the card), so keyboard
// and screen-reader users meet one stop per product.
import type { ProductCard } from '../../model.ts';
import { productImageUrl } from '../../images/urls.ts';
import type { MoneyFormat } from '../money.ts';
import { Price } from './Price.tsx';

export interface ProductGridProps {
  cards: readonly ProductCard[];
  format: MoneyFormat;
  /** The level of each card's title: one below the heading of the section it sits in. */
  headingLevel?: 2 | 3;
  /** Names the list for assistive technology, e.g. "Products in Outdoor". */
  label?: string;
  /** The first cards are above the fold: load their images at once. */
  eagerImages?: number;
}

/** Card images reserve a 4:5 box (see .product-card__image), so nothing moves as they load. */
export const CARD_IMAGE = { width: 400, height: 500 } as const;

export function ProductGrid({ cards, format, headingLevel = 3, label, eagerImages = 4 }: ProductGridProps) {
  return (
    <ul class="product-grid" aria-label={label}>
      {cards.map((card, index) => (
        <li key={card.id}>
          <ProductCardView card={card} format={format} headingLevel={headingLevel} eager={index < eagerImages} />
        </li>
      ))}
    </ul>
  );
}

function ProductCardView({ card, format, headingLevel, eager }: { card: ProductCard; format: MoneyFormat; headingLevel: 2 | 3; eager: boolean }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const onSale = card.compareAtMaxMinor !== null && card.compareAtMaxMinor > card.priceMinMinor;
  return (
    <article class="product-card">
      <div class="product-card__media">
        <img
          class="product-card__image"
          src={productImageUrl(card.image, card.id)}
          alt={card.image?.alt || card.title}
          width={CARD_IMAGE.width}
          height={CARD_IMAGE.height}
          loading={eager ? 'eager' : 'lazy'}
          decoding="async"
        />
        {onSale && <span class="product-card__flag">Sale</span>}
      </div>
      <div class="product-card__body">
        {card.vendor && <p class="product-card__vendor">{card.vendor}</p>}
        <Heading class="product-card__title">
          <a href={`/products/${card.handle}`}>{card.title}</a>
        </Heading>
        <Price
          class="product-card__price"
          minor={card.priceMinMinor}
          compareAtMinor={card.compareAtMaxMinor}
          format={format}
          from={card.priceMaxMinor > card.priceMinMinor}
        />
        <p class="product-card__meta">
          {card.available ? (
            <span class="badge badge--in-stock">Available</span>
          ) : (
            <span class="badge badge--out-of-stock">Sold out</span>
          )}
        </p>
      </div>
    </article>
  );
}
