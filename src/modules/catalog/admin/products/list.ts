// The admin's product list: every status, newest change first, searchable by title,
// handle or SKU (a plain substring match: merchants look for what they typed themselves).
import { and, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../../platform/db/database.ts';
import { PRODUCT_STATUSES, products, productVariants, type ProductStatus } from '../../schema.ts';
import { stockFigures } from './stock.ts';

export const PRODUCTS_PER_PAGE = 50;

export interface ProductListQuery {
  q: string;
  status: ProductStatus | '';
  page: number;
}

export interface ProductListRow {
  id: string;
  handle: string;
  title: string;
  status: ProductStatus;
  variantCount: number;
  priceMinMinor: number;
  priceMaxMinor: number;
  /** Units on hand over the counted variants; null when no variant's stock is counted. */
  onHand: number | null;
  updatedAt: Date;
}

export interface ProductListPage {
  rows: ProductListRow[];
  total: number;
  page: number;
  pageCount: number;
}

export const isProductStatus = (value: unknown): value is ProductStatus => (PRODUCT_STATUSES as readonly unknown[]).includes(value);

const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function filters(query: ProductListQuery): SQL | undefined {
  const parts: SQL[] = [];
  const term = query.q.trim();
  if (term) {
    const like = likePattern(term);
    parts.push(sql`(${products.title} ilike ${like} or ${products.handle} ilike ${like} or exists (
      select 1 from ${productVariants} where ${productVariants.productId} = ${products.id} and ${productVariants.sku} ilike ${like}))`);
  }
  if (query.status) parts.push(eq(products.status, query.status));
  return parts.length ? and(...parts) : undefined;
}

export async function listAdminProducts(db: Db, query: ProductListQuery): Promise<ProductListPage> {
  const where = filters(query);
  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(products).where(where);
  const pageCount = Math.max(1, Math.ceil(total / PRODUCTS_PER_PAGE));
  const page = Math.min(Math.max(1, query.page), pageCount);
  const found = await db
    .select({
      id: products.id,
      handle: products.handle,
      title: products.title,
      status: products.status,
      priceMinMinor: products.priceMinMinor,
      priceMaxMinor: products.priceMaxMinor,
      updatedAt: products.updatedAt,
    })
    .from(products)
    .where(where)
    .orderBy(desc(products.updatedAt), products.id)
    .limit(PRODUCTS_PER_PAGE)
    .offset((page - 1) * PRODUCTS_PER_PAGE);
  const variants = found.length
    ? await db
        .select({ id: productVariants.id, productId: productVariants.productId })
        .from(productVariants)
        .where(inArray(productVariants.productId, found.map((p) => p.id)))
    : [];
  const stock = await stockFigures(db, variants.map((v) => v.id));
  const rows = found.map((product): ProductListRow => {
    const own = variants.filter((v) => v.productId === product.id);
    const counted = own.map((v) => stock.get(v.id)?.onHand).filter((n): n is number => typeof n === 'number');
    return { ...product, variantCount: own.length, onHand: counted.length ? counted.reduce((a, b) => a + b, 0) : null };
  });
  return { rows, total, page, pageCount };
}
