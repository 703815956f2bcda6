// What a cart shows: every line with its product, options, image, the price it is at, the
// catalogue's price now, availability now, and what stands between the line and checkout.
import { asc, eq, getTableColumns, sql } from 'drizzle-orm';
import { builtOnce, type Db } from '../../platform/db/database.ts';
import { productImageUrl, variantSummaryJson, type VariantSummary } from '../catalog/index.ts';
import { availabilityFrom, readStockFigures, type Availability, type StockFigures } from '../inventory/index.ts';
import { availabilityLabel, type AvailabilityLabel } from './availability-label.ts';
import { isActiveGuestCart } from './carts.ts';
import { checkoutHolder } from './holder.ts';
import { optionPairs } from './naming.ts';
import { cartLines, carts } from './schema.ts';

/**
 * Why a line cannot go to checkout as it is: its item is gone or no longer sold, it is sold
 * out, more is in the cart than can be ordered, or its price changed and the shopper has not
 * acknowledged the new one.
 */
export type LineIssue = 'unavailable' | 'sold-out' | 'insufficient-stock' | 'price-changed';

export interface CartLine {
  id: string;
  variantId: string;
  quantity: number;
  /** The price the line is at: the one seen when added, or the last one acknowledged. */
  unitPriceMinor: number;
  /** The catalogue's price now; null when the item is no longer available. */
  currentPriceMinor: number | null;
  priceChanged: boolean;
  /** quantity × unitPriceMinor; 0 for a line that is no longer available. */
  lineTotalMinor: number;
  /** Null when the variant no longer exists. */
  product: { id: string; handle: string; title: string } | null;
  options: { name: string; value: string }[];
  sku: string;
  /** False for items the merchant marked not taxable (gift cards). */
  taxable: boolean;
  image: { url: string; alt: string } | null;
  /** False when the variant vanished or its product is no longer active. */
  available: boolean;
  availability: (AvailabilityLabel & Pick<Availability, 'state' | 'maxOrderable' | 'available'>) | null;
  issues: LineIssue[];
}

export interface CartView {
  /** Null while the shopper has no cart yet. */
  id: string | null;
  lines: CartLine[];
  /** Units in the cart (all lines), for the header badge. */
  itemCount: number;
  /** Total of the lines that are still available, at the prices they are at. */
  subtotalMinor: number;
  /** Lines exist and none has an issue: what checkout will insist on. */
  readyForCheckout: boolean;
}

/** A cart as read, with the stock figures its lines' availability came from. */
export interface CartRead {
  cart: CartView;
  figures: StockFigures;
}

export const EMPTY_CART: CartView = { id: null, lines: [], itemCount: 0, subtotalMinor: 0, readyForCheckout: false };

/** Without `availability` (a cart read to be reserved, where inventory checks stock itself), stock is not judged. */
function issuesOf(variant: VariantSummary | undefined, quantity: number, unitPriceMinor: number, availability: Availability | undefined): LineIssue[] {
  if (!variant || variant.productStatus !== 'active') return ['unavailable'];
  const issues: LineIssue[] = [];
  if (availability?.maxOrderable === 0) issues.push('sold-out');
  else if (availability && availability.maxOrderable !== null && quantity > availability.maxOrderable) issues.push('insufficient-stock');
  if (variant.priceMinor !== unitPriceMinor) issues.push('price-changed');
  return issues;
}

function lineView(row: typeof cartLines.$inferSelect, variant: VariantSummary | undefined, availability: Availability | undefined): CartLine {
  const issues = issuesOf(variant, row.quantity, row.unitPriceMinor, availability);
  const available = !issues.includes('unavailable');
  return {
    id: row.id,
    variantId: row.variantId,
    quantity: row.quantity,
    unitPriceMinor: row.unitPriceMinor,
    currentPriceMinor: available ? variant!.priceMinor : null,
    priceChanged: issues.includes('price-changed'),
    lineTotalMinor: available ? row.quantity * row.unitPriceMinor : 0,
    product: variant ? { id: variant.productId, handle: variant.productHandle, title: variant.productTitle } : null,
    options: variant ? optionPairs(variant) : [],
    sku: variant?.sku ?? '',
    taxable: variant?.taxable ?? true,
    image: variant ? { url: productImageUrl(variant.image, variant.productId), alt: variant.image?.alt ?? '' } : null,
    available,
    availability: available && availability ? { ...availabilityLabel(availability), state: availability.state, maxOrderable: availability.maxOrderable, available: availability.available } : null,
    issues,
  };
}

