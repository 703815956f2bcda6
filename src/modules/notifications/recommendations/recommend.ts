// Product suggestions for an email (the "opportunity" block): products related to what the
// email is about (same collection, type or tags, or bought on the same orders), that can be
// sent from stock now, and that the reader has never ordered (a return was an order too).
// A handful of queries whatever the catalogue's size: the reader's history and the orders in
// common, one catalogue query for the ranked candidates, one stock read for all of them.
import type { Db } from '../../../platform/db/database.ts';
import { formatMoney } from '../../../platform/money.ts';
import type { Platform } from '../../../platform/platform.ts';
import { productImageUrl, productsRelatedTo, type RelatedProduct } from '../../catalog/index.ts';
import { availabilityOf, type Availability } from '../../inventory/index.ts';
import { variantsOrderedBy, variantsOrderedWith } from '../../orders/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import type { Suggestion } from '../compose/content.ts';

export interface SuggestionRequest {
  /** Normalised address: what it already bought or returned is never suggested. */
  recipient: string;
  /** The variants the email is about (an order's lines). */
  variantIds: readonly string[];
  limit: number;
}

/** Variants bought with these that are worth a look: the most shared orders first. */
const BOUGHT_WITH = 50;
/** Candidates read per suggestion wanted: some will turn out to be out of stock now. */
const CANDIDATES_PER_SUGGESTION = 4;

/** On the shelf now: a backorder, pre-order or made-to-order item would not come with the rest. */
function fromStock(availability: Availability | undefined): boolean {
  return availability !== undefined && (availability.state === 'in_stock' || availability.state === 'low_stock');
}

export async function suggestionsFor(platform: Platform, db: Db, request: SuggestionRequest): Promise<Suggestion[]> {
  if (request.limit <= 0 || request.variantIds.length === 0) return [];
  const [ordered, boughtWith] = await Promise.all([variantsOrderedBy(db, request.recipient), variantsOrderedWith(db, request.variantIds, BOUGHT_WITH)]);
  const candidates = await productsRelatedTo(db, {
    variantIds: request.variantIds,
    boughtWith,
    excludeVariantIds: ordered,
    limit: request.limit * CANDIDATES_PER_SUGGESTION,
  });
  if (candidates.length === 0) return [];
  const stock = await availabilityOf(db, candidates.flatMap((product) => product.variantIds));
  const chosen = candidates.filter((product) => product.variantIds.some((id) => fromStock(stock.get(id)))).slice(0, request.limit);
  if (chosen.length === 0) return [];
  const profile = await getStoreProfile(platform);
  return chosen.map((product) => suggestion(platform, product, (amount) => formatMoney({ amount, currency: profile.currency }, profile.locale)));
}

function suggestion(platform: Platform, product: RelatedProduct, money: (amount: number) => string): Suggestion {
  const base = platform.config.baseUrl;
  const price = money(product.priceMinMinor);
  return {
    title: product.title,
    url: `${base}/products/${encodeURIComponent(product.handle)}`,
    price: product.priceMaxMinor > product.priceMinMinor ? `From ${price}` : price,
    // Only a stored photo: mail programs do not show the SVG placeholder the site falls back to.
    imageUrl: product.image?.stored ? `${base}${productImageUrl(product.image, product.id)}` : null,
  };
}
