// A titled row of product cards with a link to see them all (home page sections).
import type { ProductCard } from '../../model.ts';
import type { MoneyFormat } from '../money.ts';
import { ProductGrid } from './ProductGrid.tsx';

export interface ShelfProps {
  id: string;
  title: string;
  description?: string;
  cards: readonly ProductCard[];
  format: MoneyFormat;
  /** Where the whole set lives, and how many it holds. */
  more?: { href: string; label: string };
  eagerImages?: number;
}

export function Shelf({ id, title, description, cards, format, more, eagerImages = 0 }: ShelfProps) {
  return (
    <section class="shelf" aria-labelledby={id}>
      <div class="shelf__header">
        <div>
          <h2 id={id} class="shelf__title">
            {more ? <a href={more.href}>{title}</a> : title}
          </h2>
          {description && <p class="shelf__description">{description}</p>}
        </div>
        {more && (
          <a class="shelf__more" href={more.href}>
            {more.label}
            <span class="visually-hidden">: {title}</span>
            <span aria-hidden="true"> →</span>
          </a>
        )}
      </div>
      <ProductGrid cards={cards} format={format} label={title} eagerImages={eagerImages} />
    </section>
  );
}