/**
 * A cart with its lines as the shopper sees them now (oldest line first). `stock: false`
 * leaves availability out (null on every line), for a checkout about to reserve the lines,
 * where inventory judges stock under its locks.
 */
export async function getCart(db: Db, cartId: string, options: { stock?: boolean; lines?: CartLines } = {}): Promise<CartView> {
  if (options.stock !== false) return (await readCart(db, cartId, options.lines)).cart;
  return cartOf(cartId, options.lines ?? (await cartLinesOf(db, cartId)), null);
}

/** A cart's lines with their variants as read (oldest first), for getCart and readCart to build on without reading them again. */
export type CartLines = readonly LineWithVariant[];

/** A cart found for a request, with its lines as read in the same statement or just after. */
export interface FoundCart {
  id: string;
  lines: CartLines;
}

export async function cartLinesOf(db: Db, cartId: string): Promise<CartLines> {
  return linesWithVariants(db).execute({ cartId });
}

/**
 * An active, unexpired guest cart with its lines, in one statement (null when there is no
 * such cart): every step of a guest's checkout starts with both.
 */
export async function guestCartWithLines(db: Db, id: string, now: Date): Promise<FoundCart | null> {
  const rows = await activeGuestCartLines(db).execute({ id, now });
  if (rows.length === 0) return null;
  return { id: rows[0]!.cartId, lines: rows.flatMap(({ line, variant }) => (line ? [{ ...line, variant }] : [])) };
}

const activeGuestCartLines = builtOnce((db) =>
  db
    .select({ cartId: carts.id, line: getTableColumns(cartLines), variant: variantSummaryJson(sql`${cartLines}."variant_id"`) })
    .from(carts)
    .leftJoin(cartLines, eq(cartLines.cartId, carts.id))
    .where(isActiveGuestCart())
    .orderBy(asc(cartLines.createdAt), asc(cartLines.id))
    .prepare('active_guest_cart_lines'),
);

/** Each line of a cart with its variant, in one statement (built once: every checkout step reads it). */
const linesWithVariants = builtOnce((db) =>
  db
    .select({ ...getTableColumns(cartLines), variant: variantSummaryJson(sql`${cartLines}."variant_id"`) })
    .from(cartLines)
    .where(eq(cartLines.cartId, sql.placeholder('cartId')))
    .orderBy(asc(cartLines.createdAt), asc(cartLines.id))
    .prepare('cart_lines_with_variants'),
);

type LineWithVariant = Awaited<ReturnType<ReturnType<typeof linesWithVariants>['execute']>>[number];

/**
 * The cart, and the stock figures its lines' availability was read from, so the lines'
 * delivery promises can be worked out without reading them again.
 */
export async function readCart(db: Db, cartId: string, lines?: CartLines): Promise<CartRead> {
  const rows = lines ?? (await cartLinesOf(db, cartId));
  // Units this cart's checkout holds are the shopper's own: they must not read as sold out.
  const figures = await readStockFigures(db, rows.map((row) => row.variantId), checkoutHolder(cartId));
  return cartRead(cartId, rows, figures);
}

/** The cart its lines and stock figures make, when the caller has both already. */
export function cartRead(cartId: string, lines: CartLines, figures: StockFigures): CartRead {
  return { cart: cartOf(cartId, lines, figures), figures };
}

/** `figures` null: availability left out (null on every line). */
function cartOf(cartId: string, rows: readonly LineWithVariant[], figures: StockFigures | null): CartView {
  const lines = rows.map((row) => lineView(row, row.variant ?? undefined, figures ? availabilityFrom(figures, row.variantId) : undefined));
  return {
    id: cartId,
    lines,
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
    subtotalMinor: lines.reduce((sum, line) => sum + line.lineTotalMinor, 0),
    readyForCheckout: lines.length > 0 && lines.every((line) => line.issues.length === 0),
  };
}

/** Units in a cart, in one small query (the header badge asks on every page). */
export async function cartItemCount(db: Db, cartId: string): Promise<number> {
  const [row] = await db.select({ count: sql<number>`coalesce(sum(${cartLines.quantity}), 0)::int` }).from(cartLines).where(eq(cartLines.cartId, cartId));
  return row?.count ?? 0;
}
